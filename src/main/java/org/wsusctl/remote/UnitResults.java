package org.wsusctl.remote;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Parses the {@code ##WSUSCTL##} lines of a batch's stdout into one result per unit. */
public final class UnitResults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private UnitResults() { }

    /**
     * One result for every unit asked for. A unit without a line (the process died, or printed garbage)
     * gets an {@link UnitResult.Error} that quotes the start of stdout and stderr.
     */
    public static Map<String, UnitResult> parse(List<PsInvocation.Unit> units, PsOutput out) {
        Map<String, UnitResult> byUnit = new HashMap<>();
        for (String line : out.stdout().split("\r?\n")) {
            int at = line.indexOf(PsInvocation.RESULT_PREFIX);
            if (at < 0) {
                continue;
            }
            Map<String, Object> json;
            try {
                json = JSON.readValue(line.substring(at + PsInvocation.RESULT_PREFIX.length()), MAP);
            } catch (Exception e) {
                continue;
            }
            Object unit = json.get("unit");
            if (unit != null) {
                byUnit.put(unit.toString(), toResult(json));
            }
        }
        Map<String, UnitResult> result = new LinkedHashMap<>();
        for (PsInvocation.Unit u : units) {
            UnitResult r = byUnit.get(u.id());
            if (r == null) {
                // Built only when needed: the excerpts run a regex over the whole output, per unit.
                r = new UnitResult.Error("script " + u.call().script().id() + " printed no result (exit code "
                        + out.exitCode() + ")" + excerpt("stdout", out.stdout()) + excerpt("stderr", out.stderr()));
            }
            result.put(u.id(), r);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static UnitResult toResult(Map<String, Object> json) {
        String schema = String.valueOf(json.getOrDefault("schema", ""));
        String message = String.valueOf(json.getOrDefault("message", ""));
        switch (schema) {
            case "wsusctl.check/1":
                return new UnitResult.Check(String.valueOf(json.getOrDefault("status", "unknown")),
                        String.valueOf(json.getOrDefault("severity", "")), map(json.get("observed")),
                        map(json.get("expected")), message, json);
            case "wsusctl.fix/1":
                return new UnitResult.Fix(String.valueOf(json.getOrDefault("action", "failed")),
                        map(json.get("before")), map(json.get("after")), message);
            default:
                return new UnitResult.Error(message.isEmpty() ? "script error" : message);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    private static String excerpt(String name, String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String t = text.strip().replaceAll("\\s+", " ");
        return "; " + name + ": " + (t.length() > 200 ? t.substring(0, 200) + "..." : t);
    }
}
