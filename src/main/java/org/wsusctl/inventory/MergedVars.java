package org.wsusctl.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.SourcePos;

/**
 * Variables of one host after applying its blocks from least to most specific: later blocks replace
 * free variables and settings (Ansible's default "replace" behaviour); {@code simulate:} mappings are
 * deep-merged so a group can set the fault and a host one pool. Each setting remembers its rank (how
 * specific the block that set it was).
 */
final class MergedVars {
    record Ranked(VarBlock.Setting setting, int rank) { }

    final Map<String, Object> free = new LinkedHashMap<>();
    final Map<String, Ranked> settings = new LinkedHashMap<>();
    private Map<String, Object> simulate;
    /** Where each simulate value was written; a more specific block's position replaces a less specific one's. */
    final Map<String, SourcePos> simulatePositions = new LinkedHashMap<>();
    private int simulateRank = -1;
    private int rank;

    void apply(VarBlock b) {
        rank++;
        free.putAll(b.free());
        b.settings().forEach((k, v) -> settings.put(k, new Ranked(v, rank)));
        if (b.simulate().isPresent()) {
            if (simulate == null) {
                simulate = new LinkedHashMap<>();
                simulateRank = rank;
            }
            deepMerge(simulate, b.simulate().get());
            simulatePositions.putAll(b.simulatePositions());
        }
    }

    Optional<Map<String, Object>> simulate() {
        return Optional.ofNullable(simulate);
    }

    /** The rank of the least specific block that declared {@code simulate:}; -1 when none did. */
    int simulateRank() {
        return simulateRank;
    }

    Optional<Object> setting(String canonical) {
        Ranked r = settings.get(canonical);
        return r == null ? Optional.empty() : Optional.of(r.setting().value());
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
