package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * design.md's exit code table, each row (and the mixed cases) through the CLI against the simulator: 0 compliant
 * audit, 0 apply that fixed everything, 2 drift in audit, 2 failed step, 3 only unreachable (auth failures
 * included), 2 for failed or drifted plus unreachable, 4 invalid playbook or inventory, 5 bad options. Runs that
 * end in 4 or 5 must not have contacted a host: the simulator never starts, so no state file appears.
 */
class ExitCodesEndToEndTest {
    private static final String PLAYBOOK = "src/test/resources/e2e/fleet-report.yml";
    private static final Pattern POSITION = Pattern.compile("(?m)^\\S+\\.yml:\\d+:\\d+: ");

    @TempDir
    static Path dir;
    static Lab lab;

    @BeforeAll
    static void lab() {
        lab = Lab.fromYaml(dir, """
                all:
                  vars:
                    winrm_user: LAB\\wsusadmin
                    winrm_password_env: E2E_LAB_PASSWORD
                  hosts:
                    ok:
                      simulate: {}
                    drift:
                      simulate: { clients: { total: 40, stale: 2 } }
                    broken:
                      simulate: { apppool: { WsusPool: { state: Stopped } } }
                    failing:
                      simulate: { services: { "MSSQL$MICROSOFT##WID": Failing, WsusService: Stopped } }
                    down:
                      simulate: { fault: unreachable }
                    locked:
                      simulate: { fault: auth-rejected }
                """);
    }

    @Test
    void compliantAuditIs0() {
        Lab.Run r = lab.audit(PLAYBOOK, "ok").exits(0);
        assertEquals("compliant", r.hostStatus("ok"));
    }

    @Test
    void driftInAuditIs2AndAnApplyThatFixesEverythingIs0() {
        Lab.Run audit = lab.audit(PLAYBOOK, "drift").exits(2);
        assertEquals("drifted", audit.hostStatus("drift"), "drift alone, no failed step");
        Lab.Run stopped = lab.audit("src/test/resources/e2e/pool-only.yml", "broken").exits(2);
        assertEquals("drift", stopped.stepStatus("broken", "iis.apppool.state"));

        Lab.Run apply = lab.apply(PLAYBOOK, "broken").exits(0);
        assertEquals("fixed", apply.hostStatus("broken"));
        assertEquals(1, apply.report().get("summary").get("fixed").asInt());
    }

    @Test
    void aFailedStepIs2() {
        Lab.Run r = lab.apply(PLAYBOOK, "failing").exits(2);
        assertEquals("failed", r.hostStatus("failing"));
        assertEquals("failed", r.stepStatus("failing", "wsus.services"));
    }

    @Test
    void onlyUnreachableIs3AndAuthFailuresCountAsUnreachable() {
        lab.audit(PLAYBOOK, "down").exits(3);
        Lab.Run locked = lab.audit(PLAYBOOK, "locked").exits(3);
        assertEquals("unreachable", locked.hostStatus("locked"));
        assertTrue(locked.host("locked").get("message").asText().contains("401"), locked::toString);
        Lab.Run both = lab.audit(PLAYBOOK, "ok,down,locked").exits(3);
        assertEquals("compliant", both.hostStatus("ok"));
        lab.apply(PLAYBOOK, "ok,down").exits(3);
    }

    @Test
    void failedOrDriftedPlusUnreachableIs2() {
        lab.apply(PLAYBOOK, "failing,down").exits(2);
        lab.audit(PLAYBOOK, "drift,locked").exits(2);
    }

    @Test
    void anInvalidPlaybookOrInventoryIs4WithPositionsAndNoHostContacted() throws IOException {
        Path playbook = dir.resolve("typo.yml");
        Files.writeString(playbook, """
                name: typo
                hosts: all
                steps:
                  - name: pool
                    module: iis.apppool.stat
                """);
        Path simTypo = dir.resolve("sim-typo.yml");
        Files.writeString(simTypo, """
                all:
                  hosts:
                    h1:
                      simulate: { apppol: { WsusPool: { state: Stopped } } }
                """);
        Path brokenYaml = dir.resolve("broken.yml");
        Files.writeString(brokenYaml, "all:\n  hosts:\n    h1: { simulate: {}\n");
        List<List<String>> runs = List.of(
                List.of("audit", "-i", lab.inventory.toString(), playbook.toString()),
                List.of("apply", "-i", simTypo.toString(), PLAYBOOK),
                List.of("audit", "-i", brokenYaml.toString(), PLAYBOOK),
                List.of("validate", "-i", lab.inventory.toString(), playbook.toString()));
        for (List<String> args : runs) {
            Path state = dir.resolve("never-" + runs.indexOf(args) + ".json");
            CliRun r = run(args, state);
            assertEquals(4, r.exitCode(), () -> args + "\n" + r);
            assertTrue(POSITION.matcher(r.err()).find(), () -> "no file:line:col in\n" + r.err());
            assertFalse(Files.exists(state), () -> args + " started the simulator");
        }
        assertTrue(run(runs.get(0), dir.resolve("x.json")).err().contains("iis.apppool.state"),
                "the error suggests the module meant");
    }

    @Test
    void badOptionsAre5AndNoHostContacted() {
        String inv = lab.inventory.toString();
        List<List<String>> runs = List.of(
                List.of("audit", PLAYBOOK),
                List.of("audit", "-i", inv),
                List.of("audit", "-i", inv, PLAYBOOK, "--forks", "0"),
                List.of("audit", "-i", inv, PLAYBOOK, "--forks", "many"),
                List.of("audit", "-i", inv, PLAYBOOK, "--frobnicate"),
                List.of("audit", "-i", inv, PLAYBOOK, "--limit", "no-such-host"),
                List.of("audit", "-i", inv, PLAYBOOK, "--journal", "j.jsonl"),
                List.of("audtt", "-i", inv, PLAYBOOK));
        for (List<String> args : runs) {
            Path state = dir.resolve("never-opt-" + runs.indexOf(args) + ".json");
            CliRun r = run(args, state);
            assertEquals(5, r.exitCode(), () -> args + "\n" + r);
            assertTrue(r.err().contains("error"), () -> args + " says what is wrong:\n" + r.err());
            assertFalse(Files.exists(state), () -> args + " started the simulator");
        }
    }

    private static CliRun run(List<String> args, Path state) {
        List<String> all = new ArrayList<>(args);
        if (!args.get(0).equals("validate")) {
            all.addAll(List.of("--sim-state", state.toString(), "--no-progress"));
        }
        return CliRun.run(lab.env, all.toArray(String[]::new));
    }
}
