package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

class JsonReportTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("schemas/report.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static JsonNode written(RunResult run) throws IOException {
        StringWriter w = new StringWriter();
        JsonReport.write(run, w);
        return M.readTree(w.toString());
    }

    @Test
    void writesTheContractFieldsForAMixedFleet() throws IOException {
        JsonNode r = written(Fleet.mixed(Mode.AUDIT));
        assertEquals("wsusctl.report/1", r.get("schema").asText());
        assertEquals("audit", r.get("mode").asText());
        assertEquals("2025-03-04T10:15:30Z", r.get("started").asText());
        assertEquals("2025-03-04T10:15:34.321Z", r.get("finished").asText());
        assertEquals(4321, r.get("duration_ms").asLong());
        assertEquals(List.of(Fleet.PB, Fleet.PB2), M.convertValue(r.get("playbooks"), List.class));
        assertFalse(r.get("interrupted").asBoolean());
        assertEquals(M.readTree("{\"hosts\":7,\"compliant\":1,\"drifted\":2,\"fixed\":1,\"failed\":1,"
                + "\"unreachable\":2,\"not_started\":0}"), r.get("summary"));

        JsonNode wsus03 = r.get("hosts").get(1);
        assertEquals("wsus03", wsus03.get("name").asText());
        assertEquals("drifted", wsus03.get("status").asText());
        assertEquals("https://wsus03.corp.example:5986/wsman", wsus03.get("endpoint").asText());
        assertTrue(wsus03.get("message").isNull());
        assertEquals(9, wsus03.get("winrm").get("requests").asInt());
        assertEquals(3, wsus03.get("winrm").get("invocations").asInt());
        assertEquals(130, wsus03.get("duration_ms").asLong());
        assertEquals(M.readTree("{\"requests\":17,\"changes\":0}"), wsus03.get("simulated"));

        JsonNode mem = wsus03.get("steps").get(1);
        assertEquals(Fleet.PB, mem.get("playbook").asText());
        assertEquals("WsusPool private memory limit", mem.get("step").asText());
        assertEquals("iis.apppool.private_memory", mem.get("module").asText());
        assertEquals("drift", mem.get("status").asText());
        assertEquals(1843200, mem.get("before").get("private_memory_kb").asLong());
        assertTrue(mem.get("after").isNull());
        assertEquals(4000000, mem.get("expected").get("private_memory_kb").asLong());
        assertEquals("limit 1843200 KB is below 4000000 KB", mem.get("message").asText());
        assertEquals(20, mem.get("duration_ms").asLong());
        assertFalse(mem.get("handler").asBoolean());
        assertTrue(wsus03.get("steps").get(2).get("needs_approval").asBoolean());
    }

    @Test
    void simulatedBlockOnlyForSimulatedHostsAndHandlersAndEvidenceKept() throws IOException {
        JsonNode hosts = written(Fleet.mixed(Mode.APPLY)).get("hosts");
        assertFalse(hosts.get(0).has("simulated"), "wsus01 is a real host");
        assertEquals(3, hosts.get(2).get("simulated").get("changes").asInt());
        JsonNode handler = hosts.get(2).get("steps").get(2);
        assertTrue(handler.get("handler").asBoolean());
        assertEquals(true, handler.get("after").get("recycled").asBoolean());
        JsonNode evidence = hosts.get(4).get("steps").get(2).get("evidence");
        assertTrue(evidence.get("SoftwareDistribution.log").asText().contains(Fleet.SCRIPT));
        assertEquals(6703, evidence.get("events").get(0).get("id").asInt());
        assertEquals("wsus05-ünïcødé", hosts.get(3).get("name").asText());
        assertEquals("unknown", hosts.get(3).get("steps").get(3).get("status").asText());
        assertEquals("skipped", hosts.get(3).get("steps").get(2).get("status").asText());
        assertEquals(0, hosts.get(5).get("steps").size());
    }

    @Test
    void reportsConformToTheShippedSchema() throws IOException {
        for (RunResult run : List.of(Fleet.mixed(Mode.AUDIT), Fleet.mixed(Mode.APPLY), Fleet.large(40),
                new RunResult(Mode.AUDIT, List.of(), Fleet.T0, null, List.of(), true, false))) {
            Set<ValidationMessage> errors = schema.validate(written(run));
            assertEquals(Set.of(), errors, "schema errors for a " + run.mode() + " run");
        }
    }

    /**
     * A stopped run with hosts never started, its stop reason and the journal's open entries: the fields
     * issue 14 added, in the schema too.
     */
    @Test
    void aStoppedRunWithOpenJournalEntriesConformsToTheSchema() throws IOException {
        RunResult mixed = Fleet.mixed(Mode.APPLY);
        List<org.wsusctl.engine.HostResult> hosts = new ArrayList<>(mixed.hosts());
        hosts.add(Fleet.host("later", org.wsusctl.engine.HostStatus.NOT_STARTED,
                "not started: stopped by --fail-fast after host wsus03 failed", List.of(), null));
        RunResult stopped = new RunResult(Mode.APPLY, mixed.playbooks(), mixed.started(), mixed.finished(), hosts,
                false, true, java.util.Optional.of(new org.wsusctl.engine.StopReason(
                        org.wsusctl.engine.StopReason.Kind.FAIL_FAST, "stopped by --fail-fast after host wsus03 failed")));
        java.io.StringWriter w = new java.io.StringWriter();
        JsonReport.write(stopped, List.of(new Journal.OpenEntry("run-0", "2025-03-04T10:00:00Z", "wsus03",
                "iis.apppool.state", "WsusPool is started", Fleet.map("state", "Stopped"), "fixed")), w);
        JsonNode r = M.readTree(w.toString());
        assertEquals(Set.of(), schema.validate(r), r::toString);
        assertEquals(1, r.get("summary").get("not_started").asInt());
        assertEquals("fail_fast", r.get("stop_reason").get("kind").asText());
        assertEquals("fixed", r.get("open_journal_entries").get(0).get("now").asText());
    }

    @Test
    void schemaRejectsReportsThatBreakTheContract() throws IOException {
        List<String> broken = new ArrayList<>();
        ObjectNode r = (ObjectNode) written(Fleet.mixed(Mode.AUDIT));
        ObjectNode a = r.deepCopy();
        a.remove("summary");
        ObjectNode b = r.deepCopy();
        ((ObjectNode) b.get("hosts").get(0)).put("status", "green");
        ObjectNode c = r.deepCopy();
        ((ObjectNode) c.get("hosts").get(1).get("steps").get(0)).put("status", "changed");
        ObjectNode d = r.deepCopy();
        d.put("started", "yesterday");
        ObjectNode e = r.deepCopy();
        ((ObjectNode) e.get("hosts").get(1).get("simulated")).remove("changes");
        for (ObjectNode bad : List.of(a, b, c, d, e)) {
            if (schema.validate(bad).isEmpty()) {
                broken.add(bad.toString().substring(0, 80));
            }
        }
        assertEquals(List.of(), broken, "the schema accepted reports it must reject");
    }

    @Test
    void secretLookingValuesAreRedacted() throws IOException {
        StepResult st = new StepResult(Fleet.PB, "s", "m", StepStatus.DRIFT,
                Fleet.map("user", "svc", "password", "hunter2", "nested", Fleet.map("api_key", "k-123")),
                null, null, null, 1, false, false, null);
        RunResult run = new RunResult(Mode.AUDIT, List.of(Fleet.PB), Fleet.T0, Fleet.T0,
                List.of(new HostResult("h", "e", HostStatus.DRIFTED, List.of(st), null, 0, 0, 0,
                        Optional.empty())), false, false);
        StringWriter w = new StringWriter();
        JsonReport.write(run, w);
        assertFalse(w.toString().contains("hunter2"));
        assertFalse(w.toString().contains("k-123"));
        assertTrue(w.toString().contains("\"svc\""));
    }

    @Test
    void leavesTheWriterOpen() throws IOException {
        StringWriter w = new StringWriter();
        JsonReport.write(Fleet.mixed(Mode.AUDIT), w);
        w.write("after");
        assertTrue(w.toString().endsWith("}\nafter"));
    }
}
