package org.wsusctl.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The batch preamble split into its header (the wire constants and preferences) and its functions, so that a
 * self-contained command line carries only the functions its units call. Why: cmd.exe stops at 8191 characters,
 * and the whole preamble plus a large script no longer fits one line; a shell staged by {@link PsInvocation#stage}
 * holds the whole preamble in its environment instead, where the limit is 32767.
 *
 * <p>The text is the comment-free preamble: every line from the first {@code function} line on belongs to a
 * function, and a function runs until the next {@code function} line (the preamble defines no nested functions;
 * {@link #parse} checks each function's braces balance).
 */
final class Preamble {
    private static final String CRLF = "\r\n";
    private static final Pattern FUNCTION = Pattern.compile("function ([A-Za-z]+-[A-Za-z]+)\\b.*");

    private final String header;
    private final Map<String, String> functions;
    /** Compiled once: every unit of a batch is searched for every function's name. */
    private final Map<String, Pattern> callPatterns = new LinkedHashMap<>();

    private Preamble(String header, Map<String, String> functions) {
        this.header = header;
        this.functions = functions;
        functions.keySet().forEach(n -> callPatterns.put(n, callOf(n)));
    }

    /** Splits CRLF-joined, comment-free preamble text. */
    static Preamble parse(String text) {
        List<String> head = new ArrayList<>();
        Map<String, String> functions = new LinkedHashMap<>();
        String name = null;
        List<String> body = new ArrayList<>();
        for (String line : text.split(CRLF, -1)) {
            var m = FUNCTION.matcher(line);
            if (m.matches()) {
                if (name != null) {
                    functions.put(name, checked(name, String.join(CRLF, body)));
                }
                name = m.group(1);
                body = new ArrayList<>();
            }
            (name == null ? head : body).add(line);
        }
        if (name != null) {
            functions.put(name, checked(name, String.join(CRLF, body)));
        }
        return new Preamble(String.join(CRLF, head), functions);
    }

    private static String checked(String name, String text) {
        long open = text.chars().filter(c -> c == '{').count();
        long close = text.chars().filter(c -> c == '}').count();
        if (open != close) {
            throw new IllegalStateException("preamble function " + name + " does not balance its braces: "
                    + "a nested function, or a brace in a string, breaks the split");
        }
        return text;
    }

    /** Everything, in the shipped order. */
    String full() {
        List<String> parts = new ArrayList<>(List.of(header));
        parts.addAll(functions.values());
        return String.join(CRLF, parts);
    }

    Set<String> functionNames() {
        return functions.keySet();
    }

    /** The header and the functions {@code code} calls, directly or through other functions, in the shipped order. */
    String forCode(String code) {
        return withFunctions(needs(code));
    }

    String header() {
        return header;
    }

    /** A function's text, for one named in {@link #functionNames}. */
    String function(String name) {
        return functions.get(name);
    }

    /**
     * The functions {@code code} calls, directly or through other functions. What code joined by CRLF needs is the
     * union of what its pieces need (a name never spans a line end), so a batch's needs can be grown unit by unit.
     */
    Set<String> needs(String code) {
        Set<String> needed = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>(List.of(code));
        while (!texts.isEmpty()) {
            String t = texts.remove(texts.size() - 1);
            for (Map.Entry<String, String> f : functions.entrySet()) {
                if (!needed.contains(f.getKey()) && callPatterns.get(f.getKey()).matcher(t).find()) {
                    needed.add(f.getKey());
                    texts.add(f.getValue());
                }
            }
        }
        return needed;
    }

    /** The header and the {@code needed} functions, in the shipped order. */
    String withFunctions(Set<String> needed) {
        List<String> parts = new ArrayList<>(List.of(header));
        functions.forEach((n, text) -> {
            if (needed.contains(n)) {
                parts.add(text);
            }
        });
        return String.join(CRLF, parts);
    }

    /** A call or mention of the function by its whole name (PowerShell names are case-insensitive). */
    private static Pattern callOf(String function) {
        return Pattern.compile("(?i)(?<![\\w-])" + Pattern.quote(function) + "(?![\\w-])");
    }
}
