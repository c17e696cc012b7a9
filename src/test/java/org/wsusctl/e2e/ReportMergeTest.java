package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report merge} through the command line, on shard reports of real (simulated) runs: a whole set merges
 * into the report and exit code of one run; a set that is not exactly the shards of one split of one fleet is
 * refused with exit 4, naming each problem and the files (a missing shard, a shard given twice, another mode,
 * other playbooks, another split, a host in two reports, a report that is not a shard's), and nothing is written.
 * The runs are made once for all the cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("LAB_PW", "merge-pw");
    private static final String PLAYBOOK = "src/test/resources/e2e/sharded-fleet.yml";

    @TempDir
    static Path dir;

    private Path inv;
    private CliRun whole;

    @BeforeAll
    void runTheShards() throws Exception {
        inv = dir.resolve("fleet.yml");
        Files.writeString(inv, """
                all:
                  vars: { winrm_user: tester, winrm_password_env: LAB_PW }
                  children:
                    susdb:
                      vars: { max_parallel_fixes: 1 }
                      hosts:
                        db1: { site: eu, simulate: { latency_ms: 1, services: { WsusService: Stopped } } }
                        db2: { site: eu, simulate: { latency_ms: 1, services: { WsusService: Stopped } } }
                    fleet:
                      hosts:
                        w1: { site: eu, simulate: { latency_ms: 1 } }
                        w2: { site: us, simulate: { latency_ms: 1, apppool: { WsusPool: { state: Stopped } } } }
                        w3: { site: us, simulate: { latency_ms: 1, site: { state: Stopped } } }
                        w4: { site: ap, simulate: { latency_ms: 1, fault: unreachable } }
                        w5: { site: ap, simulate: { latency_ms: 1 } }
                        w6: { site: us, simulate: { latency_ms: 1, services: { W3SVC: Stopped } } }
                """);
        whole = audit("whole.json", List.of());
        assertEquals(2, whole.exitCode(), whole::toString);
        audit("s1.json", List.of("--shard", "1/2"));
        audit("s2.json", List.of("--shard", "2/2"));
        Files.copy(dir.resolve("s1.json"), dir.resolve("s1-again.json"));
        audit("s2-by-site.json", List.of("--shard", "2/2", "--shard-by", "site"));
        audit("s2-other-playbook.json", List.of("--shard", "2/2"), "src/test/resources/e2e/services-only.yml");
        CliRun apply = CliRun.run(ENV, "apply", "-i", inv.toString(), PLAYBOOK, "--shard", "2/2", "--no-progress",
                "--no-retry-file", "--journal", dir.resolve("j.jsonl").toString(), "--sim-state",
                dir.resolve("state.json").toString(), "--report-json", dir.resolve("s2-apply.json").toString());
        assertTrue(Files.exists(dir.resolve("s2-apply.json")), apply::toString);
        // shard 2's report with a host of shard 1 added (and the summary made to add up again)
        ObjectNode s2 = (ObjectNode) JSON.readTree(dir.resolve("s2.json").toFile());
        JsonNode stolen = JSON.readTree(dir.resolve("s1.json").toFile()).get("hosts").get(0);
        ((ArrayNode) s2.get("hosts")).add(stolen);
        ObjectNode sum = (ObjectNode) s2.get("summary");
        sum.put("hosts", sum.get("hosts").asInt() + 1);
        sum.put(stolen.get("status").asText(), sum.get(stolen.get("status").asText()).asInt() + 1);
        JSON.writeValue(dir.resolve("s2-dup-host.json").toFile(), s2);
    }

    private CliRun audit(String report, List<String> extra) {
        return audit(report, extra, PLAYBOOK);
    }

    private CliRun audit(String report, List<String> extra, String playbook) {
        List<String> args = new ArrayList<>(List.of("audit", "-i", inv.toString(), playbook, "--no-progress",
                "--no-retry-file", "--report-json", dir.resolve(report).toString()));
        args.addAll(extra);
        CliRun r = CliRun.run(ENV, args.toArray(String[]::new));
        assertTrue(Files.exists(dir.resolve(report)), r::toString);
        return r;
    }

    private CliRun merge(String... reports) {
        List<String> args = new ArrayList<>(List.of("report", "merge"));
        for (String r : reports) {
            args.add(dir.resolve(r).toString());
        }
        args.addAll(List.of("--report-json", dir.resolve("merged.json").toString(), "--report-html",
                dir.resolve("merged.html").toString(), "--report-junit", dir.resolve("merged.xml").toString()));
        return CliRun.run(ENV, args.toArray(String[]::new));
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    /** Refused with exit 4, each expected problem on its own error line, and no merged report written. */
    private void refused(CliRun r, String... problems) throws Exception {
        assertEquals(4, r.exitCode(), r::toString);
        for (String p : problems) {
            assertTrue(r.err().contains("wsusctl report merge: error: " + p), () -> "expected '" + p + "' in\n" + r);
        }
        assertTrue(r.err().contains(problems.length + " problem(s); nothing was merged"), r::toString);
        assertFalse(Files.exists(dir.resolve("merged.json")), "a refused merge wrote a report");
        assertFalse(Files.exists(dir.resolve("merged.html")));
        assertFalse(Files.exists(dir.resolve("merged.xml")));
    }

    @Test
    void theShardsMergeIntoTheWholeRun() throws Exception {
        try {
            CliRun r = merge("s2.json", "s1.json");
            assertEquals(whole.exitCode(), r.exitCode(), r::toString);
            JsonNode merged = JSON.readTree(dir.resolve("merged.json").toFile());
            JsonNode one = JSON.readTree(dir.resolve("whole.json").toFile());
            assertEquals(one.get("summary"), merged.get("summary"));
            assertEquals(8, merged.get("selected_hosts").asInt());
            assertTrue(merged.get("shard").isNull(), merged::toString);
            assertEquals(2, merged.get("merged").get("total").asInt());
            assertEquals(List.of(1, 2), List.of(merged.get("merged").get("reports").get(0).get("index").asInt(),
                    merged.get("merged").get("reports").get(1).get("index").asInt()), "shard order, not argument order");
            assertTrue(r.out().startsWith("merged 2 shards (audit of " + PLAYBOOK + ", 8 selected hosts): shard 1/2 "
                    + file("s1.json")), r::toString);
            assertTrue(r.out().contains("hosts=8 "), r::toString);
            assertTrue(Files.readString(dir.resolve("merged.html")).contains("merged from 2 shards"));
            assertTrue(Files.readString(dir.resolve("merged.xml")).contains("tests="));
            assertEquals(List.of(), hostsIn(merged).stream().filter(h -> !hostsIn(one).contains(h)).toList());
            assertEquals(hostsIn(one).size(), hostsIn(merged).size());
            try (InputStream in = Files.newInputStream(Path.of("schemas/report.schema.json"))) {
                var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
                for (String f : List.of("s1.json", "whole.json", "merged.json")) {
                    JsonNode report = JSON.readTree(dir.resolve(f).toFile());
                    assertEquals(Set.of(), schema.validate(report), f + " against the report schema");
                }
            }
            JsonNode s1 = JSON.readTree(dir.resolve("s1.json").toFile());
            assertEquals(JSON.readTree("{\"index\": 1, \"total\": 2, \"by\": null}"), s1.get("shard"));
            assertEquals(one.get("selection_digest"), s1.get("selection_digest"), "a shard of the whole run's fleet");
            assertTrue(one.get("shard").isNull(), one::toString);
        } finally {
            for (String f : List.of("merged.json", "merged.html", "merged.xml")) {
                Files.deleteIfExists(dir.resolve(f));
            }
        }
    }

    private static List<String> hostsIn(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("hosts").forEach(h -> out.add(h.get("name").asText() + "=" + h.get("status").asText()));
        return out;
    }

    @Test
    void aMissingShardIsNamed() throws Exception {
        refused(merge("s1.json"), "shard 2/2 is missing (given: 1/2)");
    }

    @Test
    void aShardGivenTwiceIsNamedWithItsFiles() throws Exception {
        // said once, not once for each of its hosts
        CliRun r = merge("s1.json", "s1-again.json", "s2.json");
        refused(r, "shard 1/2 is given 2 times: " + file("s1.json") + ", " + file("s1-again.json"));
        assertFalse(r.err().contains("more than one report"), r::toString);
        refused(merge("s1.json", "s1-again.json"), "shard 1/2 is given 2 times", "shard 2/2 is missing (given: 1/2)");
    }

    @Test
    void anotherModeOrOtherPlaybooksAreRefused() throws Exception {
        refused(merge("s1.json", "s2-apply.json"), file("s2-apply.json") + ": mode apply, but " + file("s1.json")
                + " is audit: an audit and an apply cannot be merged");
        refused(merge("s1.json", "s2-other-playbook.json"), file("s2-other-playbook.json")
                + ": playbooks [src/test/resources/e2e/services-only.yml], but " + file("s1.json") + " ran ["
                + PLAYBOOK + "]: every shard must run the same playbooks");
    }

    @Test
    void anotherSplitIsRefused() throws Exception {
        refused(merge("s1.json", "s2-by-site.json"), file("s2-by-site.json") + ": shard 2/2 by site, but "
                + file("s1.json") + " is shard 1/2: a different split of the fleet",
                // the two splits placed w5 differently: it is said too
                "1 host is in more than one report: w5 in " + file("s1.json"));
    }

    @Test
    void aHostInTwoReportsIsNamed() throws Exception {
        String host = JSON.readTree(dir.resolve("s1.json").toFile()).get("hosts").get(0).get("name").asText();
        refused(merge("s1.json", "s2-dup-host.json"), "1 host is in more than one report: " + host + " in "
                + file("s1.json") + " (shard 1/2) and " + file("s2-dup-host.json") + " (shard 2/2)");
    }

    @Test
    void reportsThatAreNotAShardsAreRefused() throws Exception {
        refused(merge("whole.json", "s1.json", "s2.json"), file("whole.json") + ": not a shard's report (it records"
                + " no shard: run audit/apply with --shard I/N)");
        Files.writeString(dir.resolve("broken.json"), "{\"schema\": ");
        CliRun broken = merge("s1.json", "broken.json");
        assertEquals(4, broken.exitCode(), broken::toString);
        assertTrue(broken.err().contains(file("broken.json") + ":1:"), broken::toString);
        assertTrue(broken.err().contains("expected a wsusctl JSON report, found invalid JSON"), broken::toString);
        CliRun none = CliRun.run(ENV, "report", "merge");
        assertEquals(5, none.exitCode(), none::toString);
        assertTrue(none.err().contains("merge: no report given; expected the JSON report of every shard"),
                none::toString);
        CliRun typo = CliRun.run(ENV, "report", "merg", file("s1.json"));
        assertEquals(5, typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("unknown subcommand 'merg'"), typo::toString);
    }

    @Test
    void aMergedReportIsNotMergedAgain() throws Exception {
        CliRun first = CliRun.run(ENV, "report", "merge", file("s1.json"), file("s2.json"), "--report-json",
                file("merged-once.json"));
        assertEquals(whole.exitCode(), first.exitCode(), first::toString);
        refused(merge("merged-once.json", "s1.json", "s2.json"), file("merged-once.json")
                + ": a merged report, not a shard's; give the shards' own reports");
    }
}
