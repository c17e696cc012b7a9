package org.wsusctl.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the closest known word for a typo ({@code chilren} -> {@code children}), by edit distance. */
public final class DidYouMean {
    private DidYouMean() { }

    /** The candidate closest to {@code wrong}, if it is close enough to be a plausible typo. */
    public static Optional<String> suggest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        // A third of the word may be wrong (at least 2 edits): "host" -> "hosts", "chilren" -> "children".
        int allowed = Math.max(2, w.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean "x"?)"}, or an empty string when nothing is close. */
    public static String hint(String wrong, Collection<String> candidates) {
        return suggest(wrong, candidates).map(s -> " (did you mean \"" + s + "\"?)").orElse("");
    }

    /** Levenshtein distance (insertions, deletions and substitutions cost 1). */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
