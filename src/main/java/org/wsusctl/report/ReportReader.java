package org.wsusctl.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.BoundedRead;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.SourcePos;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.SimStats;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;
import org.wsusctl.engine.StopReason;
import org.wsusctl.engine.Summary;
import org.wsusctl.inventory.Shard;

/**
 * Reads a JSON report that {@link JsonReport} wrote back into the run it describes, for {@code report merge}.
 * Fields it does not know are ignored (the contract lets later versions add them); a field the contract
 * requires that is missing or of the wrong type, or a summary that does not add up to its hosts, is an input
 * error naming the file and the field's path ({@code hosts[3].steps[1].status}).
 */
public final class ReportReader {
    /** A 10,000-host health audit with evidence is about 100 MB; far more is not a report. */
    public static final int MAX_BYTES = 256 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private ReportReader() { }

    /**
     * One report as read.
     *
     * @param scope where its hosts sit in the fleet, when the run recorded it (runs since shards were added)
     * @param mergedAlready the report is itself a merge of shards
     */
    public record Read(Path file, RunResult run, List<Journal.OpenEntry> open, Optional<FleetScope> scope,
            boolean mergedAlready) { }

    public static Read read(Path file) throws ConfigException {
        JsonNode root;
        try {
            byte[] bytes = BoundedRead.read(file, MAX_BYTES);
            ObjectMapper mapper = JSON.copy();
            // a report's evidence strings can be long; the bound above is what limits the input
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_BYTES).build());
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            SourcePos pos = at == null || at.getLineNr() < 1 ? SourcePos.fileOnly(file)
                    : new SourcePos(file, at.getLineNr(), at.getColumnNr());
            throw new ConfigException(pos, "expected a wsusctl JSON report, found invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(SourcePos.fileOnly(file), "cannot read the report: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(SourcePos.fileOnly(file), "expected a wsusctl JSON report (an object), found "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
        }
        try {
            return new Fields(file).report(root);
        } catch (Bad e) {
            throw new ConfigException(SourcePos.fileOnly(file), e.getMessage());
        }
    }

    /** A field of the report that is not what the contract says. */
    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(String path, String expected, JsonNode found) {
            super(path + ": expected " + expected + ", found " + describe(found));
        }

        Bad(String message) {
            super(message);
        }

        private static String describe(JsonNode n) {
            if (n == null || n.isMissingNode()) {
                return "nothing (the field is missing)";
            }
            String text = n.toString();
            return text.length() > 60 ? text.substring(0, 60) + "..." : text;
        }
    }

    private record Fields(Path file) {

        Read report(JsonNode root) throws Bad {
            String schema = text(root, "schema", "");
            if (!JsonReport.SCHEMA.equals(schema)) {
                throw new Bad("schema", "\"" + JsonReport.SCHEMA + "\" (a wsusctl report)", root.get("schema"));
            }
            Mode mode = switch (text(root, "mode", "")) {
                case "audit" -> Mode.AUDIT;
                case "apply" -> Mode.APPLY;
                default -> throw new Bad("mode", "audit or apply", root.get("mode"));
            };
            List<String> playbooks = new ArrayList<>();
            for (JsonNode p : array(root, "playbooks", "")) {
                if (!p.isTextual()) {
                    throw new Bad("playbooks[]", "a string", p);
                }
                playbooks.add(p.asText());
            }
            List<HostResult> hosts = new ArrayList<>();
            List<JsonNode> hostNodes = array(root, "hosts", "");
            for (int i = 0; i < hostNodes.size(); i++) {
                hosts.add(host(hostNodes.get(i), "hosts[" + i + "]"));
            }
            JsonNode stop = root.get("stop_reason");
            Optional<StopReason> reason = stopReason(stop, "stop_reason");
            RunResult run = new RunResult(mode, playbooks, instant(root, "started", ""), instant(root, "finished", ""),
                    hosts, bool(root, "interrupted", "", null), bool(root, "stopped_early", "", false), reason);
            checkSummary(root, run.summary());
            List<Journal.OpenEntry> open = new ArrayList<>();
            if (root.has("open_journal_entries")) {
                List<JsonNode> entries = array(root, "open_journal_entries", "");
                for (int i = 0; i < entries.size(); i++) {
                    open.add(openEntry(entries.get(i), "open_journal_entries[" + i + "]"));
                }
            }
            return new Read(file, run, open, scope(root), root.has("merged") && !root.get("merged").isNull());
        }

        private Optional<FleetScope> scope(JsonNode root) throws Bad {
            if (!root.has("selected_hosts")) {
                return Optional.empty();
            }
            int selected = (int) number(root, "selected_hosts", "");
            String digest = text(root, "selection_digest", "");
            JsonNode s = root.get("shard");
            Optional<Shard> shard = Optional.empty();
            if (s != null && !s.isNull()) {
                if (!s.isObject()) {
                    throw new Bad("shard", "an object {index, total, by} or null", s);
                }
                JsonNode by = s.get("by");
                if (by != null && !by.isNull() && !by.isTextual()) {
                    throw new Bad("shard.by", "a string or null", by);
                }
                try {
                    shard = Optional.of(new Shard((int) number(s, "index", "shard."), (int) number(s, "total", "shard."),
                            by == null || by.isNull() ? Optional.empty() : Optional.of(by.asText())));
                } catch (IllegalArgumentException e) {
                    throw new Bad("shard: " + e.getMessage());
                }
            }
            return Optional.of(new FleetScope(selected, digest, shard, Optional.empty()));
        }

        private void checkSummary(JsonNode root, Summary actual) throws Bad {
            JsonNode s = root.get("summary");
            if (s == null || !s.isObject()) {
                throw new Bad("summary", "an object", s);
            }
            long[] written = {number(s, "hosts", "summary."), number(s, "compliant", "summary."),
                number(s, "drifted", "summary."), number(s, "fixed", "summary."), number(s, "failed", "summary."),
                number(s, "unreachable", "summary."), s.has("not_started") ? number(s, "not_started", "summary.") : 0};
            long[] counted = {actual.hosts(), actual.compliant(), actual.drifted(), actual.fixed(), actual.failed(),
                actual.unreachable(), actual.notStarted()};
            if (!java.util.Arrays.equals(written, counted)) {
                throw new Bad("summary: " + s + " does not add up to the hosts listed (" + actual.line()
                        + "): the report was edited or cut short");
            }
        }

        private HostResult host(JsonNode h, String path) throws Bad {
            if (!h.isObject()) {
                throw new Bad(path, "a host object", h);
            }
            String p = path + ".";
            String name = text(h, "name", p);
            if (name.isEmpty()) {
                throw new Bad(p + "name", "a host name", h.get("name"));
            }
            HostStatus status = HostStatus.COMPLIANT;
            String st = text(h, "status", p);
            boolean known = false;
            for (HostStatus s : HostStatus.values()) {
                if (s.json().equals(st)) {
                    status = s;
                    known = true;
                }
            }
            if (!known) {
                throw new Bad(p + "status", "a host status (compliant, drifted, fixed, failed, unreachable,"
                        + " not_started)", h.get("status"));
            }
            JsonNode winrm = h.get("winrm");
            if (winrm == null || !winrm.isObject()) {
                throw new Bad(p + "winrm", "an object {requests, invocations}", winrm);
            }
            List<StepResult> steps = new ArrayList<>();
            List<JsonNode> stepNodes = array(h, "steps", p);
            for (int i = 0; i < stepNodes.size(); i++) {
                steps.add(step(stepNodes.get(i), p + "steps[" + i + "]"));
            }
            Optional<SimStats> sim = Optional.empty();
            JsonNode s = h.get("simulated");
            if (s != null && !s.isNull()) {
                sim = Optional.of(new SimStats(number(s, "requests", p + "simulated."),
                        number(s, "changes", p + "simulated.")));
            }
            return new HostResult(name, nullableText(h, "endpoint", p), status, steps, nullableText(h, "message", p),
                    (int) number(winrm, "requests", p + "winrm."), (int) number(winrm, "invocations", p + "winrm."),
                    number(h, "duration_ms", p), sim);
        }

        private StepResult step(JsonNode s, String path) throws Bad {
            if (!s.isObject()) {
                throw new Bad(path, "a step object", s);
            }
            String p = path + ".";
            String st = text(s, "status", p);
            StepStatus status = null;
            for (StepStatus v : StepStatus.values()) {
                if (v.json().equals(st)) {
                    status = v;
                }
            }
            if (status == null) {
                throw new Bad(p + "status", "a step status (ok, drift, fixed, failed, skipped, unreachable, unknown,"
                        + " blocked)", s.get("status"));
            }
            List<String> blockedBy = new ArrayList<>();
            if (s.has("blocked_by")) {
                for (JsonNode b : array(s, "blocked_by", p)) {
                    blockedBy.add(b.asText());
                }
            }
            return new StepResult(text(s, "playbook", p), text(s, "step", p), text(s, "module", p), status,
                    values(s, "before", p), values(s, "after", p), values(s, "expected", p), nullableText(s, "message", p),
                    number(s, "duration_ms", p), bool(s, "handler", p, false), bool(s, "needs_approval", p, false),
                    values(s, "evidence", p), blockedBy, bool(s, "implied", p, false));
        }

        private Journal.OpenEntry openEntry(JsonNode e, String path) throws Bad {
            if (!e.isObject()) {
                throw new Bad(path, "an object", e);
            }
            String p = path + ".";
            return new Journal.OpenEntry(nullableText(e, "run", p), nullableText(e, "started", p), text(e, "host", p),
                    text(e, "module", p), text(e, "step", p), values(e, "before", p), nullableText(e, "now", p));
        }

        private static Optional<StopReason> stopReason(JsonNode n, String path) throws Bad {
            if (n == null || n.isNull()) {
                return Optional.empty();
            }
            if (!n.isObject()) {
                throw new Bad(path, "an object {kind, message} or null", n);
            }
            String kind = text(n, "kind", path + ".");
            for (StopReason.Kind k : StopReason.Kind.values()) {
                if (k.json().equals(kind)) {
                    return Optional.of(new StopReason(k, text(n, "message", path + ".")));
                }
            }
            throw new Bad(path + ".kind", "interrupted, fail_fast or max_fail_percentage", n.get("kind"));
        }

        private static String text(JsonNode n, String field, String path) throws Bad {
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual()) {
                throw new Bad(path + field, "a string", v);
            }
            return v.asText();
        }

        private static String nullableText(JsonNode n, String field, String path) throws Bad {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw new Bad(path + field, "a string or null", v);
            }
            return v.asText();
        }

        private static long number(JsonNode n, String field, String path) throws Bad {
            JsonNode v = n.get(field);
            if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0
                    || v.asLong() > Integer.MAX_VALUE && !field.equals("duration_ms")) {
                throw new Bad(path + field, "a whole number of at least 0", v);
            }
            return v.asLong();
        }

        private static boolean bool(JsonNode n, String field, String path, Boolean dflt) throws Bad {
            JsonNode v = n.get(field);
            if (v == null && dflt != null) {
                return dflt;
            }
            if (v == null || !v.isBoolean()) {
                throw new Bad(path + field, "true or false", v);
            }
            return v.asBoolean();
        }

        private static List<JsonNode> array(JsonNode n, String field, String path) throws Bad {
            JsonNode v = n.get(field);
            if (v == null || !v.isArray()) {
                throw new Bad(path + field, "an array", v);
            }
            List<JsonNode> out = new ArrayList<>();
            v.forEach(out::add);
            return out;
        }

        private static Map<String, Object> values(JsonNode n, String field, String path) throws Bad {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isObject()) {
                throw new Bad(path + field, "an object or null", v);
            }
            return JSON.convertValue(v, MAP);
        }

        private static Instant instant(JsonNode n, String field, String path) throws Bad {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            try {
                return Instant.parse(v.asText());
            } catch (DateTimeParseException e) {
                throw new Bad(path + field, "an ISO-8601 instant such as 2025-03-04T10:15:30Z", v);
            }
        }
    }
}
