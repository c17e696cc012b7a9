package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.inventory.Secret;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimulatedFleet;

/**
 * The WinRM password never appears in anything wsusctl writes: a canary password goes through a full audit
 * and apply at {@code -vv} / {@code -vvv} (library debug on the console) with a debug log file, every report, the journal, {@code --diff} and a state
 * file, on a fleet with healthy, fixable, failing, auth-rejected, wrong-password and unreachable hosts.
 * Every byte of stdout, stderr and every file is searched for the canary, for fragments of it, and for
 * its base64 (at every alignment, as inside an HTTP Basic header), URL-, JSON- and XML-encoded forms.
 */
class SecretsTest {
    static final String CANARY = "Canary-7f3e-PASSWORD-xyz+/=&%";

    @TempDir
    Path dir;

    /** Every form in which the canary could be written. */
    static Set<String> forms() {
        Set<String> f = new LinkedHashSet<>();
        f.add(CANARY);
        f.add("7f3e-PASSWORD");
        f.add(URLEncoder.encode(CANARY, StandardCharsets.UTF_8));
        f.add(CANARY.replace("&", "&amp;"));
        f.add(CANARY.replace("/", "\\/"));
        f.add(Base64.getEncoder().encodeToString((TestFleet.USER + ":" + CANARY).getBytes(StandardCharsets.UTF_8)));
        byte[] canary = CANARY.getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < 3; k++) {
            // base64 of any text with the canary at byte offset k (mod 3) contains this run of characters
            byte[] shifted = new byte[k + canary.length];
            System.arraycopy(canary, 0, shifted, k, canary.length);
            String enc = Base64.getEncoder().encodeToString(shifted);
            int g0 = (k + 2) / 3;
            int g1 = (k + canary.length) / 3;
            f.add(enc.substring(4 * g0, 4 * g1));
            f.add(Base64.getUrlEncoder().encodeToString(shifted).substring(4 * g0, 4 * g1));
        }
        return f;
    }

    @Test
    void canaryPasswordNeverAppearsInAnyOutputOfAuditAndApply() throws Exception {
        // A real (non-simulated) host whose server expects another password: the canary is sent and refused.
        try (SimulatedFleet other = TestFleet.start(Map.of("elsewhere", Map.of()), "not-the-canary", false)) {
            Path inv = dir.resolve("inv.yml");
            Files.writeString(inv, """
                    all:
                      vars:
                        winrm_user: LAB\\tester
                        winrm_password_env: LAB_PW
                        connect_timeout: 3
                        operation_timeout: 2
                      hosts:
                        healthy: { simulate: {} }
                        fixable:
                          simulate:
                            apppool: { WsusPool: { state: Stopped, private_memory_kb: 1843200 } }
                            services: { WsusService: Stopped }
                        failing: { simulate: { fault: garbage } }
                        rejecting: { simulate: { fault: auth-rejected } }
                        refused: { simulate: { fault: unreachable } }
                        wrong-password:
                          ansible_host: 127.0.0.1
                          winrm_port: %d
                          winrm_scheme: http
                          winrm_transport: basic
                          allow_insecure_basic: true
                    """.formatted(other.endpoints().get("elsewhere").getPort()));
            Map<String, String> env = Map.of("LAB_PW", CANARY);
            List<String> outputs = new ArrayList<>();
            for (String mode : List.of("audit", "apply")) {
                List<String> args = new ArrayList<>(List.of(mode, "-i", inv.toString(), "playbooks/wsus-sync-503.yml",
                        mode.equals("audit") ? "-vv" : "-vvv", "--diff", "--no-progress", "--timeout", "60",
                        "--log-file", dir.resolve("debug.log").toString(),
                        "--sim-state", dir.resolve("state.json").toString(),
                        "--report-json", dir.resolve(mode + ".json").toString(),
                        "--report-junit", dir.resolve(mode + ".xml").toString(),
                        "--report-html", dir.resolve(mode + ".html").toString()));
                if (mode.equals("apply")) {
                    args.addAll(List.of("--journal", dir.resolve("journal.jsonl").toString()));
                }
                Cli r = Cli.run(env, args.toArray(String[]::new));
                assertEquals(2, r.exitCode(), mode + ":\n" + r);
                outputs.add(mode + " stdout:\n" + r.out());
                outputs.add(mode + " stderr:\n" + r.err());
            }
            assertTrue(other.requests("elsewhere") > 0, "the wrong password was really sent and refused");
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.equals(inv)).toList();
            }
            assertTrue(files.size() >= 9, "every report, the journal, the log and the state file: " + files);
            assertTrue(Files.size(dir.resolve("debug.log")) > 10_000, "the debug log has content");
            assertTrue(Files.readString(dir.resolve("journal.jsonl")).contains("fixable"), "a fix was journaled");
            for (Path f : files) {
                outputs.add(f + ":\n" + new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
            for (String text : outputs) {
                for (String form : forms()) {
                    int at = text.indexOf(form);
                    assertTrue(at < 0, "password form '" + form + "' in " + text.lines().findFirst().orElse("")
                            + " near: " + text.substring(Math.max(0, at - 200), Math.min(text.length(), at + 50)));
                }
            }
        }
    }

    @Test
    void secretHoldersNeverPrintTheValue() {
        Secret s = new Secret(CANARY.toCharArray());
        assertFalse(s.toString().contains(CANARY) || String.valueOf(s).contains("PASSWORD"));
        assertEquals(CANARY, s.revealAsString(), "the transport still gets it");
        SimHostSpec spec = new SimHostSpec("h", Map.of(), Optional.of(TestFleet.USER), Optional.of(CANARY), false);
        assertFalse(spec.toString().contains(CANARY), spec.toString());
        s.wipe();
        assertFalse(s.revealAsString().contains("PASSWORD"), "wiped");
    }
}
