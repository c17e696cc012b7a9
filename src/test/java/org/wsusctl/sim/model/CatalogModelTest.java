package org.wsusctl.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsusctl.sim.SimChange;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;

/**
 * The simulator's model of issue 11 item 8, state -> facts and fix -> state change, without the runner: the site
 * (its state, bindings and Selfupdate) as IIS and an HTTP GET see it, SUSDB's state as SQL Server, the API and
 * WsusService see it, the health monitor's events with and without checkhealth, and a synchronization started
 * now, never on a ConfigMgr SUP. Each new key is validated with its path, and survives the state file.
 */
class CatalogModelTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-02T08:00:00Z"), ZoneOffset.UTC);

    private static SimScriptHost host(Map<String, Object> simulate) {
        return new WsusModelFactory(CLOCK).create("wsus01.lab.example", simulate, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> facts(SimScriptHost h, String script, Map<String, Object> args)
            throws SimScriptException {
        return (Map<String, Object>) h.runScript(script, false, args).get("facts");
    }

    private static long http(SimScriptHost h, String path) throws SimScriptException {
        return ((Number) facts(h, "facts.http", Map.of("path", path, "url", "")).get("status")).longValue();
    }

    private static String error(Map<String, Object> simulate) {
        return assertThrows(IllegalArgumentException.class, () -> host(simulate)).getMessage();
    }

    @Test
    void newKeysAreValidatedWithTheirPath() {
        assertEquals("simulate.site.state: expected Started or Stopped, found 'Paused'",
                error(Map.of("site", Map.of("state", "Paused"))));
        assertTrue(error(Map.of("site", Map.of("bindings", List.of("ftp *:21:")))).startsWith("simulate.site.bindings[0]:"));
        assertTrue(error(Map.of("site", Map.of("selfupdate", "maybe"))).startsWith("simulate.site.selfupdate:"));
        assertTrue(error(Map.of("sql", Map.of("susdb", "GONE"))).startsWith("simulate.sql.susdb: expected one of ONLINE"));
        assertTrue(error(Map.of("health", Map.of("errors", List.of(12100)))).startsWith("simulate.health.errors[0]:"));
        assertTrue(error(Map.of("health", Map.of("ids", List.of()))).startsWith("simulate.health.ids: unknown key"));
        assertTrue(error(Map.of("sync", Map.of("next_result", "NeverRun"))).startsWith("simulate.sync.next_result:"));
        assertTrue(error(Map.of("sync", Map.of("duration_s", -1))).startsWith("simulate.sync.duration_s:"));
    }

    @Test
    void aStoppedSiteAnswersNothingAndItsStateNeedsW3svcToBeRead() throws SimScriptException {
        SimScriptHost h = host(Map.of("site", Map.of("state", "Stopped")));
        assertEquals(-1, http(h, "/ClientWebService/client.asmx"), "no URL registration: connection refused, no 503");
        assertEquals("Stopped", facts(h, "facts.iis.site", Map.of()).get("state"));
        assertEquals("Unable to connect to the remote server", facts(h, "facts.wsus.sync", Map.of()).get("apiError"));
        Map<String, Object> fix = h.runScript("iis.site.state.fix", true, Map.of());
        assertEquals("changed", fix.get("outcome"));
        assertEquals(200, http(h, "/ClientWebService/client.asmx"));
        assertEquals("unchanged", h.runScript("iis.site.state.fix", true, Map.of()).get("outcome"));
        assertEquals(List.of("site WSUS Administration started"), h.changes().stream().map(SimChange::what).toList());

        SimScriptHost down = host(Map.of("site", Map.of("state", "Stopped"), "services", Map.of("W3SVC", "Stopped")));
        Map<String, Object> site = facts(down, "facts.iis.site", Map.of());
        assertNull(site.get("state"));
        assertTrue(String.valueOf(site.get("stateError")).contains("0x800710D8"), site.toString());
        Map<String, Object> refused = down.runScript("iis.site.state.fix", true, Map.of());
        assertEquals("refused", refused.get("outcome"));
        assertEquals("W3SVC", refused.get("detail"));
        assertTrue(down.changes().isEmpty());
    }

    @Test
    void bindingsAndSelfupdateDecideWhatAnswers() throws SimScriptException {
        SimScriptHost other = host(Map.of("site", Map.of("bindings", List.of("http *:80:"))));
        assertEquals(-1, http(other, "/ClientWebService/client.asmx"), "nothing listens on 8530");
        SimScriptHost noSelfupdate = host(Map.of("site", Map.of("selfupdate", false)));
        assertEquals(404, http(noSelfupdate, "/selfupdate/wuident.cab"));
        assertEquals(200, http(noSelfupdate, "/ClientWebService/client.asmx"));
        assertEquals(false, facts(noSelfupdate, "facts.iis.site", Map.of()).get("selfupdateExists"));
        assertEquals(List.of("http *:8530:", "https *:8531:"), facts(host(Map.of()), "facts.iis.site", Map.of()).get("bindings"));
    }

    @Test
    void anOfflineSusdbBreaksTheApiAndWsusService() throws SimScriptException {
        SimScriptHost h = host(Map.of("sql", Map.of("susdb", "OFFLINE"), "services", Map.of("WsusService", "Stopped")));
        Map<String, Object> db = facts(h, "facts.susdb", Map.of());
        assertEquals(true, db.get("connected"));
        assertEquals("OFFLINE", db.get("state"));
        assertEquals("Database 'SUSDB' cannot be opened because it is offline.",
                facts(h, "facts.wsus.sync", Map.of()).get("apiError"));
        Map<String, Object> start = h.runScript("services.start", true,
                Map.of("names", List.of("WsusService"), "soak_seconds", 15));
        assertEquals("failed", start.get("outcome"), "it starts and, within the soak, stops again: event 507");
        assertTrue(String.valueOf(start.get("detail")).contains("507"), start::toString);
        Map<String, Object> missing = facts(host(Map.of("sql", Map.of("susdb", "missing"))), "facts.susdb", Map.of());
        assertEquals(false, missing.get("exists"));
        assertNull(missing.get("state"));
        Map<String, Object> sqlDown = facts(host(Map.of("services", Map.of("MSSQL$MICROSOFT##WID", "Stopped"))),
                "facts.susdb", Map.of());
        assertEquals(false, sqlDown.get("connected"));
    }

    @SuppressWarnings("unchecked")
    private static List<Long> healthIds(SimScriptHost h, boolean checkhealth) throws SimScriptException {
        return ((List<Map<String, Object>>) facts(h, "facts.wsus.health", Map.of("hours", 24, "checkhealth", checkhealth))
                .get("events")).stream().map(e -> ((Number) e.get("id")).longValue()).toList();
    }

    @Test
    void healthEventsAreSeededAndCheckhealthLogsWhatIsBrokenNow() throws SimScriptException {
        SimScriptHost h = host(Map.of("health", Map.of("errors", List.of(12072), "hours_ago", 2)));
        assertEquals(List.of(12072L), healthIds(h, false));
        assertEquals(List.of(), healthIds(host(Map.of("health", Map.of("errors", List.of(12072), "hours_ago", 30))), false),
                "older than the window");
        assertEquals(List.of(12072L), healthIds(h, true), "the cause persists: logged again, and only that");
        SimScriptHost pool = host(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped"))));
        assertEquals(List.of(), healthIds(pool, false), "quiet until the monitor runs");
        List<Long> now = healthIds(pool, true);
        assertTrue(now.containsAll(List.of(12002L, 12012L, 12022L, 12032L, 12042L, 12052L, 13042L)), now.toString());
        assertTrue(pool.changes().isEmpty(), "writing events is no change");
        assertEquals(List.of(13042L), healthIds(host(Map.of("site", Map.of("selfupdate", false))), true));
    }

    @SuppressWarnings("unchecked")
    @Test
    void aSyncStartedNowEndsWithinTheWaitOrKeepsRunningAndNeverOnASup() throws SimScriptException {
        SimScriptHost h = host(Map.of("sync", Map.of("last_result", "Failed", "hours_ago", 30)));
        Map<String, Object> fix = h.runScript("wsus.sync.fix", true, Map.of("wait_seconds", 180));
        assertEquals("changed", fix.get("outcome"));
        assertEquals("Succeeded", ((Map<String, Object>) fix.get("after")).get("result"));
        assertEquals("Succeeded", facts(h, "facts.wsus.sync", Map.of()).get("result"));

        SimScriptHost slow = host(Map.of("sync", Map.of("last_result", "Failed", "duration_s", 600)));
        Map<String, Object> running = slow.runScript("wsus.sync.fix", true, Map.of("wait_seconds", 180));
        assertEquals("changed", running.get("outcome"));
        assertEquals("still_running", running.get("reason"));
        assertEquals("Running", facts(slow, "facts.wsus.sync", Map.of()).get("running"));
        assertEquals("already_running", slow.runScript("wsus.sync.fix", true, Map.of("wait_seconds", 180)).get("reason"));
        assertEquals(1, slow.changes().size(), "at most one start");

        SimScriptHost again = host(Map.of("sync", Map.of("last_result", "Failed", "next_result", "Failed")));
        Map<String, Object> failed = again.runScript("wsus.sync.fix", true, Map.of("wait_seconds", 180));
        assertEquals("failed", failed.get("outcome"));
        assertEquals("sync_failed", failed.get("reason"));

        SimScriptHost sup = host(Map.of("sync", Map.of("last_result", "Failed", "configmgr", true)));
        assertEquals(true, facts(sup, "facts.configmgr", Map.of()).get("controlManager"));
        Map<String, Object> refused = sup.runScript("wsus.sync.fix", true, Map.of("wait_seconds", 180));
        assertEquals("refused", refused.get("outcome"));
        assertEquals("configmgr_managed", refused.get("reason"));
        assertTrue(sup.changes().isEmpty());
        assertEquals(false, facts(host(Map.of()), "facts.configmgr", Map.of()).get("controlManager"));

        SimScriptHost noApi = host(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped"))));
        assertEquals("api_unavailable", noApi.runScript("wsus.sync.fix", true, Map.of("wait_seconds", 10)).get("reason"));
    }

    @Test
    void theNewStateSurvivesTheStateFile() throws SimScriptException {
        Map<String, Object> simulate = Map.of("site", Map.of("state", "Stopped", "selfupdate", false),
                "sql", Map.of("susdb", "SUSPECT"), "health", Map.of("errors", List.of(12072)),
                "sync", Map.of("configmgr", true, "duration_s", 5, "next_result", "Canceled"));
        SimScriptHost first = host(simulate);
        first.runScript("iis.site.state.fix", true, Map.of());
        SimScriptHost restored = new WsusModelFactory(CLOCK).create("wsus01.lab.example", Map.of(), first.saveState());
        Map<String, Object> site = facts(restored, "facts.iis.site", Map.of());
        assertEquals("Started", site.get("state"), "the fix is what the next run sees");
        assertEquals(false, site.get("selfupdateExists"));
        assertEquals("SUSPECT", facts(restored, "facts.susdb", Map.of()).get("state"));
        assertEquals(true, facts(restored, "facts.configmgr", Map.of()).get("controlManager"));
        assertFalse(restored.changes().isEmpty(), "the change log is kept too");
    }
}
