package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimOptions;
import org.wsusctl.sim.SimRequest;
import org.wsusctl.sim.SimTransport;
import org.wsusctl.sim.SimulatedFleet;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * 50 servers, each with its own account and password (its own environment variable), audited in parallel over
 * NTLM by one wsusctl process (one winrm4j client context, one HTTP client shared by the hosts that do not seal):
 * 25 over HTTP with sealed messages, 25 over HTTPS. The servers are started by the test, so it can read which
 * account every request a server answered was authenticated as.
 *
 * <ul>
 *   <li>every request of every server is its own account's, and HTTP ones were sealed;</li>
 *   <li>a host whose password is wrong is unreachable, "authentication rejected", and no other host notices;</li>
 *   <li>other names for some HTTPS servers (same account, wrong password), audited by a second play of the same
 *       run once the first is done, are refused too: they must not be let in on the connections the first play
 *       logged in and left in the shared pool (winrm4j issue #63; this failed before
 *       {@code ClientKeyedConduitFactory}).</li>
 * </ul>
 */
class NtlmFleetTest {
    private static final int HOSTS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static String name(int i) {
        return String.format("wsus%02d", i);
    }

    private static String account(int i) {
        return String.format("LAB\\svc%02d", i);
    }

    @Test
    void everyHostLogsInWithItsOwnCredentialsAndAWrongPasswordStaysItsOwnProblem() throws Exception {
        SecureRandom random = new SecureRandom();
        Map<String, String> env = new LinkedHashMap<>();
        List<SimHostSpec> specs = new ArrayList<>();
        for (int i = 1; i <= HOSTS; i++) {
            String pw = "pw" + i + "-" + HexFormat.of().formatHex(random.generateSeed(6));
            env.put(String.format("PW_%02d", i), pw);
            specs.add(new SimHostSpec(name(i), Map.of(), Optional.of(account(i)), Optional.of(pw), i > HOSTS / 2,
                    SimTransport.NTLM));
        }
        specs.add(new SimHostSpec("wrongpw", Map.of(), Optional.of("LAB\\svc-wrong"), Optional.of("the-right-one"),
                false, SimTransport.NTLM));
        env.put("PW_WRONG", "not-the-right-one");
        env.put("PW_ALIAS", "not-their-password");
        env.put("HOME", dir.toString());
        env.put("XDG_STATE_HOME", dir.toString());
        List<Integer> aliased = List.of(26, 33, 41, 50);

        try (SimulatedFleet fleet = SimulatedFleet.start(specs, SimOptions.defaults(), new WsusModelFactory())) {
            StringBuilder inv = new StringBuilder("""
                    all:
                      vars:
                        winrm_transport: ntlm
                        ansible_host: 127.0.0.1
                        ca_file: %s
                      children:
                        fleet:
                          hosts:
                    """.formatted(fleet.certificatePem().orElseThrow()));
            for (int i = 1; i <= HOSTS; i++) {
                URI uri = fleet.endpoints().get(name(i));
                inv.append(String.format("            %s: { winrm_scheme: %s, winrm_port: %d, winrm_user: '%s',"
                        + " winrm_password_env: PW_%02d }%n", name(i), uri.getScheme(), uri.getPort(), account(i), i));
            }
            inv.append(String.format("            wrongpw: { winrm_scheme: http, winrm_port: %d, winrm_user: 'LAB\\svc-wrong',"
                    + " winrm_password_env: PW_WRONG }%n", fleet.endpoints().get("wrongpw").getPort()));
            inv.append("    aliases:\n      hosts:\n");
            for (int i : aliased) {
                inv.append(String.format("        alias-of-%s: { winrm_scheme: https, winrm_port: %d, winrm_user: '%s',"
                        + " winrm_password_env: PW_ALIAS }%n", name(i), fleet.endpoints().get(name(i)).getPort(),
                        account(i)));
            }
            Path inventory = Files.writeString(dir.resolve("fleet.yml"), inv.toString());
            Path report = dir.resolve("report.json");

            CliRun run = CliRun.run(env, "audit", "-i", inventory.toString(), "src/test/resources/e2e/auth/fleet.yml",
                    "src/test/resources/e2e/auth/aliases.yml", "--forks", "60", "--no-progress",
                    "--report-json", report.toString());
            JsonNode r = JSON.readTree(report.toFile());
            assertEquals(3, run.exitCode(), run::toString);

            for (int i = 1; i <= HOSTS; i++) {
                String h = name(i);
                assertEquals("compliant", status(r, h), h + ": " + run);
                // every request the server served (not refused with 401) was its own account's
                List<SimRequest> served = fleet.requestLog(h).stream().filter(q -> q.account().isPresent()).toList();
                assertFalse(served.isEmpty(), h);
                for (SimRequest q : served) {
                    assertEquals(Optional.of(account(i)), q.account(), h + " answered " + q);
                    assertEquals(i <= HOSTS / 2, q.sealed(), h + ": sealed only over HTTP: " + q);
                }
                // one shell: the aliases' wrong password never opened one
                assertEquals(1, served.stream().filter(q -> q.action().equals("Create")).count(),
                        h + " served a Create it should not have: " + served);
            }
            assertEquals("unreachable", status(r, "wrongpw"), run::toString);
            assertTrue(host(r, "wrongpw").toString().contains("authentication rejected for LAB\\\\svc-wrong (NTLM)"),
                    () -> host(r, "wrongpw").toString());
            assertTrue(fleet.requestLog("wrongpw").stream().allMatch(q -> q.account().isEmpty()),
                    "nothing was served to a wrong password");
            for (int i : aliased) {
                String alias = "alias-of-" + name(i);
                assertEquals("unreachable", status(r, alias), alias + " was let in: " + run);
                assertTrue(host(r, alias).toString().contains("authentication rejected"), () -> host(r, alias).toString());
            }
            assertFalse(run.toString().contains(env.get("PW_01")), "a password was printed");
        }
    }

    /**
     * A playbook of 250 distinct pools over sealed NTLM: every pool's fact request used to be staged in the Create
     * message's environment, and a Create past 128 KiB cannot be sealed by winrm4j ("Cannot encrypt WinRM
     * message"; see {@code PsInvocation.MAX_CREATE_ENV_BYTES}), so every host failed. Now the Create holds what fits
     * and the rest follows on command lines in the same shell: each host is judged by its own pools, including one
     * staged and one sent after the Create.
     */
    @Test
    void aPlaybookOfManyDistinctPoolsFitsTheSealedCreateAndJudgesEveryPool() throws Exception {
        int pools = 250;
        StringBuilder playbook = new StringBuilder("name: many pools\nhosts: all\nsteps:\n");
        Map<String, Object> allStarted = new LinkedHashMap<>();
        for (int p = 1; p <= pools; p++) {
            String pool = String.format("Pool%03d", p);
            playbook.append("  - name: ").append(pool).append(" is started\n    module: iis.apppool.state\n")
                    .append("    args: { pool: ").append(pool).append(", soak_seconds: 0 }\n");
            allStarted.put(pool, Map.of("state", "Started"));
        }
        Map<String, Object> twoStopped = new LinkedHashMap<>(allStarted);
        twoStopped.put("Pool007", Map.of("state", "Stopped")); // staged in the Create
        twoStopped.put("Pool250", Map.of("state", "Stopped")); // past the Create's room: a later pass
        String account = "LAB\\svc-pools";
        String pw = "pools-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        List<SimHostSpec> specs = List.of(
                new SimHostSpec("calm", Map.of("apppool", allStarted), Optional.of(account), Optional.of(pw), false,
                        SimTransport.NTLM),
                new SimHostSpec("stopped", Map.of("apppool", twoStopped), Optional.of(account), Optional.of(pw), false,
                        SimTransport.NTLM));
        try (SimulatedFleet fleet = SimulatedFleet.start(specs, SimOptions.defaults(), new WsusModelFactory())) {
            StringBuilder inv = new StringBuilder("all:\n  vars:\n    winrm_transport: ntlm\n"
                    + "    ansible_host: 127.0.0.1\n    winrm_scheme: http\n    winrm_user: 'LAB\\svc-pools'\n"
                    + "    winrm_password_env: PW_POOLS\n  hosts:\n");
            for (SimHostSpec h : specs) {
                inv.append("    ").append(h.name()).append(": { winrm_port: ")
                        .append(fleet.endpoints().get(h.name()).getPort()).append(" }\n");
            }
            Path inventory = Files.writeString(dir.resolve("pools.yml"), inv.toString());
            Path book = Files.writeString(dir.resolve("many-pools.yml"), playbook.toString());
            Path report = dir.resolve("pools.json");
            CliRun run = CliRun.run(Map.of("PW_POOLS", pw, "HOME", dir.toString(), "XDG_STATE_HOME", dir.toString()),
                    "audit", "-i", inventory.toString(), book.toString(), "--no-progress",
                    "--report-json", report.toString());
            JsonNode r = JSON.readTree(report.toFile());
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("compliant", status(r, "calm"), run::toString);
            assertEquals("drifted", status(r, "stopped"), run::toString);
            List<String> drifted = new ArrayList<>();
            for (JsonNode step : host(r, "stopped").get("steps")) {
                if (!step.get("status").asText().equals("ok")) {
                    drifted.add(step.get("step").asText() + " " + step.get("status").asText());
                }
            }
            assertEquals(List.of("Pool007 is started drift", "Pool250 is started drift"), drifted, run::toString);
            for (SimHostSpec h : specs) {
                List<SimRequest> served = fleet.requestLog(h.name()).stream().filter(q -> q.account().isPresent())
                        .toList();
                assertTrue(served.stream().allMatch(SimRequest::sealed), h.name() + ": every message sealed");
                assertEquals(1, served.stream().filter(q -> q.action().equals("Create")).count(),
                        h.name() + ": one shell, its later passes in it");
                assertTrue(served.stream().filter(q -> q.action().equals("Command")).count() > 1,
                        h.name() + ": what the Create had no room for followed in later commands");
            }
        }
    }

    private static JsonNode host(JsonNode report, String name) {
        for (JsonNode h : report.get("hosts")) {
            if (h.get("name").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no host " + name + " in " + report);
    }

    private static String status(JsonNode report, String name) {
        return host(report, name).get("status").asText();
    }
}
