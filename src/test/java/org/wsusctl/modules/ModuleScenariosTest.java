package org.wsusctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsusctl.contract.FixOutcome;
import org.wsusctl.remote.UnitResult;
import org.wsusctl.sim.SimScriptHost;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * Each module against the simulator's model, through the wire format but without a transport: the facts its
 * sections print, its verdict, the fix it plans from those facts, the fix's outcome and the server's record of
 * changes, then the verdict again and a second fix that must change nothing.
 */
class ModuleScenariosTest {
    private SimScriptHost host;
    private SimWire wire;

    private void server(Map<String, Object> simulate) {
        host = new WsusModelFactory().create("wsus01.lab.example", simulate, null);
        wire = new SimWire(host);
    }

    private Verdict check(CheckModule m, ModuleArgs a) {
        return m.evaluate(a, wire.gather(m.facts(a)));
    }

    /**
     * Runs the module's fixes as apply does: the earliest phase planned from fresh facts, then facts again, until
     * nothing more is planned (or a phase was tried already); the last fix's result.
     */
    private UnitResult.Fix fix(CheckModule m, ModuleArgs a) {
        UnitResult.Fix last = null;
        java.util.Set<Phase> tried = new java.util.HashSet<>();
        while (true) {
            List<FixPlan> plans = m.plan(a, wire.gather(m.facts(a))).stream()
                    .filter(p -> !tried.contains(p.phase())).toList();
            if (plans.isEmpty()) {
                break;
            }
            Phase first = plans.stream().map(FixPlan::phase).min(Phase::compareTo).orElseThrow();
            tried.add(first);
            for (FixPlan p : plans.stream().filter(p -> p.phase() == first).toList()) {
                last = assertInstanceOf(UnitResult.Fix.class, wire.run(p.call()), m.name() + " fix");
            }
        }
        assertNotNull(last, m.name() + " planned no fix");
        return last;
    }

    /** The cycle every fixable module must pass. */
    private void driftFixOkIdempotent(String module, ModuleArgs a) {
        CheckModule m = (CheckModule) TestArgs.module(module);
        Verdict before = check(m, a);
        assertEquals(Verdict.Kind.DRIFT, before.kind(), module + " check: " + before.message());
        int changes = host.changes().size();
        UnitResult.Fix f = fix(m, a);
        assertEquals(FixOutcome.CHANGED, f.outcome(), module + " fix: " + m.describeFix(f));
        assertTrue(host.changes().size() > changes, module + " fix recorded no change");
        Verdict after = check(m, a);
        assertEquals(Verdict.Kind.OK, after.kind(), module + " re-check: " + after.message());
        int settled = host.changes().size();
        List<FixPlan> again = m.plan(a, wire.gather(m.facts(a)));
        for (FixPlan p : again) {
            UnitResult.Fix second = assertInstanceOf(UnitResult.Fix.class, wire.run(p.call()));
            assertEquals(FixOutcome.UNCHANGED, second.outcome(), module + " second fix: " + m.describeFix(second));
        }
        assertEquals(settled, host.changes().size(), module + " second fix changed the server");
    }

    @Test
    void privateMemoryAtTheWsusDefaultIsRaisedToTheTarget() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 1843200))));
        CheckModule m = (CheckModule) TestArgs.module("iis.apppool.private_memory");
        driftFixOkIdempotent(m.name(), TestArgs.of(m));
        assertEquals(4000000L, check(m, TestArgs.of(m)).observed().get("privateMemoryKb"));
        assertEquals("iis.apppool.private_memory.fix", host.changes().get(0).scriptId());
    }

    @Test
    void privateMemoryTargetIsNeverBelowTheMinimum() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 1843200))));
        CheckModule m = (CheckModule) TestArgs.module("iis.apppool.private_memory");
        ModuleArgs a = TestArgs.of(m, "minimum_kb", 8000000L);
        fix(m, a);
        assertEquals(8000000L, check(m, a).observed().get("privateMemoryKb"));
    }

    @Test
    void aHigherLimitIsNeverLoweredAndUnlimitedStaysUnlimited() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 9000000),
                "Other", Map.of("private_memory_kb", 0))));
        CheckModule m = (CheckModule) TestArgs.module("iis.apppool.private_memory");
        for (String pool : List.of("WsusPool", "Other")) {
            ModuleArgs a = TestArgs.of(m, "pool", pool);
            assertEquals(Verdict.Kind.OK, check(m, a).kind(), pool);
            // Run the fix even though nothing drifted: its own guard must refuse to lower or to limit.
            UnitResult.Fix f = fix(m, a);
            assertEquals(FixOutcome.UNCHANGED, f.outcome(), pool);
        }
        assertEquals(9000000L, check(m, TestArgs.of(m)).observed().get("privateMemoryKb"));
        assertEquals(0L, check(m, TestArgs.of(m, "pool", "Other")).observed().get("privateMemoryKb"));
        assertEquals(List.of(), host.changes());
    }

    @Test
    void untunedPoolSettingsAreTunedWithoutTouchingRapidFail() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("queue_length", 1000, "idle_timeout_min", 20, "pinging", true,
                "periodic_restart_min", 1740, "virtual_memory_kb", 500000))));
        CheckModule m = (CheckModule) TestArgs.module("iis.apppool.settings");
        driftFixOkIdempotent(m.name(), TestArgs.of(m));
        Map<String, Object> after = host.changes().get(0).after();
        assertEquals("00:00:00", after.get("recycling.periodicRestart.time"));
        assertFalse(after.containsKey("failure.rapidFailProtection"), "rapid fail left alone by default");
        assertEquals(true, check(m, TestArgs.of(m)).observed().get("rapidFailProtection"));
    }

    @Test
    void rapidFailIsDisabledOnlyWhenTheStepAsksForIt() {
        server(Map.of());
        CheckModule m = (CheckModule) TestArgs.module("iis.apppool.settings");
        assertEquals(Verdict.Kind.OK, check(m, TestArgs.of(m)).kind());
        driftFixOkIdempotent(m.name(), TestArgs.of(m, "rapid_fail", "disable"));
    }

    @Test
    void aStoppedPoolIsStartedAndTheWebServiceRecovers() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped"))));
        CheckModule http = (CheckModule) TestArgs.module("http.status");
        Verdict down = check(http, TestArgs.of(http));
        assertEquals(Verdict.Kind.DRIFT, down.kind());
        assertEquals(503L, down.observed().get("status"));
        driftFixOkIdempotent("iis.apppool.state", TestArgs.of(TestArgs.module("iis.apppool.state")));
        assertEquals(Verdict.Kind.OK, check(http, TestArgs.of(http)).kind());
    }

    @Test
    void aPoolThatOutgrowsItsLimitStopsAgainUntilTheLimitIsRaised() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped", "private_memory_kb", 1843200,
                "demand_kb", 2500000))));
        CheckModule state = (CheckModule) TestArgs.module("iis.apppool.state");
        ModuleArgs a = TestArgs.of(state);
        UnitResult.Fix first = fix(state, a);
        assertEquals(FixOutcome.FAILED, first.outcome(), state.describeFix(first));
        assertEquals("crashed_after_start", first.reason());
        assertTrue(first.detail().contains("WAS 5002"), first.detail());
        assertEquals(List.of(), host.changes(), "a start that did not hold is no change");
        CheckModule mem = (CheckModule) TestArgs.module("iis.apppool.private_memory");
        fix(mem, TestArgs.of(mem));
        assertEquals(FixOutcome.CHANGED, fix(state, a).outcome());
        ActionModule recycle = (ActionModule) TestArgs.module("iis.apppool.recycle");
        UnitResult.Fix r = assertInstanceOf(UnitResult.Fix.class, wire.run(recycle.action(TestArgs.of(recycle))));
        assertEquals(FixOutcome.CHANGED, r.outcome());
        assertEquals(Verdict.Kind.OK, check(state, a).kind());
    }

    @Test
    void stoppedServicesStartInDependencyOrderWithWsusServiceInItsOwnPhase() {
        server(Map.of("services", Map.of("WsusService", "Stopped", "WAS", "Stopped", "MSSQL$MICROSOFT##WID", "Stopped")));
        CheckModule m = (CheckModule) TestArgs.module("wsus.services");
        ModuleArgs a = TestArgs.of(m);
        List<FixPlan> plans = m.plan(a, wire.gather(m.facts(a)));
        assertEquals(List.of(Phase.SERVICES), plans.stream().map(FixPlan::phase).toList(),
                "WsusService waits for its SQL engine");
        assertEquals(List.of("MSSQL$MICROSOFT##WID", "WAS", "W3SVC"), plans.get(0).call().args().get("names"));
        driftFixOkIdempotent(m.name(), a);
        List<String> order = host.changes().stream().map(c -> c.what()).toList();
        assertEquals(List.of("service MSSQL$MICROSOFT##WID started", "service WAS started", "service W3SVC started",
                "service WsusService started"), order);
    }

    @Test
    void aDisabledSqlServiceIsLeftToTheOperatorAndWsusServiceCannotStartWithoutIt() {
        server(Map.of("sql", Map.of("flavour", "named"), "services", Map.of("WsusService", "Stopped", "MSSQL$WSUS", "Disabled")));
        CheckModule m = (CheckModule) TestArgs.module("wsus.services");
        ModuleArgs a = TestArgs.of(m);
        Verdict c = check(m, a);
        assertEquals(Verdict.Kind.DRIFT, c.kind());
        assertTrue(c.message().contains("disabled (left to the operator): MSSQL$WSUS"), c.message());
        assertEquals(false, c.conditions().get(new Condition.ServiceUp(ServiceRole.SQL)));
        List<FixPlan> plans = m.plan(a, wire.gather(m.facts(a)));
        assertEquals(List.of(), plans, "neither the Disabled SQL engine nor WsusService, which cannot run without it");
        // Had it been started anyway, WsusService stops again without its database (event 507) within the soak:
        // never 'changed'.
        UnitResult.Fix f = assertInstanceOf(UnitResult.Fix.class, wire.run(new org.wsusctl.remote.ScriptCall<>(
                m.fixScripts().get(0), Map.of("names", List.of("WsusService"), "soak_seconds", 15))));
        assertEquals(FixOutcome.FAILED, f.outcome(), m.describeFix(f));
        assertEquals("WsusService (event 507)", f.detail());
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
        ModuleArgs alice = TestArgs.of(m, "login", "LAB\\alice");
        Verdict c = check(m, alice);
        assertEquals(Verdict.Kind.OK, c.kind(), c.message());
        assertTrue(c.message().contains("through a Windows group"));
        assertEquals(FixOutcome.UNCHANGED, fix(m, alice).outcome());
        assertEquals(Verdict.Kind.DRIFT, check(m, TestArgs.of(m, "login", "LAB\\bob")).kind());
    }

    @Test
    void theCallersLoginFormIsNullWhenItIsSysadminOnlyThroughAGroupAndTheTokenDecides() {
        server(Map.of());
        CheckModule m = (CheckModule) TestArgs.module("sql.sysadmin");
        ModuleArgs a = TestArgs.of(m);
        org.wsusctl.contract.Facts sql = ((SectionResult.Gathered) wire.gather(m.facts(a)).result(
                new FactRequest(org.wsusctl.contract.SqlFacts.SECTION, Map.of("login", "")))).facts();
        assertEquals(null, sql.get(org.wsusctl.contract.SqlFacts.LOGIN_DIRECT),
                "IS_SRVROLEMEMBER with a Windows login that has no principal of its own is NULL");
        assertEquals(1L, sql.get(org.wsusctl.contract.SqlFacts.CALLER_IS_SYSADMIN), "the token sees the group");
        assertEquals(Verdict.Kind.OK, check(m, a).kind());
    }

    @Test
    void anUnreachableDirectoryMakesTheSetupAccountUndecidedAndTheFixNeverGrants() {
        server(Map.of("sql", Map.of("sysadmins", List.of("BUILTIN\\Administrators", "LAB\\WSUS Admins"),
                "members", Map.of("BUILTIN\\Administrators", List.of("LAB\\wsusadmin"),
                        "LAB\\WSUS Admins", List.of("LAB\\wsussetup")), "ad_lookup_fails", true)));
        CheckModule m = (CheckModule) TestArgs.module("sql.sysadmin");
        ModuleArgs a = TestArgs.of(m, "login", "LAB\\wsussetup");
        Verdict v = check(m, a);
        assertEquals(Verdict.Kind.UNDECIDED, v.kind(), "never 'not sysadmin' when the directory did not answer");
        assertTrue(v.message().contains("15404"), v.message());
        // Even run directly, the fix's guard stops at the failed lookup: it never creates a login for someone
        // who may already be sysadmin through a group.
        UnitResult r = wire.run(m.plan(a, wire.gather(m.facts(a))).get(0).call());
        assertInstanceOf(UnitResult.Error.class, r);
        assertEquals(List.of(), host.changes());
    }

    @Test
    void aCallerWithoutSysadminCanNeitherJudgeOthersNorGrant() {
        server(Map.of("sql", Map.of("flavour", "default", "sysadmins", List.of("LAB\\dba"), "members", Map.of())));
        CheckModule m = (CheckModule) TestArgs.module("sql.sysadmin");
        Verdict self = check(m, TestArgs.of(m));
        assertEquals(Verdict.Kind.DRIFT, self.kind(), self.message());
        assertEquals("LAB\\wsusadmin", self.observed().get("login"));
        assertEquals(Verdict.Kind.UNDECIDED, check(m, TestArgs.of(m, "login", "LAB\\other")).kind());
        UnitResult r = wire.run(m.plan(TestArgs.of(m), wire.gather(m.facts(TestArgs.of(m)))).get(0).call());
        UnitResult.Error e = assertInstanceOf(UnitResult.Error.class, r, "the fix stops at xp_logininfo, never grants");
        assertTrue(e.message().contains("permission"), e.message());
        assertEquals(List.of(), host.changes());
    }

    @Test
    void reportOnlyModulesDriftOnTheirSymptoms() {
        server(Map.of("sync", Map.of("last_result", "Failed", "hours_ago", 30),
                "clients", Map.of("total", 40, "stale", 12, "stale_offline", 5, "stale_dns_missing", 2, "never_reported", 1)));
        CheckModule sync = (CheckModule) TestArgs.module("wsus.sync");
        Verdict s = check(sync, TestArgs.of(sync));
        assertEquals(Verdict.Kind.DRIFT, s.kind());
        assertTrue(s.message().contains("503"), s.message());
        assertEquals(30L, s.observed().get("ageHours"), "measured on the host's clock");
        CheckModule clients = (CheckModule) TestArgs.module("wsus.clients.not_reporting");
        Verdict c = check(clients, TestArgs.of(clients, "max_probe", 10L));
        assertEquals(Verdict.Kind.DRIFT, c.kind());
        assertEquals(12L, c.observed().get("stale"));
        assertEquals(10L, c.observed().get("probed"));
        assertEquals(Map.of("never_reported", 1L, "dns_missing", 2L, "offline", 5L, "reachable_not_reporting", 2L),
                c.observed().get("byClass"));
        assertTrue(c.message().contains("over 20%"), "30% stale suggests a server-side cause: " + c.message());
        CheckModule logs = (CheckModule) TestArgs.module("evidence.logs");
        Verdict l = check(logs, TestArgs.of(logs, "max_bytes", 300L));
        assertEquals(Verdict.Kind.OK, l.kind());
        assertTrue(String.valueOf(l.observed().get("logTail")).contains("Failed"), l.observed().toString());
    }

    @Test
    void theApiIsUnreadableWhileThePoolIsDown() {
        server(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped"))));
        CheckModule sync = (CheckModule) TestArgs.module("wsus.sync");
        Verdict s = check(sync, TestArgs.of(sync));
        assertEquals(Verdict.Kind.UNREADABLE, s.kind());
        assertTrue(s.message().contains("503"));
        assertTrue(sync.requires(TestArgs.of(sync)).contains(new Condition.PoolStarted("WsusPool")),
                "so the engine can name the pool as the cause");
        CheckModule logs = (CheckModule) TestArgs.module("evidence.logs");
        assertTrue(String.valueOf(check(logs, TestArgs.of(logs)).observed().get("eventErrors")).contains("5002"));
    }

    @Test
    void iisResetBringsIisBack() {
        server(Map.of("services", Map.of("W3SVC", "Stopped")));
        ActionModule reset = (ActionModule) TestArgs.module("iis.reset");
        assertEquals(FixPolicy.APPROVAL, reset.fixPolicy());
        UnitResult.Fix f = assertInstanceOf(UnitResult.Fix.class, wire.run(reset.action(TestArgs.of(reset))));
        assertEquals(FixOutcome.CHANGED, f.outcome());
        assertEquals("Running", f.after().get("W3SVC"));
        CheckModule http = (CheckModule) TestArgs.module("http.status");
        assertEquals(Verdict.Kind.OK, check(http, TestArgs.of(http)).kind());
    }

    @Test
    void anIisResetThatCannotStartW3svcFailsByItsExitCode() {
        server(Map.of("services", Map.of("W3SVC", "Failing")));
        ActionModule reset = (ActionModule) TestArgs.module("iis.reset");
        UnitResult.Fix f = assertInstanceOf(UnitResult.Fix.class, wire.run(reset.action(TestArgs.of(reset))),
                "a result, not iisreset's stderr as a script error");
        assertEquals(FixOutcome.FAILED, f.outcome());
        assertEquals("exit_code", f.reason());
        assertEquals("Stopped", f.after().get("W3SVC"), "iisreset leaves what it could not start stopped");
    }

    @Test
    void everySectionOfAHealthyServerConformsToItsDeclaredShape() {
        server(Map.of());
        for (WsusModule w : ModuleRegistry.builtIn().all()) {
            if (w instanceof CheckModule m) {
                ModuleArgs a = TestArgs.of(m, m.args().stream().anyMatch(x -> x.name().equals("name"))
                        ? new Object[] {"name", "WsusService"} : new Object[0]);
                Verdict v = check(m, a);
                assertNotNull(v, m.name());
                assertTrue(v.kind() == Verdict.Kind.OK, m.name() + " on a healthy server: " + v.message());
            }
        }
    }
}
