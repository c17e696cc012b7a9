package org.wsusctl.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PowerShell's check for "suspicious" script blocks, the ones it logs as event 4104 at level Warning even when
 * script block logging is off (source and list: {@code powershell-suspicious-content.tsv} beside this class).
 * Two matchers over the same 119 signatures, and a text must pass both:
 * <ul>
 *   <li>{@link #wholeWords}: Windows PowerShell 5.1's, a signature equal to a word of {@code [A-Za-z-]};</li>
 *   <li>{@link #rollingHash}: PowerShell 6.1+'s, a signature's hash equal to the hash of any run of up to 29
 *       such characters inside a word (so also inside longer words: "Marshall" matches "Marshal"), and, at the
 *       end of a script block, of its last letters across any punctuation (a quirk of its running hashes, which
 *       are not reset between words). Hash collisions count, as they do for PowerShell.</li>
 * </ul>
 * PowerShell checks every script block it compiles: the whole text, and each nested {@code { }} block on its own.
 * Those share their words with the whole text; only the end-of-block check differs, so it is applied at every
 * {@code '}'} (a superset: it also sees letters just before the block, never fewer).
 *
 * <p>Besides strings, the parser marks some syntax suspicious ({@code SemanticChecks.cs}: member access whose
 * name is not a constant, static {@code ::} access on anything but a type literal, and the type {@code [Type]});
 * {@link #syntax} finds those with patterns, erring on the side of reporting.
 */
final class SuspiciousContent {
    /** The longest signature ("GetDelegateForFunctionPointer"); PowerShell keeps this many running hashes. */
    private static final int LONGEST = 29;
    private static final Map<Integer, String> BY_HASH = new HashMap<>();
    private static final Map<String, String> BY_WORD = new HashMap<>();
    private static final List<Signature> LIST = load();

    /** One signature as the source lists it: the string and PowerShell's precomputed hash. */
    record Signature(String text, long hash) { }

    /** What was found, and where. */
    record Finding(String signature, int offset, String context) {
        @Override
        public String toString() {
            return "'" + signature + "' near \"" + context + "\" (offset " + offset + ")";
        }
    }

    private SuspiciousContent() { }

    static List<Signature> signatures() {
        return LIST;
    }

    /** PowerShell's pattern hash: {@code h = 31 * h + lower(c)} in 32 bits, ASCII letters lowered. */
    static long hash(String pattern) {
        int h = 0;
        for (int i = 0; i < pattern.length(); i++) {
            h = 31 * h + lower(pattern.charAt(i));
        }
        return Integer.toUnsignedLong(h);
    }

    /** Everything either matcher or the syntax rules find in a script block's text; empty when it is clean. */
    static List<Finding> scan(String text) {
        List<Finding> out = new ArrayList<>();
        out.addAll(wholeWords(text));
        out.addAll(rollingHash(text));
        out.addAll(syntax(text));
        return out;
    }

    /** Windows PowerShell 5.1: words of {@code [A-Za-z-]}, compared whole and case-insensitively. */
    static List<Finding> wholeWords(String text) {
        List<Finding> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean word = i < text.length() && isWordChar(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                String found = BY_WORD.get(text.substring(start, i).toLowerCase(Locale.ROOT));
                if (found != null) {
                    out.add(finding(found, start, text));
                }
                start = -1;
            }
        }
        return out;
    }

    /** PowerShell 6.1+: running hashes of the last 1..29 word characters, checked inside words and at block ends. */
    static List<Finding> rollingHash(String text) {
        List<Finding> out = new ArrayList<>();
        int[] running = new int[LONGEST];
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '}') {
                // the end of a nested script block: PowerShell checks all running hashes there
                check(running, LONGEST, i, text, out);
            }
            if (!isWordChar(c)) {
                run = 0;
                continue;
            }
            int h = lower(c);
            for (int j = Math.min(i, LONGEST - 1); j > 0; j--) {
                running[j] = 31 * running[j - 1] + h;
            }
            running[0] = h;
            if (++run >= 4) {
                check(running, Math.min(run, LONGEST), i, text, out);
            }
        }
        check(running, LONGEST, text.length(), text, out);
        return out;
    }

    private static void check(int[] running, int upTo, int at, String text, List<Finding> out) {
        for (int k = 0; k < upTo; k++) {
            String found = BY_HASH.get(running[k]);
            if (found != null) {
                out.add(finding(found, Math.max(0, at - k), text));
                return;
            }
        }
    }

    /**
     * Syntax PowerShell's parser marks suspicious ({@code SemanticChecks.CheckMemberAccess}, {@code
     * VisitTypeExpression}, {@code VisitConvertExpression}): {@code $x.$name}, {@code $x.(expr)},
     * {@code $x."$name"}, {@code $x::Member} or {@code (expr)::Member}, and {@code [Type]}/{@code [System.Type]}.
     */
    static List<Finding> syntax(String text) {
        List<Finding> out = new ArrayList<>();
        for (Map.Entry<String, Pattern> rule : SYNTAX.entrySet()) {
            Matcher m = rule.getValue().matcher(text);
            while (m.find()) {
                out.add(finding(rule.getKey(), m.start(), text));
            }
        }
        return out;
    }

    private static final Map<String, Pattern> SYNTAX = Map.of(
            "member name that is not a constant", Pattern.compile("[\\w)\\]}'\"]\\.(?:\\$|\\(|\"[^\"]*\\$)"),
            "static member access on an expression", Pattern.compile("(?:\\$[\\w:]+|\\))::"),
            "the type [Type]", Pattern.compile("(?i)\\[\\s*(?:System\\.)?Type\\s*\\]"));

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    }

    private static int lower(char c) {
        return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
    }

    private static Finding finding(String signature, int offset, String text) {
        int from = Math.max(0, offset - 30);
        int to = Math.min(text.length(), offset + 40);
        return new Finding(signature, offset, text.substring(from, to).replace("\r", "\\r").replace("\n", "\\n"));
    }

    private static List<Signature> load() {
        try (InputStream in = SuspiciousContent.class.getResourceAsStream("powershell-suspicious-content.tsv")) {
            if (in == null) {
                throw new IllegalStateException("powershell-suspicious-content.tsv missing");
            }
            List<Signature> list = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.strip().split("\t");
                Signature s = new Signature(f[1], Long.parseLong(f[0]));
                list.add(s);
                BY_HASH.put((int) s.hash(), s.text());
                BY_WORD.put(s.text().toLowerCase(Locale.ROOT), s.text());
            }
            return List.copyOf(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
