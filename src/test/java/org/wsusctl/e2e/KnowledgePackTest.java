package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, end to end: each cause in the WSUS troubleshooting article, on its own simulated host, goes through
 * the shipped playbook as an operator would run it: CLI -> winrm4j over a real socket -> simulator, with one
 * {@code --sim-state} file for the whole class so every run sees what the previous one left behind. For each
 * cause: audit finds it (exit 2, nothing changed), apply fixes it (exit 0), a second audit is clean (exit 0) and
 * a second apply changes nothing. Tests limit runs to their own hosts, so they do not depend on each other.
 */
class KnowledgePackTest {
    private static final String SYNC_503 = "playbooks/wsus-sync-503.yml";
    private static final String SERVICES = "playbooks/wsus-services.yml";
    private static final String SQL_RIGHTS = "playbooks/wsus-setup-sql-rights.yml";
    private static final String CLIENTS = "playbooks/wsus-clients-not-reporting.yml";
    private static final String HEALTH = "playbooks/wsus-health.yml";

    @TempDir
    static Path dir;
    static Lab lab;

    @BeforeAll
    static void lab() {
        lab = Lab.fromResource(dir, "knowledge-pack.yml");
    }

    static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** audit, apply, audit, apply on {@code limit}, with the checks every fixable cause must pass. */
    private record Cycle(Lab.Run audit1, Lab.Run apply1, Lab.Run audit2, Lab.Run apply2) {
        static Cycle of(String playbook, String limit, List<String> hosts) {
            Cycle c = new Cycle(lab.audit(playbook, limit).exits(2), lab.apply(playbook, limit).exits(0),
                    lab.audit(playbook, limit).exits(0), lab.apply(playbook, limit).exits(0));
            for (String h : hosts) {
                assertEquals(0, c.audit1.changes(h), () -> "the first audit changed " + h);
                assertEquals(0, c.audit2.changes(h), () -> "the second audit changed " + h);
                assertEquals(0, c.apply2.changes(h), () -> "the second apply changed " + h + ": " + c.apply2);
                assertEquals("compliant", c.audit2.hostStatus(h), c.audit2::toString);
                assertEquals("compliant", c.apply2.hostStatus(h), c.apply2::toString);
                assertTrue(c.apply2.journalLines().isEmpty(), () -> "the second apply journaled a fix on " + h);
            }
            return c;
        }
    }

    @Test
    void message6703WithWsusPoolStoppedIsFixedByStartingThePool() {
        String h = "kp-pool-stopped";
        Cycle c = Cycle.of(SYNC_503, h, List.of(h));

        // The stopped pool is the cause; the 503s and the unreachable API are its consequences: blocked by it, and
        // the host is drifted (apply fixes it), never failed.
        assertEquals("drifted", c.audit1.hostStatus(h));
        String pool = c.audit1.step(h, "iis.apppool.state").get("step").asText();
        assertEquals(List.of(pool), names(c.audit1.host(h).get("root_causes")));
        JsonNode sync = c.audit1.step(h, "wsus.sync");
        assertEquals("blocked", sync.get("status").asText());
        assertEquals(List.of(pool), names(sync.get("blocked_by")));
        assertEquals("drift", c.audit1.stepStatus(h, "iis.apppool.state"));
        assertEquals("Stopped", c.audit1.step(h, "iis.apppool.state").get("before").get("state").asText());
        JsonNode http = c.audit1.step(h, "http.status");
        assertEquals("blocked", http.get("status").asText());
        assertEquals(List.of(pool), names(http.get("blocked_by")));
        assertEquals(503, http.get("before").get("status").asInt(), "the symptom itself: HTTP 503 on :8530");
        assertEquals("ok", c.apply1.stepStatus(h, "wsus.sync"), "judged for real once the pool runs");
        assertEquals("ok", c.audit1.stepStatus(h, "iis.apppool.private_memory"), "not the memory cause here");

        assertEquals("fixed", c.apply1.hostStatus(h));
        JsonNode start = c.apply1.step(h, "iis.apppool.state");
        assertEquals("fixed", start.get("status").asText());
        assertEquals("Started", start.get("after").get("state").asText());
        assertEquals("ok", c.apply1.stepStatus(h, "http.status"), "the web service is checked again after the fix");
        assertEquals(200, c.apply1.step(h, "http.status").get("before").get("status").asInt());
        assertEquals(1, c.apply1.changes(h), "exactly one change: the pool start");
        assertEquals("ok", c.apply1.stepStatus(h, "wsus.sync"), "re-checked after the start: the API answers");
        assertTrue(c.apply1.handlers(h).isEmpty(), "nothing notified the recycle handler");
    }

    @Test
    void message6703WithTheDefaultPrivateMemoryLimitIsFixedByRaisingItBeforeTheStart() {
        String busy = "kp-memory-busy";
        String quiet = "kp-memory-quiet";
        Cycle c = Cycle.of(SYNC_503, busy + "," + quiet, List.of(busy, quiet));

        for (String h : List.of(busy, quiet)) {
            JsonNode mem = c.audit1.step(h, "iis.apppool.private_memory");
            assertEquals("drift", mem.get("status").asText(), h);
            assertEquals(1843200, mem.get("before").get("privateMemoryKb").asLong(), h);
        }
        assertEquals(503, c.audit1.step(busy, "http.status").get("before").get("status").asInt());
        assertEquals("ok", c.audit1.stepStatus(quiet, "http.status"), "the quiet pool still serves");

        // The busy pool can only stay up because the limit was raised first (same playbook order as the catalog).
        JsonNode mem = c.apply1.step(busy, "iis.apppool.private_memory");
        assertEquals("fixed", mem.get("status").asText(), c.apply1::toString);
        assertEquals(4000000, mem.get("after").get("privateMemoryKb").asLong());
        assertEquals("fixed", c.apply1.stepStatus(busy, "iis.apppool.state"));
        assertEquals("ok", c.apply1.stepStatus(busy, "http.status"));
        for (String h : List.of(busy, quiet)) {
            List<JsonNode> handlers = c.apply1.handlers(h);
            assertEquals(1, handlers.size(), () -> h + " handlers: " + handlers);
            assertEquals("recycle WsusPool", handlers.get(0).get("step").asText());
            assertEquals("Started", handlers.get(0).get("after").get("state").asText());
        }
        // The busy pool was Stopped when its limit changed: nothing rotated, so the recycle applies the limit.
        assertEquals("fixed", c.apply1.handlers(busy).get(0).get("status").asText(), "the recycle ran, the pool survived");
        // The quiet pool was running: the configuration change rotated its worker, so the recycle only proves it.
        JsonNode quietRecycle = c.apply1.handlers(quiet).get(0);
        assertEquals("ok", quietRecycle.get("status").asText(), quietRecycle::toString);
        assertTrue(quietRecycle.get("message").asText().contains("already rotated"), quietRecycle::toString);
        assertEquals(3, c.apply1.changes(busy), "limit raised, pool started, pool recycled");
        assertEquals(2, c.apply1.changes(quiet), "limit raised, which rotated the worker; no second recycle");
        assertTrue(c.audit2.handlers(busy).isEmpty(), "an audit never runs handlers");
        assertTrue(c.apply2.handlers(busy).isEmpty(), "nothing was fixed, so nothing notified the handler");
    }

    @Test
    void someServicesAreNotRunningIsFixedForEverySqlFlavour() {
        String wid = "kp-svc-wid";
        String named = "kp-svc-named";
        String dflt = "kp-svc-default";
        Cycle c = Cycle.of(SERVICES, "kp-svc-*", List.of(wid, named, dflt));

        assertEquals("MSSQL$MICROSOFT##WID", c.audit1.step(wid, "wsus.services").get("before").get("sqlService").asText());
        assertEquals("MSSQL$WSUS", c.audit1.step(named, "wsus.services").get("before").get("sqlService").asText());
        assertEquals("MSSQLSERVER", c.audit1.step(dflt, "wsus.services").get("before").get("sqlService").asText());
        JsonNode widBefore = c.audit1.step(wid, "wsus.services").get("before");
        assertEquals("Stopped", widBefore.get("MSSQL$MICROSOFT##WID").asText());
        assertEquals("Stopped", widBefore.get("WsusService").asText());
        JsonNode dfltBefore = c.audit1.step(dflt, "wsus.services").get("before");
        assertEquals("Stopped", dfltBefore.get("W3SVC").asText(), "W3SVC goes down with WAS");
        assertEquals(503, c.audit1.step(dflt, "http.status").get("before").get("status").asInt());

        for (String h : List.of(wid, named, dflt)) {
            assertEquals("drift", c.audit1.stepStatus(h, "wsus.services"), h);
            JsonNode fix = c.apply1.step(h, "wsus.services");
            assertEquals("fixed", fix.get("status").asText(), () -> h + ": " + c.apply1);
            fix.get("expected").fields().forEachRemaining(
                    e -> assertEquals("Running", fix.get("after").get(e.getKey()).asText(), h + " " + e.getKey()));
            assertEquals("fixed", c.apply1.hostStatus(h));
        }
        assertEquals(2, c.apply1.changes(wid), "SQL then WsusService");
        assertEquals(2, c.apply1.changes(named), "SQL then WsusService");
        assertEquals(4, c.apply1.changes(dflt), "SQL, WAS, W3SVC, WsusService");
        assertEquals("ok", c.apply1.stepStatus(dflt, "http.status"), "IIS back up ends the 503");
    }

    @Test
    void error0x80070643IsFixedByAnApprovedGrantToTheSetupAccountAndGroupMembershipCounts() {
        String missing = "kp-setup-missing";
        String group = "kp-setup-group";
        Cycle c = Cycle.of(SQL_RIGHTS, "kp-setup-*", List.of(missing, group));

        JsonNode drift = c.audit1.step(missing, "sql.sysadmin");
        assertEquals("drift", drift.get("status").asText());
        assertEquals("LAB\\wsussetup", drift.get("before").get("login").asText(),
                "the setup account from the inventory, not the WinRM account, is checked");
        assertEquals("LAB\\wsusadmin", drift.get("before").get("caller").asText());
        assertFalse(drift.get("needs_approval").asBoolean(), "this playbook's step carries approve: true");

        JsonNode viaGroup = c.audit1.step(group, "sql.sysadmin");
        assertEquals("ok", viaGroup.get("status").asText(), c.audit1::toString);
        assertTrue(viaGroup.get("message").asText().contains("group"), viaGroup::toString);
        assertEquals("compliant", c.audit1.hostStatus(group));

        JsonNode grant = c.apply1.step(missing, "sql.sysadmin");
        assertEquals("fixed", grant.get("status").asText(), c.apply1::toString);
        assertEquals(1, grant.get("after").get("loginDirect").asInt());
        assertEquals(1, c.apply1.changes(missing), "one grant");
        assertEquals(0, c.apply1.changes(group), "sysadmin through a group is left alone");
        assertEquals("compliant", c.apply1.hostStatus(group));
        List<JsonNode> journal = c.apply1.journalLines();
        assertEquals(2, journal.size(), journal::toString);
        journal.forEach(l -> assertEquals(missing, l.get("host").asText()));
    }

    @Test
    void computerHasNotReportedStatusIsReportedButApplyCannotFixIt() {
        // Report only: the clients themselves are off, asleep or unplugged; nothing on the server fixes that. So
        // apply leaves the drift (exit 2), changes nothing, and a second audit still finds it.
        String h = "kp-clients-stale";
        Lab.Run audit1 = lab.audit(CLIENTS, h).exits(2);
        JsonNode stale = audit1.step(h, "wsus.clients.not_reporting");
        assertEquals("drift", stale.get("status").asText());
        assertEquals(12, stale.get("before").get("stale").asInt());
        assertEquals(240, stale.get("before").get("total").asInt());
        assertEquals(5, stale.get("before").get("byClass").get("offline").asInt());
        assertEquals(12, stale.get("before").get("clients").size(), "each stale client is listed");
        assertEquals("ok", audit1.stepStatus(h, "http.status"), "the server side is proven healthy");

        Lab.Run apply = lab.apply(CLIENTS, h).exits(2);
        JsonNode after = apply.step(h, "wsus.clients.not_reporting");
        assertEquals("drift", after.get("status").asText(), "never 'fixed'");
        assertTrue(after.get("message").asText().contains("report only"), after::toString);
        assertEquals("drifted", apply.hostStatus(h));
        assertEquals(0, apply.changes(h));
        assertTrue(apply.journalLines().isEmpty(), "no fix was attempted");

        Lab.Run audit2 = lab.audit(CLIENTS, h).exits(2);
        assertEquals("drift", audit2.stepStatus(h, "wsus.clients.not_reporting"));
        Lab.Run apply2 = lab.apply(CLIENTS, h).exits(2);
        assertEquals(0, apply2.changes(h));
    }

    @Test
    void theSysadminGrantRunsOnlyWithApproveTrue() {
        String h = "kp-approve";
        // wsus-health.yml's sysadmin step has no approve: apply reports the drift and leaves the server alone.
        Lab.Run unapproved = lab.apply(HEALTH, h).exits(2);
        JsonNode step = unapproved.step(h, "sql.sysadmin");
        assertEquals("drift", step.get("status").asText(), unapproved::toString);
        assertTrue(step.get("needs_approval").asBoolean());
        assertTrue(step.get("message").asText().contains("approve: true"), step::toString);
        assertEquals(0, unapproved.changes(h));
        assertTrue(unapproved.journalLines().isEmpty(), "the grant was not even started");
        assertEquals("drifted", unapproved.hostStatus(h));

        Lab.Run approved = lab.apply(SQL_RIGHTS, h).exits(0);
        assertEquals("fixed", approved.stepStatus(h, "sql.sysadmin"), approved::toString);
        assertEquals(1, approved.changes(h));

        Lab.Run health = lab.audit(HEALTH, h).exits(0);
        assertEquals("ok", health.stepStatus(h, "sql.sysadmin"), "the grant is what the next run sees");
    }

    @Test
    void aMemoryLimitAboveTheTargetIsNeverLoweredAndUnlimitedStaysUnlimited() {
        String high = "kp-mem-high";
        String unlimited = "kp-mem-unlimited";
        Lab.Run apply = lab.apply(SYNC_503, high + "," + unlimited).exits(0);
        JsonNode h = apply.step(high, "iis.apppool.private_memory");
        assertEquals("ok", h.get("status").asText());
        assertEquals(8000000, h.get("before").get("privateMemoryKb").asLong());
        JsonNode u = apply.step(unlimited, "iis.apppool.private_memory");
        assertEquals("ok", u.get("status").asText());
        assertEquals(0, u.get("before").get("privateMemoryKb").asLong());
        assertTrue(u.get("message").asText().contains("unlimited"), u::toString);
        for (String name : List.of(high, unlimited)) {
            assertEquals(0, apply.changes(name), name);
            assertTrue(apply.handlers(name).isEmpty(), name);
            assertEquals("compliant", apply.hostStatus(name));
        }
        assertTrue(apply.journalLines().isEmpty());

        // What the simulator kept: read back by the next run, the limits are as they were.
        Lab.Run audit = lab.audit(SYNC_503, high + "," + unlimited).exits(0);
        assertEquals(8000000, audit.step(high, "iis.apppool.private_memory").get("before").get("privateMemoryKb").asLong());
        assertEquals(0, audit.step(unlimited, "iis.apppool.private_memory").get("before").get("privateMemoryKb").asLong());
    }

    @Test
    void twoStepsThatNotifyTheRecycleHandlerRecycleThePoolOnce() {
        String h = "kp-two-notifies";
        Lab.Run apply = lab.apply(HEALTH, h).exits(0);
        assertEquals("fixed", apply.stepStatus(h, "iis.apppool.private_memory"), apply::toString);
        assertEquals("fixed", apply.stepStatus(h, "iis.apppool.settings"));
        List<JsonNode> handlers = apply.handlers(h);
        assertEquals(1, handlers.size(), handlers::toString);
        assertEquals("recycle WsusPool", handlers.get(0).get("step").asText());
        assertEquals("ok", handlers.get(0).get("status").asText(), "each commit rotated the worker: nothing to recycle");
        assertEquals(4, apply.changes(h), "limit raised and settings tuned, one rotation per commit, no recycle on top");
        long recycles = apply.journalLines().stream()
                .filter(l -> l.get("module").asText().equals("iis.apppool.recycle")).count();
        assertEquals(2, recycles, "one starting and one finished journal line for the handler, which recycled nothing");
        assertFalse(apply.cli().out().isEmpty());
    }
}
