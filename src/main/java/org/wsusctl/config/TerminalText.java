package org.wsusctl.config;

/**
 * What may reach an operator's terminal or a CI log from text wsusctl did not write itself (what hosts
 * send, names and values from input files). Unsafe are the code points that drive a terminal or change how a
 * line reads without being seen: C0 and C1 controls and DEL (escape sequences, bells, carriage returns),
 * Unicode format characters (bidirectional overrides and isolates such as U+202E, zero-width spaces and
 * joiners such as U+200B, the byte order mark; Trojan Source, CVE-2021-42574), the line and paragraph
 * separators, and unpaired surrogates. One definition, used by the console, the log layout and diagnostics.
 */
public final class TerminalText {
    /** Shown instead of an unsafe code point in running text. */
    public static final char REPLACEMENT = '\uFFFD';

    private TerminalText() { }

    public static boolean unsafe(int cp) {
        if (Character.isISOControl(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE;
    }

    /** {@code s} with every unsafe code point replaced by U+FFFD; {@code "null"} for null. */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        int first = firstUnsafe(s);
        if (first < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length()).append(s, 0, first);
        s.substring(first).codePoints().forEach(cp -> {
            if (unsafe(cp)) {
                sb.append(REPLACEMENT);
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** The index of the first unsafe code point, or -1. */
    static int firstUnsafe(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (unsafe(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /**
     * A regular expression matching one unsafe code point, for log4j's {@code %replace}: written without
     * braces, which the pattern layout would read as the end of its option.
     */
    public static final String UNSAFE_REGEX = "[\\x00-\\x1f\\x7f-\\x9f\\xad\\u0600-\\u0605\\u061c\\u06dd\\u070f"
            + "\\u08e2\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb"
            + "\\ud800-\\udfff]";
}
