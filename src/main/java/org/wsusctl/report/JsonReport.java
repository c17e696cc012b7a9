package org.wsusctl.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.Summary;

/**
 * The machine-readable report (design.md "Report JSON"; schema {@code schemas/report.schema.json}). Fields
 * may be added in later versions, never renamed or removed: scripts and CI read it.
 */
public final class JsonReport {
    /** Identifies the contract version; bumped only if a field ever has to change meaning. */
    public static final String SCHEMA = "wsusctl.report/1";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** Writes the report as indented JSON; flushes but does not close {@code out}. */
    public static void write(RunResult run, Writer out) throws IOException {
        write(run, java.util.List.of(), out);
    }

    /** As {@link #write(RunResult, Writer)}, with the journal's open entries found at the start of the run. */
    public static void write(RunResult run, java.util.List<Journal.OpenEntry> open, Writer out) throws IOException {
        write(run, open, java.util.Optional.empty(), out);
    }

    /** As {@link #write(RunResult, java.util.List, Writer)}, with where the run's hosts sit in the fleet. */
    public static void write(RunResult run, java.util.List<Journal.OpenEntry> open,
            java.util.Optional<FleetScope> scope, Writer out) throws IOException {
        MAPPER.writeValue(out, tree(run, open, scope));
        out.write('\n');
        out.flush();
    }

    /** The report as a JSON tree (what {@link #write} writes); also the data of the HTML report. */
    public static ObjectNode tree(RunResult run) {
        return tree(run, java.util.List.of());
    }

    /**
     * With {@code open_journal_entries}: fixes of earlier runs that the journal saw start and never finish
     * (they may be half-applied), each with what this run found for that step on that host since.
     */
    public static ObjectNode tree(RunResult run, java.util.List<Journal.OpenEntry> open) {
        return tree(run, open, java.util.Optional.empty());
    }

    /**
     * With the fleet scope: {@code selected_hosts} and {@code selection_digest} (the fleet before sharding),
     * {@code shard} ({@code {index, total, by}}, or null for a run that was not sharded) and, for a merged
     * report, {@code merged} (the shard reports it was made of).
     */
    public static ObjectNode tree(RunResult run, java.util.List<Journal.OpenEntry> open,
            java.util.Optional<FleetScope> scope) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("mode", run.mode().json());
        root.put("started", iso(run.started()));
        root.put("finished", iso(run.finished()));
        if (run.started() != null && run.finished() != null) {
            root.put("duration_ms", run.finished().toEpochMilli() - run.started().toEpochMilli());
        }
        ArrayNode playbooks = root.putArray("playbooks");
        run.playbooks().forEach(playbooks::add);
        root.put("interrupted", run.interrupted());
        root.put("stopped_early", run.stoppedEarly());
        if (run.stopReason().isPresent()) {
            root.set("stop_reason", stopReason(run.stopReason().get()));
        } else {
            root.putNull("stop_reason");
        }
        scope.ifPresent(f -> scope(root, f));
        Summary s = run.summary();
        ObjectNode sum = root.putObject("summary");
        sum.put("hosts", s.hosts());
        sum.put("compliant", s.compliant());
        sum.put("drifted", s.drifted());
        sum.put("fixed", s.fixed());
        sum.put("failed", s.failed());
        sum.put("unreachable", s.unreachable());
        sum.put("not_started", s.notStarted());
        ArrayNode hosts = root.putArray("hosts");
        for (HostResult h : run.hosts()) {
            hosts.add(host(h));
        }
        ArrayNode entries = root.putArray("open_journal_entries");
        for (Journal.OpenEntry e : open) {
            ObjectNode n = entries.addObject();
            n.put("host", e.host());
            n.put("module", e.module());
            n.put("step", e.step());
            n.put("run", e.run());
            n.put("started", e.time());
            n.set("before", value(e.before()));
            n.put("now", e.now());
        }
        return root;
    }

    private static void scope(ObjectNode root, FleetScope f) {
        root.put("selected_hosts", f.selectedHosts());
        root.put("selection_digest", f.selectionDigest());
        if (f.shard().isPresent()) {
            ObjectNode shard = root.putObject("shard");
            shard.put("index", f.shard().get().index());
            shard.put("total", f.shard().get().total());
            shard.put("by", f.shard().get().by().orElse(null));
        } else {
            root.putNull("shard");
        }
        if (f.merged().isPresent()) {
            FleetScope.Merged m = f.merged().get();
            ObjectNode merged = root.putObject("merged");
            merged.put("total", m.total());
            merged.put("by", m.by().orElse(null));
            ArrayNode parts = merged.putArray("reports");
            for (FleetScope.Part p : m.reports()) {
                ObjectNode n = parts.addObject();
                n.put("file", p.file());
                n.put("index", p.index());
                n.put("hosts", p.hosts());
                n.put("started", iso(p.started()));
                n.put("finished", iso(p.finished()));
                n.put("interrupted", p.interrupted());
                if (p.stopReason().isPresent()) {
                    n.set("stop_reason", stopReason(p.stopReason().get()));
                } else {
                    n.putNull("stop_reason");
                }
            }
        }
    }

    private static ObjectNode stopReason(org.wsusctl.engine.StopReason r) {
        ObjectNode why = MAPPER.createObjectNode();
        why.put("kind", r.kind().json());
        why.put("message", r.message());
        return why;
    }

    private static ObjectNode host(HostResult h) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", h.name());
        n.put("status", h.status().json());
        n.put("endpoint", h.endpoint());
        n.put("message", h.message());
        ObjectNode winrm = n.putObject("winrm");
        winrm.put("requests", h.winrmRequests());
        winrm.put("invocations", h.invocations());
        n.put("duration_ms", h.durationMs());
        ArrayNode roots = n.putArray("root_causes");
        h.rootCauses().forEach(roots::add);
        ArrayNode steps = n.putArray("steps");
        for (StepResult st : h.steps()) {
            steps.add(step(st));
        }
        if (h.simulated() != null && h.simulated().isPresent()) {
            ObjectNode sim = n.putObject("simulated");
            sim.put("requests", h.simulated().get().requests());
            sim.put("changes", h.simulated().get().changes());
        }
        return n;
    }

    private static ObjectNode step(StepResult st) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("playbook", st.playbook());
        n.put("step", st.step());
        n.put("module", st.module());
        n.put("status", st.status().json());
        n.set("before", value(st.before()));
        n.set("after", value(st.after()));
        n.set("expected", value(st.expected()));
        n.put("message", st.message());
        n.put("duration_ms", st.durationMs());
        n.put("handler", st.handler());
        n.put("needs_approval", st.needsApproval());
        n.set("evidence", value(st.evidence()));
        ArrayNode blockedBy = n.putArray("blocked_by");
        st.blockedBy().forEach(blockedBy::add);
        n.put("implied", st.implied());
        return n;
    }

    private static JsonNode value(Map<String, Object> m) {
        return m == null ? MAPPER.nullNode() : MAPPER.valueToTree(Values.redact(m));
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
