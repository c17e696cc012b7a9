package org.wsusctl.inventory;

import java.util.List;
import java.util.Map;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.Tree.PEntry;
import org.wsusctl.inventory.Tree.PList;
import org.wsusctl.inventory.Tree.PMap;
import org.wsusctl.inventory.Tree.PNode;
import org.wsusctl.sim.model.SimulateSchema;

/**
 * Checks a {@code simulate:} mapping where it is written. The rules are the simulator's own
 * ({@link SimulateSchema}: one home for its keys, ranges and values, so what loads, runs); this class only
 * finds where in the file the key path a problem names was written. Every written mapping is a valid partial
 * one (absent keys are defaults), so each is checked alone; the loader checks each host's merged mapping too.
 */
final class SimulateCheck {
    static final List<String> SIMULATE_KEYS = List.copyOf(SimulateSchema.TOP_LEVEL_KEYS);

    private SimulateCheck() { }

    /** Reports the problem of {@code simulate:} in {@code where} ("host \"lab01\""), at its key's position. */
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
                return;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) Tree.plain(m);
        SimulateSchema.check("simulated", plain).ifPresent(problem -> d.error(positionOf(problem, m), problem));
    }

    /**
     * Where the key path a schema problem starts with ({@code simulate.apppool.WsusPool.state: ...}) was written:
     * the deepest node of that path found in the mapping (a name may itself contain dots, so the longest key
     * that fits is taken at each level).
     */
    static SourcePos positionOf(String problem, PMap simulate) {
        int colon = problem.indexOf(": ");
        String path = colon < 0 ? "" : problem.substring(0, colon);
        if (!path.startsWith("simulate.")) {
            return simulate.pos();
        }
        String rest = path.substring("simulate.".length());
        PNode node = simulate;
        SourcePos pos = simulate.pos();
        while (!rest.isEmpty()) {
            if (node instanceof PMap map) {
                PEntry best = null;
                for (PEntry en : map.entries().values()) {
                    String k = en.key();
                    if (rest.startsWith(k) && (rest.length() == k.length() || rest.charAt(k.length()) == '.'
                            || rest.charAt(k.length()) == '[') && (best == null || k.length() > best.key().length())) {
                        best = en;
                    }
                }
                if (best == null) {
                    return pos;
                }
                node = best.value();
                pos = node == null || Tree.isNull(node) ? best.keyPos() : node.pos();
                rest = rest.substring(best.key().length()).replaceFirst("^\\.", "");
            } else if (node instanceof PList list && rest.startsWith("[")) {
                int close = rest.indexOf(']');
                int i;
                try {
                    i = Integer.parseInt(rest.substring(1, close));
                } catch (RuntimeException ex) {
                    return pos;
                }
                if (i < 0 || i >= list.items().size()) {
                    return pos;
                }
                node = list.items().get(i);
                pos = node.pos();
                rest = rest.substring(close + 1).replaceFirst("^\\.", "");
            } else {
                return pos;
            }
        }
        return pos;
    }
}
