package org.wsusctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wsusctl.contract.ApiFacts;
import org.wsusctl.contract.ConfigMgrFacts;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.FactsBuilder;
import org.wsusctl.contract.FixOutcome;
import org.wsusctl.contract.HealthFacts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.HttpFacts;
import org.wsusctl.contract.MalformedFactsException;
import org.wsusctl.contract.ServiceFacts;
import org.wsusctl.contract.SiteFacts;
import org.wsusctl.contract.SusdbFacts;
import org.wsusctl.contract.SyncFacts;
import org.wsusctl.remote.UnitResult;
import org.wsusctl.report.Change;

/**
 * Issue 11 item 8's verdicts from facts alone, no simulator, no transport: the WSUS site and its bindings, Selfupdate,
 * SUSDB, the health monitor's events and the approval-gated sync with its ConfigMgr guard, including facts the
 * simulator never produces (an IPv6 binding, a site state IIS could not read, SINGLE_USER, a remote SQL Server the
 * session cannot reach, a checkhealth that timed out, a ConfigMgr registry that could not be read).
 */
class CatalogChecksEvaluationTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Map<FactRequest, SectionResult> facts = new LinkedHashMap<>();

    private void put(FactRequest r, Map<String, Object> values) {
        try {
            facts.put(r, new SectionResult.Gathered(Facts.of(r.section().shape(), values), NOW));
        } catch (MalformedFactsException e) {
            throw new AssertionError(e);
        }
    }

    private CheckModule module(String name) {
        return (CheckModule) TestArgs.module(name);
    }

    private Verdict evaluate(String name, Object... args) {
        CheckModule m = module(name);
        return m.evaluate(TestArgs.of(m, args), new FactSet(facts));
    }

    private List<FixPlan> plan(String name, Object... args) {
        CheckModule m = module(name);
        return m.plan(TestArgs.of(m, args), new FactSet(facts));
    }

    private void host(String sqlServerName, long port, boolean ssl) {
        put(WsusServices.HOST, new FactsBuilder(HostFacts.SECTION.shape()).put(HostFacts.INSTALLED, true)
                .put(HostFacts.PORT_NUMBER, port).put(HostFacts.USING_SSL, ssl)
                .put(HostFacts.SQL_SERVER_NAME, sqlServerName).put(HostFacts.SQL_DATABASE_NAME, "SUSDB")
                .put(HostFacts.SITE_INDEX, 2L).put(HostFacts.COMPUTER_NAME, "WSUS01")
                .put(HostFacts.FQDN, "wsus01.corp.example").put(HostFacts.RAM_KB, 8_000_000L).build());
    }

    private void notInstalled() {
        put(WsusServices.HOST, new FactsBuilder(HostFacts.SECTION.shape()).put(HostFacts.INSTALLED, false)
                .put(HostFacts.PORT_NUMBER, null).put(HostFacts.USING_SSL, null).put(HostFacts.SQL_SERVER_NAME, null)
                .put(HostFacts.SQL_DATABASE_NAME, null).put(HostFacts.SITE_INDEX, null)
                .put(HostFacts.COMPUTER_NAME, "WSUS01").put(HostFacts.FQDN, null).put(HostFacts.RAM_KB, null).build());
    }

    private void site(boolean exists, String state, String stateError, List<String> bindings, Boolean selfupdate) {
        put(SiteState.SITE, new FactsBuilder(SiteFacts.SECTION.shape()).put(SiteFacts.EXISTS, exists)
                .put(SiteFacts.NAME, exists ? "WSUS Administration" : null).put(SiteFacts.STATE, state)
                .put(SiteFacts.STATE_ERROR, stateError).put(SiteFacts.BINDINGS, bindings)
                .put(SiteFacts.SELFUPDATE_EXISTS, selfupdate)
                .put(SiteFacts.SELFUPDATE_PATH, Boolean.TRUE.equals(selfupdate) ? "C:\\WSUS\\Selfupdate" : null).build());
    }

    private static final List<String> DEFAULT_BINDINGS = List.of("http *:8530:", "https *:8531:");
    private static final Condition SITE = new Condition.SiteStarted();
    private static final Condition SUSDB = new Condition.SusdbOnline();

    @Test
    void aStartedSiteOnItsPortEstablishesTheSite() {
        host("MICROSOFT##WID", 8530, false);
        site(true, "Started", null, DEFAULT_BINDINGS, true);
        Verdict v = evaluate("iis.site.state");
        assertEquals(Verdict.Kind.OK, v.kind(), v.message());
        assertEquals(true, v.conditions().get(SITE));
        assertEquals("WSUS Administration", v.observed().get("site"));
        assertEquals(List.of(), plan("iis.site.state"));
    }

    @Test
    void aStoppedSiteIsDriftItsStartIsPlannedInTheSitePhase() {
        host("MICROSOFT##WID", 8530, false);
        site(true, "Stopped", null, DEFAULT_BINDINGS, true);
        Verdict v = evaluate("iis.site.state");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertEquals(false, v.conditions().get(SITE));
        assertTrue(v.message().contains("nothing answers on port 8530"), v.message());
        List<FixPlan> plans = plan("iis.site.state");
        assertEquals(List.of(Phase.SITE), plans.stream().map(FixPlan::phase).toList());
        assertEquals("iis.site.state.fix", plans.get(0).call().script().id());
        assertEquals(Set.of(Phase.SITE), module("iis.site.state").fixPhases());
    }

    @Test
    void aMissingBindingIsReportedNeverFixedAndTheWebIsNotServed() {
        host("MICROSOFT##WID", 8530, false);
        site(true, "Started", null, List.of("http *:80:"), true);
        Verdict v = evaluate("iis.site.state");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertTrue(v.message().contains("no http binding on port 8530") && v.message().contains("never changes"),
                v.message());
        assertEquals(false, v.conditions().get(SITE), "nothing answers on the WSUS port");
        assertEquals(List.of(), plan("iis.site.state"), "bindings are never changed");
    }

    @Test
    void withSslTheHttpsBindingIsExpectedOnTheNextPortOr443NextTo80() {
        host("MICROSOFT##WID", 8530, true);
        site(true, "Started", null, List.of("http *:8530:"), true);
        Verdict v = evaluate("iis.site.state");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertTrue(v.message().contains("no https binding on port 8531"), v.message());
        assertEquals(true, v.conditions().get(SITE), "plain HTTP is still served");
        host("MICROSOFT##WID", 80, true);
        site(true, "Started", null, List.of("http *:80:", "https [::]:443:", "http 10.0.0.5:8080:wsus.corp"), true);
        assertEquals(Verdict.Kind.OK, evaluate("iis.site.state").kind(), "Default Web Site: 80 and 443; IPv6 parsed");
        assertEquals(443, WsusPorts.sslPort(80));
        assertEquals(8531, WsusPorts.sslPort(8530));
    }

    @Test
    void aStateIisCouldNotReadIsUnreadableAndEstablishesNothing() {
        host("MICROSOFT##WID", 8530, false);
        site(true, null, "The object identifier does not represent a valid object. (0x800710D8)", DEFAULT_BINDINGS, true);
        Verdict v = evaluate("iis.site.state");
        assertEquals(Verdict.Kind.UNREADABLE, v.kind());
        assertTrue(v.message().contains("0x800710D8"), v.message());
        assertTrue(v.conditions().isEmpty());
        assertEquals(List.of(), plan("iis.site.state"));
        assertTrue(module("iis.site.state").requires(TestArgs.of(module("iis.site.state"))).containsAll(List.of(
                new Condition.ServiceUp(ServiceRole.WAS), new Condition.ServiceUp(ServiceRole.W3SVC))),
                "judged against the service facts");
    }

    @Test
    void aMissingSiteIsDriftWithNoFixAndStartingOrStoppingIsUndecided() {
        host("MICROSOFT##WID", 8530, false);
        site(false, null, null, List.of(), null);
        Verdict gone = evaluate("iis.site.state");
        assertEquals(Verdict.Kind.DRIFT, gone.kind());
        assertTrue(gone.message().contains("no IIS site has the ID 2"), gone.message());
        assertEquals(false, gone.conditions().get(SITE));
        assertEquals(List.of(), plan("iis.site.state"));
        site(true, "Starting", null, DEFAULT_BINDINGS, true);
        assertEquals(Verdict.Kind.UNDECIDED, evaluate("iis.site.state").kind());
        notInstalled();
        assertEquals(Verdict.Kind.NOT_APPLICABLE, evaluate("iis.site.state").kind());
    }

    private void probe(String path, long status) {
        put(new FactRequest(HttpFacts.SECTION, Map.of("path", path, "url", "")), new FactsBuilder(HttpFacts.SECTION.shape())
                .put(HttpFacts.URL, "http://localhost:8530" + path).put(HttpFacts.STATUS, status)
                .put(HttpFacts.ERROR, status == -1 ? "ConnectFailure" : null).put(HttpFacts.SUB_STATUS, null).build());
    }

    @Test
    void selfupdateNeedsItsVirtualDirectoryAndA200AndIsReportOnly() {
        site(true, "Started", null, DEFAULT_BINDINGS, true);
        probe("/selfupdate/wuident.cab", 200);
        assertEquals(Verdict.Kind.OK, evaluate("wsus.selfupdate").kind());
        site(true, "Started", null, DEFAULT_BINDINGS, false);
        probe("/selfupdate/wuident.cab", 404);
        Verdict missing = evaluate("wsus.selfupdate");
        assertEquals(Verdict.Kind.DRIFT, missing.kind());
        assertEquals(false, missing.observed().get("virtualDirectory"));
        assertTrue(missing.message().contains("wsusutil postinstall"), missing.message());
        site(true, "Started", null, DEFAULT_BINDINGS, true);
        probe("/selfupdate/wuident.cab", 500);
        Verdict broken = evaluate("wsus.selfupdate");
        assertEquals(Verdict.Kind.DRIFT, broken.kind());
        assertTrue(broken.message().contains("answered 500"), broken.message());
        probe("/selfupdate/wuident.cab", -1);
        Verdict silent = evaluate("wsus.selfupdate");
        assertEquals(Verdict.Kind.DRIFT, silent.kind());
        assertEquals("status no answer -> 200", Change.line(Change.between(silent.observed(), silent.expected())));
        CheckModule m = module("wsus.selfupdate");
        assertEquals(FixPolicy.NONE, m.fixPolicy());
        Set<Condition> needs = m.requires(TestArgs.of(m));
        assertTrue(needs.contains(SITE) && needs.contains(new Condition.PoolStarted("WsusPool")), needs.toString());
        assertFalse(needs.contains(new Condition.ServiceUp(ServiceRole.SQL)), "Selfupdate is the one service without SQL");
        assertEquals(Selfupdate.PROBE, new FactRequest(HttpFacts.SECTION, Map.of("url", "", "path", "/selfupdate/wuident.cab")),
                "the same probe as http.status for that path: gathered once");
    }

    private void susdb(boolean connected, Boolean exists, String state, String access) {
        put(Susdb.SUSDB, new FactsBuilder(SusdbFacts.SECTION.shape()).put(SusdbFacts.DATA_SOURCE, "WSUS01")
                .put(SusdbFacts.CONNECTED, connected).put(SusdbFacts.CONNECT_ERROR, connected ? null : "error 40")
                .put(SusdbFacts.DATABASE, "SUSDB").put(SusdbFacts.EXISTS, exists).put(SusdbFacts.STATE, state)
                .put(SusdbFacts.USER_ACCESS, access).build());
    }

    @Test
    void susdbMustExistBeOnlineAndNotSingleUser() {
        host("WSUS01", 8530, false);
        susdb(true, true, "ONLINE", "MULTI_USER");
        Verdict ok = evaluate("wsus.susdb");
        assertEquals(Verdict.Kind.OK, ok.kind(), ok.message());
        assertEquals(true, ok.conditions().get(SUSDB));
        susdb(true, true, "OFFLINE", "MULTI_USER");
        Verdict offline = evaluate("wsus.susdb");
        assertEquals(Verdict.Kind.DRIFT, offline.kind());
        assertTrue(offline.message().contains("SUSDB is OFFLINE"), offline.message());
        assertEquals(false, offline.conditions().get(SUSDB));
        susdb(true, false, null, null);
        Verdict missing = evaluate("wsus.susdb");
        assertEquals(Verdict.Kind.DRIFT, missing.kind());
        assertTrue(missing.message().contains("does not exist"), missing.message());
        susdb(true, true, "ONLINE", "SINGLE_USER");
        assertEquals(false, evaluate("wsus.susdb").conditions().get(SUSDB));
        assertEquals(FixPolicy.NONE, module("wsus.susdb").fixPolicy());
    }

    @Test
    void anUnreachableLocalSqlIsUndecidedButARemoteOneBlocksNothing() {
        host("WSUS01", 8530, false);
        susdb(false, null, null, null);
        Verdict local = evaluate("wsus.susdb");
        assertEquals(Verdict.Kind.UNDECIDED, local.kind());
        assertNull(local.conditions().get(SUSDB), "cannot tell: dependents are blocked by it");
        host("SQL01\\WSUS", 8530, false);
        Verdict remote = evaluate("wsus.susdb");
        assertEquals(Verdict.Kind.NOT_APPLICABLE, remote.kind());
        assertTrue(remote.message().contains("double hop"), remote.message());
        assertEquals(true, remote.conditions().get(SUSDB), "like a remote SQL service: nothing on this host to wait for");
    }

    private void services(String wsus) {
        List<FactsBuilder> items = new ArrayList<>();
        for (String[] s : new String[][] {{"MSSQL$MICROSOFT##WID", "Running"}, {"WAS", "Running"}, {"W3SVC", "Running"},
                {"WsusService", wsus}}) {
            items.add(new FactsBuilder(ServiceFacts.SERVICE).put(ServiceFacts.NAME, s[0]).put(ServiceFacts.STATE, s[1])
                    .put(ServiceFacts.START_MODE, "Auto"));
        }
        put(WsusServices.SERVICES, new FactsBuilder(ServiceFacts.SECTION.shape()).putObjects(ServiceFacts.SERVICES, items)
                .build());
    }

    @Test
    void wsusServiceIsNotStartedWhileSusdbIsKnownUnusable() {
        host("MICROSOFT##WID", 8530, false);
        services("Stopped");
        susdb(true, true, "OFFLINE", "MULTI_USER");
        Verdict v = evaluate("wsus.services");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertTrue(v.message().contains("WsusService is not started while SUSDB is OFFLINE"), v.message());
        assertEquals(List.of(), plan("wsus.services"));
        susdb(true, false, null, null);
        assertTrue(evaluate("wsus.services").message().contains("while SUSDB is missing"));
        susdb(false, null, null, null);
        assertEquals(List.of(Phase.WSUS_SERVICE), plan("wsus.services").stream().map(FixPlan::phase).toList(),
                "SUSDB unknown (no connection): the start is tried, its script guards it");
        susdb(true, true, "ONLINE", "MULTI_USER");
        assertEquals(List.of(Phase.WSUS_SERVICE), plan("wsus.services").stream().map(FixPlan::phase).toList());
    }

    private void health(boolean ran, Long exit, boolean timedOut, String chError, String queryError, long[]... events) {
        List<FactsBuilder> items = new ArrayList<>();
        for (long[] e : events) {
            items.add(new FactsBuilder(HealthFacts.EVENT).put(HealthFacts.TIME_UTC, "2026-12-01T1" + e[2] + ":00:00Z")
                    .put(HealthFacts.ID, e[0]).put(HealthFacts.LEVEL, e[1]).put(HealthFacts.MESSAGE, "text " + e[0]));
        }
        Map<String, Object> v = new FactsBuilder(HealthFacts.SECTION.shape()).put(HealthFacts.CHECKHEALTH_RAN, ran)
                .put(HealthFacts.CHECKHEALTH_EXIT_CODE, exit).put(HealthFacts.CHECKHEALTH_TIMED_OUT, timedOut)
                .put(HealthFacts.CHECKHEALTH_ERROR, chError).put(HealthFacts.SINCE_UTC, "2026-11-30T12:00:00Z")
                .putObjects(HealthFacts.EVENTS, items).put(HealthFacts.QUERY_ERROR, queryError).build();
        for (boolean checkhealth : new boolean[] {false, true}) {
            put(new FactRequest(HealthFacts.SECTION, Map.of("hours", 24L, "checkhealth", checkhealth,
                    "checkhealth_timeout_seconds", 240L)), v);
        }
    }

    @Test
    void healthErrorsAreCountedByIdAndLevelNeverByText() {
        health(false, null, false, null, null);
        assertEquals(Verdict.Kind.OK, evaluate("wsus.health").kind());
        health(false, null, false, null, null, new long[] {12072, 2, 3}, new long[] {12072, 2, 1},
                new long[] {12022, 1, 2}, new long[] {12012, 4, 2});
        Verdict v = evaluate("wsus.health");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertEquals(Map.of("12022", 1L, "12072", 2L), v.observed().get("errors"), "Information events do not count");
        assertTrue(v.message().contains("12072 x2 (content directory"), v.message());
        assertTrue(((List<?>) v.observed().get("latest")).get(0).toString().startsWith("2026-12-01T13:00:00Z 12072"),
                "the newest event of each id: " + v.observed().get("latest"));
    }

    @Test
    void checkhealthThatCouldNotRunOrFinishIsUndecided() {
        health(false, null, false, "WsusUtil.exe not found: C:\\Program Files\\Update Services\\Tools\\WsusUtil.exe", null);
        Verdict missing = evaluate("wsus.health", "checkhealth", true);
        assertEquals(Verdict.Kind.UNDECIDED, missing.kind());
        assertTrue(missing.message().contains("WsusUtil.exe not found"), missing.message());
        health(true, null, true, null, null);
        assertTrue(evaluate("wsus.health", "checkhealth", true).message().contains("did not finish within 240 s"));
        health(true, 0L, false, null, null, new long[] {13042, 2, 1});
        Verdict ran = evaluate("wsus.health", "checkhealth", true);
        assertEquals(Verdict.Kind.DRIFT, ran.kind());
        assertTrue(ran.message().contains("when wsusutil checkhealth ran") && ran.message().contains("13042"),
                ran.message());
        health(false, null, false, null, "The RPC server is unavailable");
        assertEquals(Verdict.Kind.UNDECIDED, evaluate("wsus.health").kind());
        CheckModule m = module("wsus.health");
        assertEquals(false, TestArgs.of(m).bool("checkhealth"), "never by default");
        assertTrue(m.requires(TestArgs.of(m)).contains(SUSDB), "the health monitor runs in WsusService, over SUSDB");
        assertEquals(FixPolicy.NONE, m.fixPolicy());
    }

    private void sync(boolean connected, String result, String running) {
        put(WsusSync.SYNC, new FactsBuilder(SyncFacts.SECTION.shape()).put(ApiFacts.TOOLS, true).put(ApiFacts.CONNECTED, connected)
                .put(ApiFacts.ERROR, connected ? null : "HTTP 503").put(SyncFacts.RESULT, connected ? result : null)
                .put(SyncFacts.END_UTC, connected ? "2026-11-30T06:00:00Z" : null).put(SyncFacts.RUNNING, running)
                .put(SyncFacts.ERROR_TEXT, connected ? "HTTP 503" : null).build());
    }

    private void configMgr(boolean sup) {
        put(WsusSync.CONFIGMGR, new FactsBuilder(ConfigMgrFacts.SECTION.shape()).put(ConfigMgrFacts.CONTROL_MANAGER, sup)
                .put(ConfigMgrFacts.TRACING, sup).put(ConfigMgrFacts.LOG_FILE, sup ? "D:\\SMS\\Logs\\WSUSCtrl.log" : null)
                .build());
    }

    @Test
    void theSyncFixNeedsApprovalAndStartsOneOnlyWhenNoneRunsAndTheApiConnects() {
        CheckModule m = module("wsus.sync");
        assertEquals(FixPolicy.APPROVAL, m.fixPolicy());
        assertEquals(Set.of(Phase.SYNC), m.fixPhases());
        configMgr(false);
        sync(true, "Failed", "NotProcessing");
        Verdict v = evaluate("wsus.sync");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertEquals(false, v.observed().get("configMgr"));
        List<FixPlan> plans = plan("wsus.sync", "wait_seconds", 300L);
        assertEquals(1, plans.size());
        assertEquals(Phase.SYNC, plans.get(0).phase());
        assertEquals(Map.of("wait_seconds", 300L), plans.get(0).call().args());
        sync(true, "Failed", "Running");
        assertEquals(List.of(), plan("wsus.sync"), "never while one runs");
        sync(false, null, null);
        assertEquals(List.of(), plan("wsus.sync"), "never while the API does not connect");
    }

    @Test
    void aConfigMgrSupNeverGetsASyncAndIsPointedAtConfigMgrsLogs() {
        configMgr(true);
        sync(true, "Failed", "NotProcessing");
        Verdict v = evaluate("wsus.sync");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        for (String pointer : List.of("SMS_WSUS_SYNC_MANAGER", "wcm.log", "wsyncmgr.log", "never starts one")) {
            assertTrue(v.message().contains(pointer), v.message());
        }
        assertEquals(true, v.observed().get("configMgr"));
        assertEquals(List.of(), plan("wsus.sync"));
        configMgr(false);
        assertEquals(List.of(), plan("wsus.sync", "configmgr", "managed"), "the step may say so itself");
        assertTrue(evaluate("wsus.sync", "configmgr", "managed").message().contains("SMS_WSUS_SYNC_MANAGER"));
        facts.put(WsusSync.CONFIGMGR, new SectionResult.Unavailable("Access is denied"));
        assertEquals(List.of(), plan("wsus.sync"), "a registry that cannot be read starts nothing");
        assertNull(evaluate("wsus.sync").observed().get("configMgr"));
        configMgr(true);
        sync(true, "Succeeded", "NotProcessing");
        put(WsusSync.SYNC, new FactsBuilder(SyncFacts.SECTION.shape()).put(ApiFacts.TOOLS, true).put(ApiFacts.CONNECTED, true)
                .put(ApiFacts.ERROR, null).put(SyncFacts.RESULT, "Succeeded").put(SyncFacts.END_UTC, "2026-12-01T10:00:00Z")
                .put(SyncFacts.RUNNING, "NotProcessing").put(SyncFacts.ERROR_TEXT, "").build());
        Verdict fine = evaluate("wsus.sync");
        assertEquals(Verdict.Kind.OK, fine.kind());
        assertFalse(fine.message().contains("SMS_WSUS_SYNC_MANAGER"), "a healthy SUP needs no pointer");
    }

    @Test
    void aSyncStillRunningIsNotSettledAndEachOutcomeHasWords() {
        CheckModule m = module("wsus.sync");
        UnitResult.Fix running = new UnitResult.Fix(FixOutcome.CHANGED, Map.of("result", "Failed"),
                Map.of("result", "Failed", "running", "Running"), "still_running", "180");
        assertFalse(m.settled(running));
        assertTrue(m.describeFix(running).contains("still running after 180 s"), m.describeFix(running));
        UnitResult.Fix ok = new UnitResult.Fix(FixOutcome.CHANGED, Map.of("result", "Failed"),
                Map.of("result", "Succeeded"), "", "");
        assertTrue(m.settled(ok));
        assertEquals("a synchronization ran and succeeded", m.describeFix(ok));
        UnitResult.Fix failed = new UnitResult.Fix(FixOutcome.FAILED, Map.of("result", "Failed"),
                Map.of("result", "Failed"), "sync_failed", "Unable to connect to the remote server");
        assertTrue(m.describeFix(failed).contains("ended Failed: Unable to connect"), m.describeFix(failed));
        UnitResult.Fix sup = new UnitResult.Fix(FixOutcome.REFUSED, Map.of(), Map.of(), "configmgr_managed", "");
        assertTrue(m.describeFix(sup).contains("SMS_WSUS_SYNC_MANAGER"));
        assertTrue(module("iis.site.state").settled(ok), "every other fix is final when its script ends");
    }

    @Test
    void theWebAndTheApiNeedTheSiteAndSusdbAndWsusctlAddsTheChecksWhenMissing() {
        assertTrue(Needs.web().contains(SITE));
        assertFalse(Needs.web().contains(SUSDB));
        assertTrue(Needs.api().containsAll(List.of(SITE, SUSDB)));
        ModuleRegistry r = ModuleRegistry.builtIn();
        assertEquals("iis.site.state", r.impliedCheckFor(SITE).module().name());
        assertEquals("wsus.susdb", r.impliedCheckFor(SUSDB).module().name());
        assertTrue(Phase.SERVICES.compareTo(Phase.SITE) < 0 && Phase.SITE.compareTo(Phase.SQL_RIGHTS) < 0
                && Phase.SITE.compareTo(Phase.POOL_CONFIG) < 0, "SQL -> WAS -> W3SVC -> site -> pool configuration");
    }
}
