package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "Windows as it really is", end to end through the CLI, winrm4j and the simulator: each behaviour the
 * simulator was taught (and the README's Windows-behaviour table cites) against the shipped playbooks.
 */
class WindowsBehaviourTest {
    private static final String HEALTH = "playbooks/wsus-health.yml";
    private static final String POOL = "WsusPool is started";

    @TempDir
    static Path dir;
    static Lab lab;

    @BeforeAll
    static void lab() {
        lab = Lab.fromResource(dir, "windows-behaviour.yml");
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

    @Test
    void aHealthySslConfiguredServerIsCompliant() {
        Lab.Run audit = lab.audit(HEALTH, "ws-ssl-healthy");
        assertEquals(0, audit.exit(), audit.cli()::toString);
        JsonNode client = step(audit.host("ws-ssl-healthy"), "the WSUS client web service answers 200");
        assertTrue(client.get("before").get("url").asText().startsWith("https://ws-ssl-healthy.lab.example:8531/"),
                "probed where clients reach it: " + client);
    }

    @Test
    void anSslConfiguredServerWithItsPoolStoppedIsDriftedAndFixed() {
        Lab.Run audit = lab.audit(HEALTH, "ws-ssl-pool-stopped").exits(2);
        JsonNode h = audit.host("ws-ssl-pool-stopped");
        assertEquals("drifted", h.get("status").asText(), h::toString);
        assertEquals(List.of(POOL), texts(h.get("root_causes")));
        JsonNode api = step(h, "the WSUS admin API answers 200");
        assertEquals("blocked", api.get("status").asText());
        assertEquals(503, api.get("before").get("status").asInt(), "the pool's consequence, over HTTPS: " + api);
        Lab.Run apply = lab.apply(HEALTH, "ws-ssl-pool-stopped").exits(0);
        assertEquals("fixed", apply.hostStatus("ws-ssl-pool-stopped"));
        assertEquals("ok", step(apply.host("ws-ssl-pool-stopped"), "the last synchronization succeeded within 48 hours")
                .get("status").asText(), "the API is reached with SSL once the pool runs");
        lab.audit(HEALTH, "ws-ssl-pool-stopped").exits(0);
    }

    @Test
    void a403Point4IsSslRequiredNeverDrift() {
        Lab.Run audit = lab.audit("src/test/resources/e2e/ssl-plain-url.yml", "ws-ssl-healthy");
        JsonNode s = step(audit.host("ws-ssl-healthy"), "client.asmx over plain HTTP");
        assertTrue(!s.get("status").asText().equals("drift"), "not drift of the service: " + s);
        assertTrue(s.get("message").asText().contains("SSL required"), s::toString);
        assertTrue(s.get("message").asText().contains("https://ws-ssl-healthy.lab.example:8531/ClientWebService/client.asmx"),
                "says where the service is: " + s);
    }

    @Test
    void aPoolThatFallsOverOnceRequestsArriveIsNeverFixed() {
        Lab.Run apply = lab.apply("playbooks/wsus-sync-503.yml", "ws-pool-crashes").exits(2);
        JsonNode pool = step(apply.host("ws-pool-crashes"), POOL);
        assertEquals("failed", pool.get("status").asText(), "never fixed: " + pool);
        assertTrue(pool.get("message").asText().contains("did not stay up") && pool.get("message").asText().contains("WAS 5009"),
                pool::toString);
        assertEquals("failed", apply.hostStatus("ws-pool-crashes"));
        assertTrue(apply.cli().out().contains("fixed=0"), apply.cli()::toString);
    }

    @Test
    void aWsusServiceThatStopsWithoutItsDatabaseIsNeverFixed() {
        Lab.Run apply = lab.apply("src/test/resources/e2e/wsus-service-only.yml", "ws-wsus-no-db").exits(2);
        JsonNode svc = step(apply.host("ws-wsus-no-db"), "WsusService is running");
        assertEquals("failed", svc.get("status").asText(), "never fixed: " + svc);
        assertTrue(svc.get("message").asText().contains("event 507"), svc::toString);
        Lab.Run audit = lab.audit("src/test/resources/e2e/wsus-service-only.yml", "ws-wsus-no-db").exits(2);
        assertEquals("drift", step(audit.host("ws-wsus-no-db"), "WsusService is running").get("status").asText(),
                "and it is down again afterwards");
    }

    /** Every change the simulated host recorded so far, in order, from the lab's state file. */
    private static List<String> changesOf(String host) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(lab.state.toFile()).get("hosts").get(host)
                .get("changes").forEach(c -> out.add(c.get("what").asText()));
        return out;
    }

    @Test
    void oneRecycleNotTwoAndSettingsCommitOnce() throws Exception {
        Lab.Run apply = lab.apply(HEALTH, "ws-config-rotates").exits(0);
        assertEquals("fixed", apply.hostStatus("ws-config-rotates"), apply.cli()::toString);
        List<String> changes = changesOf("ws-config-rotates");
        assertEquals(List.of("pool WsusPool private memory limit 1843200 -> 4000000 KB",
                "pool WsusPool recycled (configuration change)",
                "pool WsusPool tuned: queueLength, processModel.idleTimeout, processModel.pingingEnabled",
                "pool WsusPool recycled (configuration change)"), changes,
                "one rotation per configuration commit (three settings in one), and no recycle on top");
        JsonNode handler = apply.handlers("ws-config-rotates").get(0);
        assertEquals("ok", handler.get("status").asText(), handler::toString);
        assertTrue(handler.get("message").asText().contains("already rotated"), handler::toString);

        lab.apply(HEALTH, "ws-config-no-rotation").exits(0);
        assertEquals(List.of("pool WsusPool private memory limit 1843200 -> 4000000 KB", "pool WsusPool recycled"),
                changesOf("ws-config-no-rotation"), "without rotation on change, the recycle applies the limit, once");
    }

    @Test
    void withoutTheApiToolsTheApiChecksNameWhatIsMissing() {
        Lab.Run audit = lab.audit(HEALTH, "ws-no-api-tools");
        JsonNode sync = step(audit.host("ws-no-api-tools"), "the last synchronization succeeded within 48 hours");
        assertEquals("failed", sync.get("status").asText(), sync::toString);
        assertTrue(sync.get("message").asText().contains("WSUS API tools not installed"), sync::toString);
        assertEquals("ok", step(audit.host("ws-no-api-tools"), "the WSUS admin API answers 200").get("status").asText(),
                "the web service itself is healthy");
    }
}
