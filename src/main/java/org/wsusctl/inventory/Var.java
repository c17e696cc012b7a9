package org.wsusctl.inventory;

import org.wsusctl.config.SourcePos;

/**
 * One inventory variable as written in a source: its plain value (String, Long, Double, Boolean, null,
 * List, Map, or a {@link Vaulted} scalar), where it was written, and whether it came out of a
 * vault-encrypted file (then its value is a secret even though it is plain text in memory).
 * {@code pos} is where the value starts (for "found ..." messages), {@code keyPos} where its name is.
 */
record Var(Object value, SourcePos pos, SourcePos keyPos, boolean fromVaultFile) {

    static Var plain(Object value, SourcePos pos) {
        return new Var(value, pos, pos, false);
    }

    /** True when the value, or any value inside it, is secret (a {@code !vault} scalar or from a vault file). */
    boolean secret() {
        return fromVaultFile || containsVaulted(value, 0);
    }

    private static boolean containsVaulted(Object v, int depth) {
        if (v instanceof Vaulted) {
            return true;
        }
        if (depth > 40) {
            return false;
        }
        if (v instanceof java.util.Map<?, ?> m) {
            return m.values().stream().anyMatch(x -> containsVaulted(x, depth + 1));
        }
        if (v instanceof java.util.List<?> l) {
            return l.stream().anyMatch(x -> containsVaulted(x, depth + 1));
        }
        return false;
    }
}
