package org.wsusctl.config;

import java.util.Locale;
import java.util.Optional;

/** Small conversions shared by the loaders: boolean and integer spellings, quoting values in messages. */
public final class Values {
    private Values() { }

    /** true/false, and YAML 1.1's yes/no/on/off that Ansible users write. */
    public static Optional<Boolean> parseBool(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on":
                return Optional.of(Boolean.TRUE);
            case "false": case "no": case "off":
                return Optional.of(Boolean.FALSE);
            default:
                return Optional.empty();
        }
    }

    /** Decimal (optionally signed), 0x hex and 0o octal integers that fit a long. */
    public static Optional<Long> parseLong(String s) {
        String t = s.strip().replace("_", "");
        try {
            if (t.startsWith("0x")) {
                return Optional.of(Long.parseLong(t.substring(2), 16));
            }
            if (t.startsWith("0o")) {
                return Optional.of(Long.parseLong(t.substring(2), 8));
            }
            if (!t.matches("[-+]?[0-9]+")) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A user value quoted for a message, shortened so a pasted blob does not flood the terminal. */
    public static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        shown.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                b.append('\\').appendCodePoint(cp);
            } else if (TerminalText.unsafe(cp)) {
                // controls, bidi overrides, zero-width characters: shown as escapes, never as themselves
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('"').toString();
    }
}
