package org.wsusctl.inventory;

import java.util.List;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.inventory.Tree.PEntry;
import org.wsusctl.inventory.Tree.PList;
import org.wsusctl.inventory.Tree.PMap;
import org.wsusctl.inventory.Tree.PNode;
import org.wsusctl.inventory.Tree.PScalar;

/**
 * Checks the top of a {@code simulate:} mapping where it is written (deeper keys belong to the simulator,
 * which names their path in its own errors): known keys, a known fault, and non-negative integers
 * wherever a number appears (counts, sizes, hours).
 */
final class SimulateCheck {
    static final List<String> SIMULATE_KEYS = List.of("apppool", "services", "sql", "clients", "sync", "latency_ms",
            "ps_startup_ms", "fault", "max_shells_per_user");
    static final List<String> FAULTS = List.of("none", "unreachable", "auth-rejected", "hang", "flaky", "garbage");

    private SimulateCheck() { }

    /** Reports every problem of {@code simulate:} in {@code where} ("host \"lab01\""). */
    static void check(PEntry e, String where, Diagnostics d) {
        PNode v = e.value();
        if (Tree.isNull(v)) {
            return; // "simulate:" alone: a healthy default server
        }
        if (!(v instanceof PMap m)) {
            d.error(v.pos(), "simulate in " + where + ": expected a mapping, found " + Tree.describe(v));
            return;
        }
        for (PEntry k : m.entries().values()) {
            if (!SIMULATE_KEYS.contains(k.key())) {
                d.error(k.keyPos(), "unknown key \"" + k.key() + "\" in simulate of " + where + "; expected one of "
                        + String.join(", ", SIMULATE_KEYS) + DidYouMean.hint(k.key(), SIMULATE_KEYS));
                continue;
            }
            PNode val = k.value();
            switch (k.key()) {
                case "latency_ms":
                case "ps_startup_ms":
                    integer(val, "simulate." + k.key(), 0, 600_000, d);
                    break;
                case "max_shells_per_user":
                    integer(val, "simulate." + k.key(), 1, 100_000, d);
                    break;
                case "fault": {
                    String f = val instanceof PScalar s && s.value() instanceof String str ? str : null;
                    if (f == null || !FAULTS.contains(f.toLowerCase(java.util.Locale.ROOT))) {
                        d.error(val.pos(), "simulate.fault: expected " + String.join(" | ", FAULTS) + ", found "
                                + Tree.describe(val) + (f == null ? "" : DidYouMean.hint(f, FAULTS)));
                    }
                    break;
                }
                default:
                    if (!Tree.isNull(val) && !(val instanceof PMap)) {
                        d.error(val.pos(), "simulate." + k.key() + ": expected a mapping, found " + Tree.describe(val));
                    }
                    numbers(val, "simulate." + k.key(), 0, d);
            }
        }
    }

    private static void integer(PNode v, String what, long min, long max, Diagnostics d) {
        Object x = v instanceof PScalar s ? s.value() : null;
        if (!(x instanceof Long l) || l < min || l > max) {
            d.error(v.pos(), what + ": expected an integer " + min + "-" + max + ", found " + Tree.describe(v));
        }
    }

    /** Numbers anywhere in the simulated state are counts, sizes or hours: non-negative integers. */
    private static void numbers(PNode v, String what, int depth, Diagnostics d) {
        if (depth > 20 || v == null) {
            return;
        }
        if (v instanceof PMap m) {
            for (PEntry e : m.entries().values()) {
                numbers(e.value(), what + "." + e.key(), depth + 1, d);
            }
        } else if (v instanceof PList l) {
            for (PNode item : l.items()) {
                numbers(item, what, depth + 1, d);
            }
        } else {
            Object x = ((PScalar) v).value();
            if ((x instanceof Long l && l < 0) || x instanceof Double || x instanceof java.math.BigInteger) {
                d.error(v.pos(), what + ": expected a non-negative integer, found " + Tree.describe(v));
            }
        }
    }
}
