package org.wsusctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsusctl.remote.UnitResult;
import org.wsusctl.sim.SimScriptHost;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * Each fixable module against the simulator, through the wire format: check drifts, fix changes (and the
 * server records it), check is ok, a second fix is unchanged and records nothing.
 */
class ModuleScenariosTest {
    private SimScriptHost host;
    private SimWire wire;

    private void server(Map<String, Object> simulate) {
        host = new WsusModelFactory().create("wsus01.lab.example", simulate, null);
        wire = new SimWire(host);
    }

    private UnitResult.Check check(CheckModule m, ModuleArgs a) {
        return assertInstanceOf(UnitResult.Check.class, wire.run(m.check(a)));
    }

    private UnitResult.Fix fix(CheckModule m, ModuleArgs a, UnitResult.Check observed) {
        return assertInstanceOf(UnitResult.Fix.class, wire.run(m.fix(a, observed).orElseThrow()));
    }

    /** The cycle every fixable module must pass. */
    private void driftFixOkIdempotent(String module, ModuleArgs a) {
        CheckModule m = (CheckModule) TestArgs.module(module);
        UnitResult.Check before = check(m, a);
        assertEquals("drift", before.status(), module + " check: " + before.message());
        int changes = host.changes().size();
        UnitResult.Fix f = fix(m, a, before);
        assertEquals("changed", f.action(), module + " fix: " + f.message());
        assertTrue(host.changes().size() > changes, module + " fix recorded no change");
        UnitResult.Check after = check(m, a);
        assertEquals("ok", after.status(), module + " re-check: " + after.message());
        int settled = host.changes().size();
        UnitResult.Fix again = fix(m, a, after);
        assertEquals("unchanged", again.action(), module + " second fix: " + again.message());
        assertEquals(settled, host.changes().size(), module + " second fix changed the server");
    }

    @Test
    void privateMemoryAtTheWsusDefaultIsRaisedToTheTarget() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 1843200))));
        WsusModule m = TestArgs.module("iis.apppool.private_memory");
        driftFixOkIdempotent(m.name(), TestArgs.of(m));
        UnitResult.Check now = check((CheckModule) m, TestArgs.of(m));
        assertEquals(4000000L, ((Number) now.observed().get("privateMemoryKb")).longValue());
        assertEquals("iis.apppool.private_memory.fix", host.changes().get(0).scriptId());
    }

    @Test
    void privateMemoryTargetIsNeverBelowTheMinimum() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 1843200))));
        CheckModule m = (CheckModule) TestArgs.module("iis.apppool.private_memory");
        ModuleArgs a = TestArgs.of(m, "minimum_kb", 8000000L);
        fix(m, a, check(m, a));
        assertEquals(8000000L, ((Number) check(m, a).observed().get("privateMemoryKb")).longValue());
    }

    @Test
    void aHigherLimitIsNeverLoweredAndUnlimitedStaysUnlimited() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 9000000),
                "Other", Map.of("private_memory_kb", 0))));
        CheckModule m = (CheckModule) TestArgs.module("iis.apppool.private_memory");
        for (String pool : List.of("WsusPool", "Other")) {
            ModuleArgs a = TestArgs.of(m, "pool", pool);
            UnitResult.Check c = check(m, a);
            assertEquals("ok", c.status(), pool);
            assertEquals("unchanged", fix(m, a, c).action(), pool);
        }
        assertEquals(9000000L, ((Number) check(m, TestArgs.of(m)).observed().get("privateMemoryKb")).longValue());
        assertEquals(0L, ((Number) check(m, TestArgs.of(m, "pool", "Other")).observed().get("privateMemoryKb")).longValue());
        assertEquals(List.of(), host.changes());
    }

    @Test
    void untunedPoolSettingsAreTunedWithoutTouchingRapidFail() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("queue_length", 1000, "idle_timeout_min", 20, "pinging", true,
                "periodic_restart_min", 1740, "virtual_memory_kb", 500000))));
        WsusModule m = TestArgs.module("iis.apppool.settings");
        driftFixOkIdempotent(m.name(), TestArgs.of(m));
        Map<String, Object> after = host.changes().get(0).after();
        assertEquals("00:00:00", after.get("recycling.periodicRestart.time"));
        assertTrue(!after.containsKey("failure.rapidFailProtection"), "rapid fail left alone by default");
        assertEquals(true, check((CheckModule) m, TestArgs.of(m)).observed().get("rapidFailProtection"));
    }

    @Test
    void rapidFailIsDisabledOnlyWhenTheStepAsksForIt() {
        server(Map.of());
        WsusModule m = TestArgs.module("iis.apppool.settings");
        driftFixOkIdempotent(m.name(), TestArgs.of(m, "rapid_fail", "disable"));
    }

    @Test
    void aStoppedPoolIsStartedAndTheWebServiceRecovers() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped"))));
        CheckModule http = (CheckModule) TestArgs.module("http.status");
        UnitResult.Check down = check(http, TestArgs.of(http));
        assertEquals("drift", down.status());
        assertEquals(503, ((Number) down.observed().get("status")).intValue());
        driftFixOkIdempotent("iis.apppool.state", TestArgs.of(TestArgs.module("iis.apppool.state")));
        assertEquals("ok", check(http, TestArgs.of(http)).status());
    }

    @Test
    void aPoolThatOutgrowsItsLimitStopsAgainUntilTheLimitIsRaised() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped", "private_memory_kb", 1843200,
                "demand_kb", 2500000))));
        CheckModule state = (CheckModule) TestArgs.module("iis.apppool.state");
        ModuleArgs a = TestArgs.of(state);
        UnitResult.Fix first = fix(state, a, check(state, a));
        assertEquals("failed", first.action(), first.message());
        assertEquals(List.of(), host.changes(), "a start that did not hold is no change");
        CheckModule mem = (CheckModule) TestArgs.module("iis.apppool.private_memory");
        fix(mem, TestArgs.of(mem), check(mem, TestArgs.of(mem)));
        assertEquals("changed", fix(state, a, check(state, a)).action());
        ActionModule recycle = (ActionModule) TestArgs.module("iis.apppool.recycle");
        UnitResult.Fix r = assertInstanceOf(UnitResult.Fix.class, wire.run(recycle.action(TestArgs.of(recycle))));
        assertEquals("changed", r.action());
        assertEquals("ok", check(state, a).status());
    }

    @Test
    void stoppedServicesStartInDependencyOrder() {
        server(Map.of("services", Map.of("WsusService", "Stopped", "WAS", "Stopped", "MSSQL$MICROSOFT##WID", "Stopped")));
        WsusModule m = TestArgs.module("wsus.services");
        driftFixOkIdempotent(m.name(), TestArgs.of(m));
        List<String> order = host.changes().stream().map(c -> c.what()).toList();
        assertEquals(List.of("service MSSQL$MICROSOFT##WID started", "service WAS started", "service W3SVC started",
                "service WsusService started"), order);
    }

    @Test
    void wsusServiceCannotStartWhileItsSqlServiceIsDown() {
        server(Map.of("sql", Map.of("flavour", "named"), "services", Map.of("WsusService", "Stopped", "MSSQL$WSUS", "Disabled")));
        CheckModule m = (CheckModule) TestArgs.module("wsus.services");
        UnitResult.Check c = check(m, TestArgs.of(m));
        assertEquals("drift", c.status());
        assertEquals("MSSQL$WSUS", c.observed().get("sqlService"));
        UnitResult.Fix f = fix(m, TestArgs.of(m), c);
        assertEquals("failed", f.action(), f.message());
        assertTrue(f.message().contains("disabled, skipped: MSSQL$WSUS"), f.message());
        assertEquals(List.of(), host.changes());

        CheckModule one = (CheckModule) TestArgs.module("service.running");
        ModuleArgs a = TestArgs.of(one, "name", "WsusService");
        assertEquals("failed", fix(one, a, check(one, a)).action());
    }

    @Test
    void serviceRunningStartsOneServiceAndItsDependency() {
        server(Map.of("services", Map.of("WAS", "Stopped")));
        WsusModule m = TestArgs.module("service.running");
        driftFixOkIdempotent(m.name(), TestArgs.of(m, "name", "W3SVC"));
        assertEquals(2, host.changes().size(), "WAS started first, then W3SVC");
    }

    @Test
    void sysadminIsGrantedToTheSetupAccountWithApproval() {
        server(Map.of("sql", Map.of("flavour", "default")));
        WsusModule m = TestArgs.module("sql.sysadmin");
        assertEquals(FixPolicy.APPROVAL, m.fixPolicy());
        driftFixOkIdempotent(m.name(), TestArgs.of(m, "login", "LAB\\wsussetup"));
    }

    @Test
    void sysadminThroughAGroupCounts() {
        server(Map.of("sql", Map.of("sysadmins", List.of("BUILTIN\\Administrators", "LAB\\WSUS Admins"),
                "members", Map.of("BUILTIN\\Administrators", List.of("LAB\\wsusadmin"),
                        "LAB\\WSUS Admins", List.of("LAB\\alice")))));
        CheckModule m = (CheckModule) TestArgs.module("sql.sysadmin");
        UnitResult.Check c = check(m, TestArgs.of(m, "login", "LAB\\alice"));
        assertEquals("ok", c.status(), c.message());
        assertTrue(c.message().contains("through a Windows group"));
        assertEquals("unchanged", fix(m, TestArgs.of(m, "login", "LAB\\alice"), c).action());
        assertEquals("drift", check(m, TestArgs.of(m, "login", "LAB\\bob")).status());
    }

    @Test
    void aCallerWithoutSysadminCanNeitherJudgeOthersNorGrant() {
        server(Map.of("sql", Map.of("flavour", "default", "sysadmins", List.of("LAB\\dba"), "members", Map.of())));
        CheckModule m = (CheckModule) TestArgs.module("sql.sysadmin");
        UnitResult.Check self = check(m, TestArgs.of(m));
        assertEquals("drift", self.status(), self.message());
        assertEquals("LAB\\wsusadmin", self.observed().get("login"));
        assertEquals("unknown", check(m, TestArgs.of(m, "login", "LAB\\other")).status());
        UnitResult.Fix f = fix(m, TestArgs.of(m), self);
        assertEquals("failed", f.action());
        assertTrue(f.message().contains("permission"), f.message());
        assertEquals(List.of(), host.changes());
    }

    @Test
    void reportOnlyModulesDriftOnTheirSymptoms() {
        server(Map.of("sync", Map.of("last_result", "Failed", "hours_ago", 30),
                "clients", Map.of("total", 40, "stale", 12, "stale_offline", 5, "stale_dns_missing", 2, "never_reported", 1)));
        CheckModule sync = (CheckModule) TestArgs.module("wsus.sync");
        UnitResult.Check s = check(sync, TestArgs.of(sync));
        assertEquals("drift", s.status());
        assertTrue(s.message().contains("503"), s.message());
        CheckModule clients = (CheckModule) TestArgs.module("wsus.clients.not_reporting");
        UnitResult.Check c = check(clients, TestArgs.of(clients, "max_probe", 10L));
        assertEquals("drift", c.status());
        assertEquals(12L, ((Number) c.observed().get("stale")).longValue());
        assertEquals(10L, ((Number) c.observed().get("probed")).longValue());
        assertEquals(Map.of("never_reported", 1, "dns_missing", 2, "offline", 5, "reachable_not_reporting", 2),
                c.observed().get("byClass"));
        assertEquals("medium", c.severity(), "30% stale suggests a server-side cause");
        CheckModule logs = (CheckModule) TestArgs.module("evidence.logs");
        UnitResult.Check l = check(logs, TestArgs.of(logs, "max_bytes", 300L));
        assertEquals("ok", l.status());
        assertTrue(String.valueOf(l.observed().get("logTail")).contains("Failed"), l.observed().toString());
    }

    @Test
    void theApiIsUnreachableWhileThePoolIsDown() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped"))));
        CheckModule sync = (CheckModule) TestArgs.module("wsus.sync");
        UnitResult.Check s = check(sync, TestArgs.of(sync));
        assertEquals("error", s.status());
        assertTrue(s.message().contains("503"));
        CheckModule logs = (CheckModule) TestArgs.module("evidence.logs");
        assertTrue(String.valueOf(check(logs, TestArgs.of(logs)).observed().get("eventErrors")).contains("5002"));
    }

    @Test
    void iisResetBringsIisBack() {
        server(Map.of("services", Map.of("W3SVC", "Stopped")));
        ActionModule reset = (ActionModule) TestArgs.module("iis.reset");
        assertEquals(FixPolicy.APPROVAL, reset.fixPolicy());
        UnitResult.Fix f = assertInstanceOf(UnitResult.Fix.class, wire.run(reset.action(TestArgs.of(reset))));
        assertEquals("changed", f.action());
        assertEquals("Running", f.after().get("W3SVC"));
        CheckModule http = (CheckModule) TestArgs.module("http.status");
        assertEquals("ok", check(http, TestArgs.of(http)).status());
    }
}
