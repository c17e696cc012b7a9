package org.wsusctl.sim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The keys of a host's {@code simulate:} mapping that the WinRM layer handles, validated; the other keys
 * are the model's.
 *
 * @param latencyMs added to every HTTP exchange, each way
 * @param psStartupMs what each PowerShell command pays before it produces output
 * @param fault the injected transport fault
 * @param maxShellsPerUser WinRM's {@code MaxShellsPerUser} quota (Windows Server's default is 30)
 * @param https the mapping asked for HTTPS
 * @param modelKeys everything else, for the model
 */
public record TransportKnobs(long latencyMs, long psStartupMs, SimFault fault, int maxShellsPerUser, boolean https,
        Map<String, Object> modelKeys) {
    static final int DEFAULT_MAX_SHELLS_PER_USER = 30;
    /** The keys of a {@code simulate:} mapping that the WinRM layer reads. */
    public static final java.util.Set<String> KEYS = java.util.Set.of("latency_ms", "ps_startup_ms", "fault",
            "max_shells_per_user", "https");
    /** The values {@code simulate.fault} takes, in the order the README lists them. */
    public static final java.util.List<String> FAULTS = java.util.Arrays.stream(SimFault.values()).map(f -> f.key).toList();

    /** @throws IllegalArgumentException naming {@code simulate.<key>} and what was expected */
    public static TransportKnobs parse(String host, Map<String, Object> simulate) {
        Map<String, Object> rest = new LinkedHashMap<>(simulate);
        long latency = millis(host, "latency_ms", rest.remove("latency_ms"));
        long startup = millis(host, "ps_startup_ms", rest.remove("ps_startup_ms"));
        Object f = rest.remove("fault");
        SimFault fault = SimFault.NONE;
        if (f != null) {
            fault = f instanceof String ? SimFault.parse((String) f) : null;
            if (fault == null) {
                throw new IllegalArgumentException("host " + host + ": simulate.fault: expected one of "
                        + Arrays.stream(SimFault.values()).map(x -> x.key).collect(Collectors.joining(" | "))
                        + ", found '" + f + "'");
            }
        }
        Object q = rest.remove("max_shells_per_user");
        int maxShells = DEFAULT_MAX_SHELLS_PER_USER;
        if (q != null) {
            long v = millisLike(q);
            if (v < 1 || v > 100_000) {
                throw new IllegalArgumentException("host " + host
                        + ": simulate.max_shells_per_user: expected a whole number from 1 to 100000, found '" + q + "'");
            }
            maxShells = (int) v;
        }
        Object h = rest.remove("https");
        if (h != null && !(h instanceof Boolean)) {
            throw new IllegalArgumentException("host " + host + ": simulate.https: expected true or false, found '" + h + "'");
        }
        return new TransportKnobs(latency, startup, fault, maxShells, Boolean.TRUE.equals(h), Map.copyOf(rest));
    }

    private static long millis(String host, String key, Object value) {
        if (value == null) {
            return 0;
        }
        long v = millisLike(value);
        if (v < 0 || v > 3_600_000) {
            throw new IllegalArgumentException("host " + host + ": simulate." + key
                    + ": expected a whole number of milliseconds from 0 to 3600000, found '" + value + "'");
        }
        return v;
    }

    /** The value as a whole number, or -1 when it is not one. */
    private static long millisLike(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof String && ((String) value).strip().matches("\\d{1,9}")) {
            return Long.parseLong(((String) value).strip());
        }
        return -1;
    }
}
