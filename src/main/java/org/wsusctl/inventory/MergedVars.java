package org.wsusctl.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One host's variables after applying its layers from least to most specific, in Ansible's order
 * ({@code VariableManager.get_vars}): a later layer replaces a variable (Ansible's default
 * {@code hash_behaviour = replace}). The one exception is wsusctl's {@code simulate:}, deep-merged so a
 * group can set the fault and a host one pool. Each variable remembers its rank (how specific its layer was).
 */
final class MergedVars {
    record Ranked(Var var, int rank) { }

    final Map<String, Ranked> vars = new LinkedHashMap<>();
    private Map<String, Object> simulate;
    private Var simulateVar;
    private int simulateRank = -1;
    private boolean simulateOnHost;
    private int rank;

    /** Applies one layer; {@code hostLayer} marks the host's own variables (inventory or host_vars/). */
    void apply(Map<String, Var> layer, boolean hostLayer) {
        rank++;
        for (Map.Entry<String, Var> e : layer.entrySet()) {
            if (e.getKey().equals(VarNames.SIMULATE)) {
                simulate(e.getValue(), hostLayer);
                continue;
            }
            vars.put(e.getKey(), new Ranked(e.getValue(), rank));
        }
    }

    @SuppressWarnings("unchecked")
    private void simulate(Var v, boolean hostLayer) {
        if (simulate == null) {
            simulate = new LinkedHashMap<>();
            simulateRank = rank;
        }
        simulateOnHost |= hostLayer;
        simulateVar = v;
        if (v.value() instanceof Map<?, ?> m) {
            deepMerge(simulate, (Map<String, Object>) m);
        }
        // As a variable (what ansible-inventory lists) it is replaced like any other; the deep merge is
        // what the simulator gets.
        vars.put(VarNames.SIMULATE, new Ranked(v, rank));
    }

    Optional<Var> get(String name) {
        Ranked r = vars.get(name);
        return r == null ? Optional.empty() : Optional.of(r.var());
    }

    int rank(String name) {
        Ranked r = vars.get(name);
        return r == null ? -1 : r.rank();
    }

    Optional<Map<String, Object>> simulate() {
        return Optional.ofNullable(simulate).map(MergedVars::copyDeep);
    }

    /** The rank of the least specific layer that declared {@code simulate:}; -1 when none did. */
    int simulateRank() {
        return simulateRank;
    }

    /** True when the host's own variables declare {@code simulate:} (a deliberate choice for this host). */
    boolean simulateOnHost() {
        return simulateOnHost;
    }

    /** Where the most specific {@code simulate:} was written. */
    Optional<Var> simulateVar() {
        return Optional.ofNullable(simulateVar);
    }

    @SuppressWarnings("unchecked")
    static void deepMerge(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            Object old = into.get(e.getKey());
            if (old instanceof Map<?, ?> om && e.getValue() instanceof Map<?, ?> nm) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) om);
                deepMerge(copy, (Map<String, Object>) nm);
                into.put(e.getKey(), copy);
            } else {
                into.put(e.getKey(), e.getValue() instanceof Map<?, ?> nm
                        ? copyDeep((Map<String, Object>) nm) : e.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copyDeep(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> sub ? copyDeep((Map<String, Object>) sub) : v));
        return out;
    }
}
