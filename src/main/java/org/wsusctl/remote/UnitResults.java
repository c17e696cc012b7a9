package org.wsusctl.remote;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.wsusctl.contract.Envelope;
import org.wsusctl.contract.FixOutcome;
import org.wsusctl.contract.Wire;

/** Parses the {@code ##WSUSCTL##} lines of a batch's stdout into one result per unit. */
public final class UnitResults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private UnitResults() { }

    /**
     * One result for every unit asked for. A unit without a line (the process died, or printed garbage)
     * gets an {@link UnitResult.Error} that quotes the start of stdout and stderr.
     */
    static Map<String, UnitResult> parse(List<PsInvocation.Unit> units, PsOutput out) {
        Map<String, UnitResult> byUnit = new HashMap<>();
        for (String line : out.stdout().split("\r?\n")) {
            int at = line.indexOf(Wire.RESULT_PREFIX);
            if (at < 0) {
                continue;
            }
            Map<String, Object> json;
            try {
                json = JSON.readValue(line.substring(at + Wire.RESULT_PREFIX.length()), MAP);
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

    /** The results of a batch built by {@link PsInvocation#commandLineOf(List)}, in the order of {@code calls}. */
    public static List<UnitResult> parseAll(List<ScriptCall<?>> calls, PsOutput out) {
        return new java.util.ArrayList<>(parse(PsInvocation.numbered(calls), out).values());
    }

    /** The result of a batch of one built by {@link PsInvocation#scriptText} (unit {@code u1}). */
    public static UnitResult parseSingle(ScriptCall<?> call, PsOutput out) {
        PsInvocation.Unit u = new PsInvocation.Unit("u1", call);
        return parse(List.of(u), out).get(u.id());
    }

    static UnitResult toResult(Map<String, Object> json) {
        String schema = String.valueOf(json.getOrDefault(Envelope.SCHEMA, ""));
        String message = text(json.get(Envelope.MESSAGE));
        switch (schema) {
            case Wire.FACTS_SCHEMA: {
                Instant at;
                try {
                    at = Instant.parse(text(json.get(Envelope.COLLECTED_UTC)));
                } catch (DateTimeParseException e) {
                    return new UnitResult.Error("facts without a valid collectedUtc time");
                }
                if (!(json.get(Envelope.FACTS) instanceof Map<?, ?>)) {
                    return new UnitResult.Error("facts line without a facts object");
                }
                return new UnitResult.Facts(at, map(json.get(Envelope.FACTS)));
            }
            case Wire.FIX_SCHEMA: {
                String word = text(json.get(Envelope.OUTCOME));
                Optional<FixOutcome> outcome = FixOutcome.parse(word);
                if (outcome.isEmpty()) {
                    return new UnitResult.Error("fix printed an unknown outcome '" + word + "'");
                }
                return new UnitResult.Fix(outcome.get(), map(json.get(Envelope.BEFORE)), map(json.get(Envelope.AFTER)),
                        text(json.get(Envelope.REASON)), text(json.get(Envelope.DETAIL)));
            }
            default:
                return new UnitResult.Error(message.isEmpty() ? "script error" : message);
        }
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
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
