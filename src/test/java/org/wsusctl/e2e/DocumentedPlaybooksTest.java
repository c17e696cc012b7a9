package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every playbook the README shows (design.md's contract example among them) loads, validates and runs: each
 * fenced YAML block with {@code steps:} is written to a file, {@code validate}d, audited on a healthy simulated
 * host (compliant: exit 0) and applied. A documented example that does not work is a broken promise.
 */
class DocumentedPlaybooksTest {
    private static final Pattern YAML = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    static List<String> playbooks(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = YAML.matcher(markdown);
        while (m.find()) {
            if (m.group(1).contains("\nsteps:")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void everyPlaybookInTheReadmeLoadsValidatesAndRuns() throws Exception {
        List<String> docs = playbooks(Files.readString(Path.of("README.md")));
        assertTrue(docs.size() >= 2, "the README shows its playbooks: " + docs.size());
        assertTrue(docs.stream().anyMatch(d -> d.contains("args: { pool: WsusPool, state: Started }")),
                "design.md's contract example is among them");
        Lab lab = Lab.fromYaml(dir, """
                all:
                  vars:
                    winrm_user: LAB\\\\wsusadmin
                    winrm_password_env: E2E_LAB_PASSWORD
                  children:
                    wsus:
                      hosts:
                        doc-wsus:
                          simulate: {}
                """);
        int n = 0;
        for (String yaml : docs) {
            Path pb = dir.resolve("readme-" + (++n) + ".yml");
            Files.writeString(pb, yaml);
            CliRun validate = CliRun.run(Map.of(), "validate", "-i", lab.inventory.toString(), pb.toString());
            assertEquals(0, validate.exitCode(), yaml + "\n" + validate);
            Lab.Run audit = lab.audit(pb.toString(), null);
            assertEquals(0, audit.exit(), yaml + "\n" + audit.cli());
            assertEquals("compliant", audit.hostStatus("doc-wsus"));
            Lab.Run apply = lab.apply(pb.toString(), null);
            assertEquals(0, apply.exit(), yaml + "\n" + apply.cli());
            assertEquals(0, apply.changes("doc-wsus"), "a healthy host needs nothing");
        }
    }
}
