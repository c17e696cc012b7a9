package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 8, end to end through the CLI, winrm4j and the simulator: the rest of the tips article and the
 * catalog. The WSUS site (stopped: the cause, fixed; a missing binding: reported, never changed), SUSDB offline and
 * Selfupdate missing (report only: drift stays, what depends on them is blocked by them), the health monitor's
 * events (checkhealth only when a step opts in), and the approved synchronization: started and watched, never on a
 * Configuration Manager software update point, never {@code fixed} while it still runs.
 */
class CatalogChecksTest {
    private static final String HEALTH = "playbooks/wsus-health.yml";
    private static final String SYNC_503 = "playbooks/wsus-sync-503.yml";
    private static final String SERVICES = "SQL, WAS, W3SVC and WsusService are running";
    private static final String SUSDB = "SUSDB is online";
    private static final String SITE = "the WSUS web site is started and bound to the WSUS port";
    private static final String SELFUPDATE = "Selfupdate serves /selfupdate/wuident.cab";
    private static final String CLIENT_WS = "the WSUS client web service answers 200";
    private static final String API_WS = "the WSUS admin API answers 200";
    private static final String SYNC = "the last synchronization succeeded within 48 hours";
    private static final String CLIENTS = "no client has gone 30 days without reporting";
    private static final String HEALTH_EVENTS = "the WSUS health monitor logged no errors in the last 24 hours";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Lab lab;
    static String checkhealth;

    @BeforeAll
    static void lab() throws IOException {
        lab = Lab.fromResource(dir, "catalog-checks.yml");
        try (InputStream in = Objects.requireNonNull(CatalogChecksTest.class.getResourceAsStream("/e2e/checkhealth.yml"))) {
            Path p = dir.resolve("checkhealth.yml");
            Files.copy(in, p);
            checkhealth = p.toString();
        }
    }

    private static JsonNode step(JsonNode host, String name) {
        for (JsonNode s : host.get("steps")) {
            if (s.get("step").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no step " + name + " in " + host);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void blockedBy(JsonNode host, List<String> by, String... steps) {
        for (String s : steps) {
            JsonNode st = step(host, s);
            assertEquals("blocked", st.get("status").asText(), st::toString);
            assertEquals(by, texts(st.get("blocked_by")), st::toString);
        }
    }

    private static void nothingFailed(JsonNode host) {
        for (JsonNode s : host.get("steps")) {
            assertFalse(s.get("status").asText().equals("failed"), "nothing failed: " + s);
        }
    }

    /** What the simulated host recorded as changed so far, in order (from the lab's state file). */
    private static List<String> changesOf(String host) throws IOException {
        JsonNode saved = JSON.readTree(lab.state.toFile()).get("hosts").get(host);
        List<String> out = new ArrayList<>();
        saved.get("changes").forEach(c -> out.add(c.get("what").asText()));
        return out;
    }

    private static int eventsOf(String host) throws IOException {
        return JSON.readTree(lab.state.toFile()).get("hosts").get(host).get("events").size();
    }

    @Test
    void aStoppedSiteIsTheCauseOfEveryWebAnswerAndIsStartedBeforeThePool() throws IOException {
        String h = "cc-site-stopped";
        Lab.Run audit = lab.audit(HEALTH, h).exits(2);
        JsonNode host = audit.host(h);
        assertEquals("drifted", host.get("status").asText(), host::toString);
        assertEquals(List.of(SITE), texts(host.get("root_causes")));
        blockedBy(host, List.of(SITE), SELFUPDATE, CLIENT_WS, API_WS, SYNC, CLIENTS, HEALTH_EVENTS);
        JsonNode site = step(host, SITE);
        assertEquals("drift", site.get("status").asText());
        assertEquals("Stopped", site.get("before").get("state").asText());
        assertEquals("WSUS Administration", site.get("before").get("site").asText());
        assertEquals("no answer", step(host, CLIENT_WS).get("before").get("status").asText(),
                "nothing listens: not even a 503");
        assertEquals("ok", step(host, "WsusPool is started").get("status").asText(), "the pool is not the cause");
        nothingFailed(host);
        assertEquals(0, audit.changes(h));

        Lab.Run apply = lab.apply(HEALTH, h).exits(0);
        assertEquals("fixed", apply.hostStatus(h), apply::toString);
        JsonNode fixed = step(apply.host(h), SITE);
        assertEquals("fixed", fixed.get("status").asText(), fixed::toString);
        assertEquals("Started", fixed.get("after").get("state").asText());
        for (String s : List.of(SELFUPDATE, CLIENT_WS, API_WS, SYNC, CLIENTS, HEALTH_EVENTS)) {
            assertEquals("ok", step(apply.host(h), s).get("status").asText(), s + " judged for real after the start");
        }
        assertEquals(List.of("site WSUS Administration started"), changesOf(h));

        assertEquals("compliant", lab.audit(HEALTH, h).exits(0).hostStatus(h));
        Lab.Run apply2 = lab.apply(HEALTH, h).exits(0);
        assertEquals(0, apply2.changes(h), apply2::toString);
        assertTrue(apply2.journalLines().isEmpty(), "no fix attempted the second time");
    }

    @Test
    void aMissingPortBindingIsReportedAndNeverChanged() {
        String h = "cc-binding-missing";
        Lab.Run audit = lab.audit(HEALTH, h).exits(2);
        JsonNode site = step(audit.host(h), SITE);
        assertEquals("drift", site.get("status").asText(), site::toString);
        assertTrue(site.get("message").asText().contains("no http binding on port 8530"), site::toString);
        assertEquals(List.of(SITE), texts(audit.host(h).get("root_causes")));
        blockedBy(audit.host(h), List.of(SITE), CLIENT_WS, API_WS);

        Lab.Run apply = lab.apply(HEALTH, h).exits(2);
        assertEquals("drifted", apply.hostStatus(h), apply::toString);
        assertEquals("drift", step(apply.host(h), SITE).get("status").asText());
        assertEquals(0, apply.changes(h), "bindings are the clients' GPO URLs: never changed");
        assertTrue(apply.journalLines().isEmpty());
    }

    @Test
    void anOfflineSusdbIsReportedAndBlocksTheApiChecks() {
        String h = "cc-susdb-offline";
        for (int i = 0; i < 2; i++) {
            Lab.Run audit = lab.audit(HEALTH, h).exits(2);
            JsonNode host = audit.host(h);
            assertEquals("drifted", host.get("status").asText(), host::toString);
            assertEquals(List.of(SUSDB), texts(host.get("root_causes")));
            JsonNode db = step(host, SUSDB);
            assertEquals("drift", db.get("status").asText());
            assertEquals("OFFLINE", db.get("before").get("state").asText());
            blockedBy(host, List.of(SUSDB), SYNC, CLIENTS, HEALTH_EVENTS);
            assertEquals("ok", step(host, CLIENT_WS).get("status").asText(), "the web services do not need SUSDB");
            nothingFailed(host);

            Lab.Run apply = lab.apply(HEALTH, h).exits(2);
            assertEquals("drifted", apply.hostStatus(h), apply::toString);
            JsonNode still = step(apply.host(h), SUSDB);
            assertEquals("drift", still.get("status").asText());
            assertTrue(still.get("message").asText().contains("report only"), still::toString);
            blockedBy(apply.host(h), List.of(SUSDB), SYNC, CLIENTS);
            assertEquals(0, apply.changes(h));
            assertTrue(apply.journalLines().isEmpty(), "no fix was attempted");
        }
    }

    @Test
    void wsusServiceIsNotStartedWhileSusdbIsOfflineAndNothingFails() throws IOException {
        String h = "cc-susdb-offline-wsus-stopped";
        Lab.Run apply = lab.apply(HEALTH, h).exits(2);
        JsonNode host = apply.host(h);
        assertEquals("drifted", host.get("status").asText(), host::toString);
        JsonNode services = step(host, SERVICES);
        assertEquals("drift", services.get("status").asText(), services::toString);
        assertTrue(services.get("message").asText().contains("WsusService is not started while SUSDB is OFFLINE"),
                services::toString);
        nothingFailed(host);
        assertEquals(List.of(), changesOf(h), "starting it would only log event 507 again");
    }

    @Test
    void aMissingSelfupdateDirectoryIsReportedOnly() {
        String h = "cc-selfupdate-missing";
        Lab.Run audit = lab.audit(HEALTH, h).exits(2);
        JsonNode su = step(audit.host(h), SELFUPDATE);
        assertEquals("drift", su.get("status").asText(), su::toString);
        assertEquals(false, su.get("before").get("virtualDirectory").asBoolean());
        assertEquals(404, su.get("before").get("status").asInt());
        assertTrue(su.get("message").asText().contains("postinstall"), su::toString);
        assertEquals(List.of(), texts(audit.host(h).get("root_causes")), "it blocks nothing: no root cause of others");
        assertEquals("ok", step(audit.host(h), CLIENT_WS).get("status").asText());

        Lab.Run apply = lab.apply(HEALTH, h).exits(2);
        assertEquals("drift", step(apply.host(h), SELFUPDATE).get("status").asText());
        assertTrue(step(apply.host(h), SELFUPDATE).get("message").asText().contains("report only"));
        assertEquals(0, apply.changes(h));
        assertEquals("drifted", apply.hostStatus(h));
    }

    @Test
    void healthEventsAreReportedByIdAndCheckhealthRunsOnlyWhenAStepOptsIn() throws IOException {
        String h = "cc-health-events";
        Lab.Run audit = lab.audit(HEALTH, h).exits(2);
        JsonNode ev = step(audit.host(h), HEALTH_EVENTS);
        assertEquals("drift", ev.get("status").asText(), ev::toString);
        assertEquals(1, ev.get("before").get("errors").get("12072").asInt(), ev::toString);
        assertFalse(ev.get("before").get("checkhealthRan").asBoolean());
        Lab.Run apply = lab.apply(HEALTH, h).exits(2);
        assertEquals("drift", step(apply.host(h), HEALTH_EVENTS).get("status").asText());
        assertEquals(0, apply.changes(h));
        int events = eventsOf(h);
        lab.audit(HEALTH, h).exits(2);
        assertEquals(events, eventsOf(h), "an audit of the shipped playbook writes no event: checkhealth is opt-in");

        // Selfupdate missing: the window is quiet until checkhealth runs and finds it (13042), in audit too.
        String su = "cc-selfupdate-missing";
        Lab.Run quiet = lab.audit(HEALTH, su).exits(2);
        assertEquals("ok", step(quiet.host(su), HEALTH_EVENTS).get("status").asText());
        Lab.Run checked = lab.audit(checkhealth, su).exits(2);
        JsonNode now = step(checked.host(su), "the WSUS health monitor finds no errors when run now");
        assertEquals("drift", now.get("status").asText(), now::toString);
        assertTrue(now.get("before").get("checkhealthRan").asBoolean());
        assertEquals(1, now.get("before").get("errors").get("13042").asInt(), now::toString);
        assertEquals(0, checked.changes(su), "checkhealth writes events, never a change");
    }

    @Test
    void anApprovedSyncIsStartedAfterThe503FixAndItsResultWatched() throws IOException {
        String h = "cc-sync-failed";
        Lab.Run unapproved = lab.apply(HEALTH, h).exits(2);
        JsonNode sync = unapproved.step(h, "wsus.sync");
        assertEquals("drift", sync.get("status").asText(), sync::toString);
        assertTrue(sync.get("needs_approval").asBoolean(), sync::toString);
        assertEquals(0, unapproved.changes(h), "wsus-health.yml does not approve a sync");

        Lab.Run audit = lab.audit(SYNC_503, h).exits(2);
        assertEquals("drift", audit.stepStatus(h, "wsus.sync"));
        Lab.Run apply = lab.apply(SYNC_503, h).exits(0);
        JsonNode fixed = apply.step(h, "wsus.sync");
        assertEquals("fixed", fixed.get("status").asText(), apply::toString);
        assertEquals("Succeeded", fixed.get("after").get("result").asText());
        assertTrue(fixed.get("message").asText().contains("synchronization ran and succeeded"), fixed::toString);
        assertEquals(List.of("synchronization started and ended Succeeded"), changesOf(h));
        assertEquals("compliant", lab.audit(SYNC_503, h).exits(0).hostStatus(h));
        Lab.Run apply2 = lab.apply(SYNC_503, h).exits(0);
        assertEquals(0, apply2.changes(h), "a recent success: no second sync");
        assertTrue(apply2.journalLines().isEmpty());
    }

    @Test
    void aSyncStillRunningAtTheBoundIsUnknownNeverFixed() {
        String h = "cc-sync-slow";
        Lab.Run apply = lab.apply(SYNC_503, h).exits(2);
        JsonNode s = apply.step(h, "wsus.sync");
        assertEquals("unknown", s.get("status").asText(), apply::toString);
        assertTrue(s.get("message").asText().contains("still running"), s::toString);
        assertEquals(1, apply.changes(h), "one sync started");
        Lab.Run again = lab.apply(SYNC_503, h).exits(2);
        assertEquals(0, again.changes(h), "never a second sync while one runs");
        assertEquals("drift", again.stepStatus(h, "wsus.sync"), again::toString);
    }

    @Test
    void aSyncThatFailsAgainIsAFailedFixWithItsError() {
        String h = "cc-sync-fails-again";
        Lab.Run apply = lab.apply(SYNC_503, h).exits(2);
        JsonNode s = apply.step(h, "wsus.sync");
        assertEquals("failed", s.get("status").asText(), apply::toString);
        assertTrue(s.get("message").asText().contains("Unable to connect to the remote server"), s::toString);
        assertEquals("Failed", s.get("after").get("result").asText());
    }

    @Test
    void aConfigMgrSoftwareUpdatePointNeverGetsASyncAndIsPointedAtConfigMgr() {
        String h = "cc-sync-configmgr";
        Lab.Run apply = lab.apply(SYNC_503, h).exits(2);
        JsonNode s = apply.step(h, "wsus.sync");
        assertEquals("drift", s.get("status").asText(), apply::toString);
        String msg = s.get("message").asText();
        for (String pointer : List.of("SMS_WSUS_SYNC_MANAGER", "wcm.log", "wsyncmgr.log")) {
            assertTrue(msg.contains(pointer), pointer + " in " + msg);
        }
        assertEquals(true, s.get("before").get("configMgr").asBoolean());
        assertEquals(0, apply.changes(h), "ConfigMgr owns its synchronizations");
        assertTrue(apply.journalLines().isEmpty(), "not even attempted");
    }
}
