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
import org.junit.jupiter.api.Test;
import org.wsusctl.contract.ApiFacts;
import org.wsusctl.contract.ClientFacts;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.FactsBuilder;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.HttpFacts;
import org.wsusctl.contract.IisPoolFacts;
import org.wsusctl.contract.MalformedFactsException;
import org.wsusctl.contract.ServiceFacts;
import org.wsusctl.contract.SqlFacts;
import org.wsusctl.contract.SyncFacts;
import org.wsusctl.report.Change;

/**
 * Module verdicts from facts alone: no simulator, no transport. Includes facts the simulator does not produce
 * (Pending services, a remote SQL Server, NULL from SQL Server, a section that could not be read), because a
 * real server can.
 */
class ModuleEvaluationTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Map<FactRequest, SectionResult> facts = new LinkedHashMap<>();

    private void put(FactRequest r, Map<String, Object> values) {
        try {
            facts.put(r, new SectionResult.Gathered(Facts.of(r.section().shape(), values), NOW));
        } catch (MalformedFactsException e) {
            throw new AssertionError(e);
        }
    }

    private void unavailable(FactRequest r, String why) {
        facts.put(r, new SectionResult.Unavailable(why));
    }

    private Verdict evaluate(String module, Object... args) {
        CheckModule m = (CheckModule) TestArgs.module(module);
        return m.evaluate(TestArgs.of(m, args), new FactSet(facts));
    }

    private void host(String sqlServerName, boolean installed) {
        put(WsusServices.HOST, new FactsBuilder(HostFacts.SECTION.shape()).put(HostFacts.INSTALLED, installed)
                .put(HostFacts.PORT_NUMBER, installed ? 8530L : null).put(HostFacts.USING_SSL, installed ? false : null)
                .put(HostFacts.SQL_SERVER_NAME, installed ? sqlServerName : null)
                .put(HostFacts.SQL_DATABASE_NAME, installed ? "SUSDB" : null).put(HostFacts.SITE_INDEX, null)
                .put(HostFacts.COMPUTER_NAME, "WSUS01").put(HostFacts.FQDN, "wsus01.corp.example")
                .put(HostFacts.RAM_KB, 8_000_000L).build());
    }

    /** Services by name and state ("Disabled" = Stopped with start mode Disabled). */
    private void services(FactRequest r, String... nameState) {
        List<FactsBuilder> items = new ArrayList<>();
        for (int i = 0; i < nameState.length; i += 2) {
            boolean disabled = nameState[i + 1].equals("Disabled");
            items.add(new FactsBuilder(ServiceFacts.SERVICE).put(ServiceFacts.NAME, nameState[i])
                    .put(ServiceFacts.STATE, disabled ? "Stopped" : nameState[i + 1])
                    .put(ServiceFacts.START_MODE, disabled ? "Disabled" : "Auto"));
        }
        put(r, new FactsBuilder(ServiceFacts.SECTION.shape()).putObjects(ServiceFacts.SERVICES, items).build());
    }

    private void healthyServices(String sql, String wsusState) {
        host("MICROSOFT##WID", true);
        services(WsusServices.SERVICES, sql, "Running", "WAS", "Running", "W3SVC", "Running", "WsusService", wsusState);
    }

    private static Condition up(ServiceRole r) {
        return new Condition.ServiceUp(r);
    }

    @Test
    void wsusServicesRunningEstablishesEveryRole() {
        healthyServices("MSSQL$MICROSOFT##WID", "Running");
        Verdict v = evaluate("wsus.services");
        assertEquals(Verdict.Kind.OK, v.kind(), v.message());
        for (ServiceRole r : ServiceRole.values()) {
            assertEquals(true, v.conditions().get(up(r)), r.name());
        }
        assertEquals("MSSQL$MICROSOFT##WID", v.observed().get("sqlService"));
    }

    @Test
    void aPendingServiceIsUndecidedAndEstablishesNothingAboutItsRole() {
        healthyServices("MSSQL$MICROSOFT##WID", "StartPending");
        Verdict v = evaluate("wsus.services");
        assertEquals(Verdict.Kind.UNDECIDED, v.kind());
        assertTrue(v.message().contains("WsusService (StartPending)"), v.message());
        assertNull(v.conditions().get(up(ServiceRole.WSUS)), "a pending service neither holds nor fails");
        assertEquals(true, v.conditions().get(up(ServiceRole.WAS)));
    }

    @Test
    void aStoppedWasIsDriftAndItsRoleDoesNotHold() {
        host("MICROSOFT##WID", true);
        services(WsusServices.SERVICES, "MSSQL$MICROSOFT##WID", "Running", "WAS", "Stopped", "W3SVC", "Stopped",
                "WsusService", "Running");
        Verdict v = evaluate("wsus.services");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertEquals(false, v.conditions().get(up(ServiceRole.WAS)));
        assertEquals(false, v.conditions().get(up(ServiceRole.W3SVC)));
        assertEquals(true, v.conditions().get(up(ServiceRole.SQL)));
    }

    @Test
    void aMissingServiceIsDriftNamedAsABrokenRole() {
        host("MICROSOFT##WID", true);
        services(WsusServices.SERVICES, "MSSQL$MICROSOFT##WID", "Running", "WAS", "Running", "W3SVC", "Running");
        Verdict v = evaluate("wsus.services");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertTrue(v.message().contains("not installed (role broken?): WsusService"), v.message());
        assertEquals("missing", v.observed().get("WsusService"));
        assertEquals(false, v.conditions().get(up(ServiceRole.WSUS)));
    }

    @Test
    void sqlFlavoursAreDerivedFromSqlServerNameInOnePlace() {
        assertEquals("MSSQL$MICROSOFT##WID", SqlEngine.serviceName("MICROSOFT##WID", "WSUS01", null).orElseThrow());
        assertEquals("MSSQL$MICROSOFT##SSEE", SqlEngine.serviceName("WSUS01\\MICROSOFT##SSEE", "WSUS01", null).orElseThrow());
        assertEquals("MSSQLSERVER", SqlEngine.serviceName("wsus01", "WSUS01", null).orElseThrow());
        assertEquals("MSSQLSERVER", SqlEngine.serviceName("tcp:wsus01.corp.example,1433", "WSUS01", "wsus01.corp.example")
                .orElseThrow());
        assertEquals("MSSQL$WSUS", SqlEngine.serviceName("WSUS01\\WSUS", "WSUS01", null).orElseThrow());
        assertEquals("MSSQL$SUS", SqlEngine.serviceName("(local)\\SUS", "WSUS01", null).orElseThrow());
        assertTrue(SqlEngine.serviceName("SQL01\\WSUS", "WSUS01", "wsus01.corp.example").isEmpty(), "remote");
        assertTrue(SqlEngine.remote("SQL01", "WSUS01", null));
        assertTrue(SqlEngine.serviceName(null, "WSUS01", null).isEmpty());
    }

    @Test
    void aRemoteSqlServerIsNotCheckedHereAndBlocksNothing() {
        host("SQL01\\WSUS", true);
        services(WsusServices.SERVICES, "WAS", "Running", "W3SVC", "Running", "WsusService", "Running");
        Verdict v = evaluate("wsus.services");
        assertEquals(Verdict.Kind.OK, v.kind(), v.message());
        assertTrue(v.message().contains("SQL is remote (SQL01\\WSUS)"), v.message());
        assertEquals(true, v.conditions().get(up(ServiceRole.SQL)), "nothing on this host to wait for");
    }

    @Test
    void withoutWsusInstalledTheServicesDoNotApply() {
        host(null, false);
        services(WsusServices.SERVICES);
        assertEquals(Verdict.Kind.NOT_APPLICABLE, evaluate("wsus.services").kind());
        assertEquals(Verdict.Kind.NOT_APPLICABLE, evaluate("sql.sysadmin").kind());
    }

    @Test
    void anUnreadableSectionIsUnreadableWithItsReason() {
        unavailable(WsusServices.HOST, "Access is denied");
        Verdict v = evaluate("wsus.services");
        assertEquals(Verdict.Kind.UNREADABLE, v.kind());
        assertTrue(v.message().contains("cannot read host: Access is denied"), v.message());
        assertTrue(v.conditions().isEmpty());
    }

    @Test
    void wsusServicePlansWaitForSql() {
        host("MICROSOFT##WID", true);
        services(WsusServices.SERVICES, "MSSQL$MICROSOFT##WID", "Stopped", "WAS", "Running", "W3SVC", "Running",
                "WsusService", "Stopped");
        CheckModule m = (CheckModule) TestArgs.module("wsus.services");
        List<FixPlan> plans = m.plan(TestArgs.of(m), new FactSet(facts));
        assertEquals(List.of(Phase.SERVICES), plans.stream().map(FixPlan::phase).toList());
        assertEquals(List.of("MSSQL$MICROSOFT##WID"), plans.get(0).call().args().get("names"));
        services(WsusServices.SERVICES, "MSSQL$MICROSOFT##WID", "Running", "WAS", "Running", "W3SVC", "Running",
                "WsusService", "Stopped");
        plans = m.plan(TestArgs.of(m), new FactSet(facts));
        assertEquals(List.of(Phase.WSUS_SERVICE), plans.stream().map(FixPlan::phase).toList());
    }

    @Test
    void serviceRunningNamesDisabledAndMissingServices() {
        FactRequest r = new FactRequest(ServiceFacts.SECTION, Map.of("names", List.of("W3SVC")));
        host("MICROSOFT##WID", true);
        services(r, "W3SVC", "Disabled");
        Verdict v = evaluate("service.running", "name", "W3SVC");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertTrue(v.message().contains("Disabled: left to the operator"), v.message());
        assertEquals(false, v.conditions().get(up(ServiceRole.W3SVC)));
        CheckModule m = (CheckModule) TestArgs.module("service.running");
        assertEquals(List.of(), m.plan(TestArgs.of(m, "name", "W3SVC"), new FactSet(facts)), "never enables a service");
        FactRequest sql = new FactRequest(ServiceFacts.SECTION, Map.of("names", List.of("MSSQL$MICROSOFT##WID")));
        services(sql, "MSSQL$MICROSOFT##WID", "StopPending");
        assertEquals(Verdict.Kind.UNDECIDED, evaluate("service.running", "name", "MSSQL$MICROSOFT##WID").kind());
    }

    private void pool(String pool, boolean exists, String state, Long privateKb) {
        put(AppPoolState.pool(pool), new FactsBuilder(IisPoolFacts.SECTION.shape()).put(IisPoolFacts.POOL, pool)
                .put(IisPoolFacts.EXISTS, exists).put(IisPoolFacts.STATE, state)
                .put(IisPoolFacts.PRIVATE_MEMORY_KB, privateKb).put(IisPoolFacts.QUEUE_LENGTH, exists ? 2000L : null)
                .put(IisPoolFacts.IDLE_TIMEOUT_MIN, exists ? 0.0 : null).put(IisPoolFacts.PINGING_ENABLED, exists ? false : null)
                .put(IisPoolFacts.PERIODIC_RESTART_MIN, exists ? 0.0 : null)
                .put(IisPoolFacts.VIRTUAL_MEMORY_KB, exists ? 0L : null)
                .put(IisPoolFacts.RAPID_FAIL_PROTECTION, exists ? true : null)
                .put(IisPoolFacts.RAPID_FAIL_MAX_CRASHES, exists ? 5L : null)
                .put(IisPoolFacts.RAPID_FAIL_INTERVAL_MIN, exists ? 5.0 : null)
                .put(IisPoolFacts.LOAD_BALANCER_CAPABILITIES, exists ? "HttpLevel" : null).build());
    }

    @Test
    void poolStates() {
        pool("WsusPool", true, "Started", 4000000L);
        Verdict ok = evaluate("iis.apppool.state");
        assertEquals(Verdict.Kind.OK, ok.kind());
        assertEquals(true, ok.conditions().get(new Condition.PoolStarted("wsuspool")), "pool names ignore case");
        pool("WsusPool", true, "Stopped", 4000000L);
        assertEquals(false, evaluate("iis.apppool.state").conditions().get(new Condition.PoolStarted("WsusPool")));
        pool("WsusPool", true, "Starting", 4000000L);
        assertEquals(Verdict.Kind.UNDECIDED, evaluate("iis.apppool.state").kind());
        pool("WsusPool", false, null, null);
        Verdict missing = evaluate("iis.apppool.state");
        assertEquals(Verdict.Kind.DRIFT, missing.kind());
        assertEquals("application pool WsusPool not found", missing.message());
        CheckModule m = (CheckModule) TestArgs.module("iis.apppool.state");
        assertEquals(List.of(), m.plan(TestArgs.of(m), new FactSet(facts)), "a missing pool is not created");
        assertTrue(m.requires(TestArgs.of(m)).contains(up(ServiceRole.WAS)), "IIS reads need WAS");
    }

    @Test
    void privateMemoryLimits() {
        host("MICROSOFT##WID", true);
        pool("WsusPool", true, "Started", 0L);
        assertEquals(Verdict.Kind.OK, evaluate("iis.apppool.private_memory").kind(), "0 is unlimited");
        pool("WsusPool", true, "Started", 1843200L);
        Verdict v = evaluate("iis.apppool.private_memory");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertEquals(">= 4000000 or 0 (unlimited)", v.expected().get("privateMemoryKb"));
        pool("WsusPool", true, "Started", 9000000L);
        Verdict warn = evaluate("iis.apppool.private_memory", "minimum_kb", 7_500_000L);
        assertEquals(Verdict.Kind.OK, warn.kind());
        assertTrue(warn.message().contains("exceeds 90% of host RAM"), warn.message());
        pool("WsusPool", true, "Started", null);
        assertEquals(Verdict.Kind.UNDECIDED, evaluate("iis.apppool.private_memory").kind());
    }

    private void probe(String path, long status, String error) {
        probe(path, "", "http://localhost:8530" + path, status, null, error);
    }

    private void probe(String path, String url, String probed, long status, Long sub, String error) {
        put(new FactRequest(HttpFacts.SECTION, Map.of("path", path, "url", url)), new FactsBuilder(HttpFacts.SECTION.shape())
                .put(HttpFacts.URL, probed).put(HttpFacts.STATUS, status)
                .put(HttpFacts.ERROR, error).put(HttpFacts.SUB_STATUS, sub).build());
    }

    @Test
    void a403Point4SaysSslRequiredAndWhereNeverDrift() {
        host("MICROSOFT##WID", true);
        String url = "http://localhost:8530/ClientWebService/client.asmx";
        probe("/ClientWebService/client.asmx", url, url, 403, 4L, null);
        Verdict v = evaluate("http.status", "url", url);
        assertEquals(Verdict.Kind.UNDECIDED, v.kind());
        assertTrue(v.message().startsWith("SSL required (HTTP 403.4)"), v.message());
        assertTrue(v.message().contains("https://wsus01.corp.example:8531/ClientWebService/client.asmx"), v.message());
        probe("/ClientWebService/client.asmx", url, url, 403, null, null);
        assertEquals(Verdict.Kind.DRIFT, evaluate("http.status", "url", url).kind(), "a plain 403 is the service's");
    }

    @Test
    void httpStatusComparesAndNamesAMissingAnswer() {
        probe("/ClientWebService/client.asmx", 200, null);
        assertEquals(Verdict.Kind.OK, evaluate("http.status").kind());
        probe("/ClientWebService/client.asmx", -1, "ConnectFailure");
        Verdict v = evaluate("http.status");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertTrue(v.message().contains("no HTTP answer") && v.message().contains("ConnectFailure"), v.message());
        CheckModule m = (CheckModule) TestArgs.module("http.status");
        assertTrue(m.requires(TestArgs.of(m)).containsAll(List.of(up(ServiceRole.WAS), up(ServiceRole.W3SVC),
                new Condition.PoolStarted("WsusPool"))));
    }

    @Test
    void aProbeNothingAnsweredShowsNoAnswerWhereTheStatusIsComparedNotMinusOne() {
        probe("/ClientWebService/client.asmx", -1, "ConnectFailure");
        Verdict v = evaluate("http.status");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        // what the console, JUnit and HTML reports print for the drift: observed against expected
        assertEquals("status no answer -> 200", Change.line(Change.between(v.observed(), v.expected())));
        assertEquals("ConnectFailure", v.observed().get("error"), "why nothing answered stays in the observation");
        probe("/ClientWebService/client.asmx", 503, null);
        assertEquals("status 503 -> 200", Change.line(Change.between(evaluate("http.status").observed(),
                evaluate("http.status").expected())), "a real answer stays a number");
    }

    private void sql(boolean connected, String caller, Long callerSa, String login, Long direct, List<String[]> paths,
            String pathsError) {
        List<FactsBuilder> rows = new ArrayList<>();
        for (String[] p : paths) {
            rows.add(new FactsBuilder(SqlFacts.PATH_ROW).put(SqlFacts.PRIVILEGE, p[0]).put(SqlFacts.PATH, p[1]));
        }
        put(new FactRequest(SqlFacts.SECTION, Map.of("login", login == null || login.equals(caller) ? "" : login)),
                new FactsBuilder(SqlFacts.SECTION.shape()).put(SqlFacts.DATA_SOURCE, "WSUS01")
                        .put(SqlFacts.CONNECTED, connected).put(SqlFacts.CONNECT_ERROR, connected ? null : "error 40")
                        .put(SqlFacts.CALLER, caller).put(SqlFacts.CALLER_IS_SYSADMIN, callerSa)
                        .put(SqlFacts.LOGIN, login).put(SqlFacts.LOGIN_DIRECT, direct)
                        .put(SqlFacts.LOGIN_EXISTS, connected ? direct != null : null)
                        .put(SqlFacts.VERSION, connected ? "15.0" : null).putObjects(SqlFacts.PATHS, rows)
                        .put(SqlFacts.PATHS_ERROR, pathsError).build());
    }

    @Test
    void sqlSysadminNeverTakesNullForNo() {
        host("WSUS01", true);
        sql(true, "CORP\\svc", null, "CORP\\svc", null, List.of(), null);
        Verdict v = evaluate("sql.sysadmin");
        assertEquals(Verdict.Kind.UNDECIDED, v.kind(), "NULL means cannot tell");
        assertNull(v.observed().get("sysadmin"));
        sql(true, "CORP\\svc", 1L, "CORP\\setup", null, List.<String[]>of(new String[] {"admin", "CORP\\WSUS Admins"}), null);
        assertEquals(Verdict.Kind.OK, evaluate("sql.sysadmin", "login", "CORP\\setup").kind(), "through a group");
        sql(true, "CORP\\svc", 1L, "CORP\\setup", null, List.of(), "Could not obtain information about Windows NT group/user (15404)");
        Verdict ad = evaluate("sql.sysadmin", "login", "CORP\\setup");
        assertEquals(Verdict.Kind.UNDECIDED, ad.kind(), "an AD lookup failure is not 'not sysadmin'");
        assertTrue(ad.message().contains("15404"), ad.message());
        sql(true, "CORP\\svc", 0L, "CORP\\setup", null, List.of(), null);
        assertEquals(Verdict.Kind.UNDECIDED, evaluate("sql.sysadmin", "login", "CORP\\setup").kind(),
                "a caller without sysadmin cannot judge others");
        sql(false, null, null, null, null, List.of(), null);
        assertEquals(Verdict.Kind.UNDECIDED, evaluate("sql.sysadmin").kind());
        host("MICROSOFT##WID", true);
        sql(true, "CORP\\svc", 0L, "CORP\\svc", 0L, List.of(), null);
        Verdict wid = evaluate("sql.sysadmin");
        assertEquals(Verdict.Kind.DRIFT, wid.kind());
        assertTrue(wid.message().contains("elevated token"), wid.message());
    }

    private void sync(boolean connected, String result, String endUtc, String running, String error) {
        put(WsusSync.SYNC, new FactsBuilder(SyncFacts.SECTION.shape()).put(ApiFacts.TOOLS, true).put(ApiFacts.CONNECTED, connected)
                .put(ApiFacts.ERROR, connected ? null : error).put(SyncFacts.RESULT, result)
                .put(SyncFacts.END_UTC, endUtc).put(SyncFacts.RUNNING, running)
                .put(SyncFacts.ERROR_TEXT, connected ? error : null).build());
    }

    @Test
    void aRunningSyncExcusesTheAgeButNeverAFailure() {
        sync(true, "Failed", "2026-09-24T12:00:00.0000000Z", "Running", "HTTP 503");
        Verdict failed = evaluate("wsus.sync");
        assertEquals(Verdict.Kind.DRIFT, failed.kind(), "running must not hide that the last one failed");
        assertTrue(failed.message().contains("a synchronization is running now"), failed.message());
        assertEquals(1632L, failed.observed().get("ageHours"), "measured on the host's clock");
        sync(true, "Succeeded", "2026-11-25T12:00:00Z", "Running", "");
        assertEquals(Verdict.Kind.OK, evaluate("wsus.sync").kind());
        sync(true, "Succeeded", "2026-11-25T12:00:00Z", "NotProcessing", "");
        assertEquals(Verdict.Kind.DRIFT, evaluate("wsus.sync").kind(), "old success, nothing running");
        sync(true, "NeverRun", null, "NotProcessing", "");
        assertEquals(Verdict.Kind.DRIFT, evaluate("wsus.sync").kind());
        sync(false, null, null, null, "The request failed with HTTP status 503");
        assertEquals(Verdict.Kind.UNREADABLE, evaluate("wsus.sync").kind());
    }

    @Test
    void missingApiToolsAreNamedNotPassedOnAsPowerShellsText() {
        put(WsusSync.SYNC, new FactsBuilder(SyncFacts.SECTION.shape()).put(ApiFacts.TOOLS, false)
                .put(ApiFacts.CONNECTED, false).put(ApiFacts.ERROR, "The specified module 'UpdateServices' was not loaded")
                .put(SyncFacts.RESULT, null).put(SyncFacts.END_UTC, null).put(SyncFacts.RUNNING, null)
                .put(SyncFacts.ERROR_TEXT, null).build());
        Verdict v = evaluate("wsus.sync");
        assertEquals(Verdict.Kind.UNREADABLE, v.kind());
        assertTrue(v.message().startsWith("WSUS API tools not installed"), v.message());
        assertTrue(v.message().contains("UpdateServices-API"), "says what to install: " + v.message());
    }

    @Test
    void clientsAreClassifiedByTheRunnerFromWhatTheNetworkSaid() {
        List<FactsBuilder> rows = new ArrayList<>();
        Object[][] clients = {{null, List.of("10.0.0.1"), false, false}, {"2026-10-01T00:00:00Z", List.of(), false, false},
            {"2026-10-01T00:00:00Z", List.of("10.0.0.3"), false, false}, {"2026-10-01T00:00:00Z", List.of("10.0.0.4"), false, true}};
        int i = 0;
        for (Object[] c : clients) {
            @SuppressWarnings("unchecked")
            List<String> ips = (List<String>) c[1];
            rows.add(new FactsBuilder(ClientFacts.CLIENT).put(ClientFacts.NAME, "pc" + (++i))
                    .put(ClientFacts.LAST_REPORTED_UTC, (String) c[0]).put(ClientFacts.WSUS_IP, "10.0.0." + i)
                    .put(ClientFacts.DNS_IPS, ips).put(ClientFacts.ICMP, (Boolean) c[2]).put(ClientFacts.TCP, (Boolean) c[3]));
        }
        put(new FactRequest(ClientFacts.SECTION, Map.of("days", 30L, "max_probe", 50L)),
                new FactsBuilder(ClientFacts.SECTION.shape()).put(ApiFacts.TOOLS, true).put(ApiFacts.CONNECTED, true).put(ApiFacts.ERROR, null)
                        .put(ClientFacts.TOTAL, 10L).put(ClientFacts.STALE, 4L).putObjects(ClientFacts.CLIENTS, rows).build());
        Verdict v = evaluate("wsus.clients.not_reporting");
        assertEquals(Verdict.Kind.DRIFT, v.kind());
        assertEquals(Map.of("never_reported", 1L, "dns_missing", 1L, "offline", 1L, "reachable_not_reporting", 1L),
                v.observed().get("byClass"));
        assertTrue(v.message().contains("over 20%"), v.message());
        assertFalse(((CheckModule) TestArgs.module("wsus.clients.not_reporting")).fixPolicy() != FixPolicy.NONE);
    }
}
