package org.wsusctl.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON objects a unit prints after {@link Wire#RESULT_PREFIX} (the unit id is added by whoever runs the
 * batch). The PowerShell preamble's {@code Write-Facts}, {@code Write-FixResult} and its error handler print the
 * same objects; the simulator builds them here.
 */
public final class Envelope {
    public static final String SCHEMA = "schema";
    public static final String UNIT = "unit";
    public static final String COLLECTED_UTC = "collectedUtc";
    public static final String FACTS = "facts";
    public static final String OUTCOME = "outcome";
    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";
    public static final String MESSAGE = "message";

    private Envelope() { }

    public static Map<String, Object> facts(Instant collectedUtc, Map<String, Object> facts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SCHEMA, Wire.FACTS_SCHEMA);
        m.put(COLLECTED_UTC, collectedUtc.toString());
        m.put(FACTS, facts);
        return m;
    }

    /**
     * @param reason a short code for why it did or did not act (e.g. {@code dependency_not_running}), or empty
     * @param detail data for the reason (e.g. the services that are down), or empty
     */
    public static Map<String, Object> fix(FixOutcome outcome, Map<String, Object> before, Map<String, Object> after,
            String reason, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SCHEMA, Wire.FIX_SCHEMA);
        m.put(OUTCOME, outcome.word());
        m.put(BEFORE, before);
        m.put(AFTER, after);
        m.put(REASON, reason == null ? "" : reason);
        m.put(DETAIL, detail == null ? "" : detail);
        return m;
    }

    public static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SCHEMA, Wire.ERROR_SCHEMA);
        m.put(MESSAGE, message == null ? "" : message);
        return m;
    }
}
