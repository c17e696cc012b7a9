package org.wsusctl.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ansible's host patterns, for {@code --limit} and a playbook's {@code hosts:}: {@code all} or {@code *},
 * a group, a host, wildcards ({@code wsus0*}), regular expressions ({@code ~wsus0[1-4]}), unions
 * ({@code a:b} or {@code a,b}), exclusions ({@code !a}) and intersections ({@code &a}). As in Ansible,
 * unions are taken first, then intersections, then exclusions, whatever order they are written in; a
 * pattern made only of exclusions or intersections starts from all hosts.
 */
public final class HostPattern {
    private enum Op { UNION, INTERSECT, EXCLUDE }

    private record Term(Op op, String text, Pattern regex) { }

    private final String text;
    private final List<Term> terms;

    private HostPattern(String text, List<Term> terms) {
        this.text = text;
        this.terms = terms;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException when it is empty or a regular expression or wildcard is malformed
     */
    public static HostPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("host pattern is empty; expected a group, host, wildcard or \"all\"");
        }
        // Ansible: commas separate when present, otherwise colons (so a regex may contain ':' only with commas).
        String sep = pattern.contains(",") ? "," : ":";
        List<Term> terms = new ArrayList<>();
        for (String raw : pattern.split(Pattern.quote(sep))) {
            String t = raw.strip();
            if (t.isEmpty()) {
                continue; // "wsus01," is how Ansible users write a one-host list
            }
            Op op = Op.UNION;
            if (t.startsWith("!")) {
                op = Op.EXCLUDE;
                t = t.substring(1);
            } else if (t.startsWith("&")) {
                op = Op.INTERSECT;
                t = t.substring(1);
            }
            if (t.isEmpty()) {
                throw new IllegalArgumentException("host pattern \"" + pattern + "\": expected a name after \""
                        + raw.strip() + "\"");
            }
            terms.add(new Term(op, t, regexFor(pattern, t)));
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("host pattern \"" + pattern + "\" names no hosts or groups");
        }
        return new HostPattern(pattern, List.copyOf(terms));
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /** The hosts the pattern selects, in inventory order; empty when nothing matches. */
    public List<Host> select(Inventory inventory) {
        Set<String> result = new LinkedHashSet<>();
        boolean anyUnion = terms.stream().anyMatch(t -> t.op() == Op.UNION);
        if (!anyUnion) {
            inventory.hosts().forEach(h -> result.add(h.name()));
        }
        for (Term t : terms) {
            if (t.op() == Op.UNION) {
                result.addAll(matches(inventory, t));
            }
        }
        for (Term t : terms) {
            if (t.op() == Op.INTERSECT) {
                result.retainAll(matches(inventory, t));
            }
        }
        for (Term t : terms) {
            if (t.op() == Op.EXCLUDE) {
                result.removeAll(matches(inventory, t));
            }
        }
        return inventory.hosts().stream().filter(h -> result.contains(h.name())).toList();
    }

    /** Host names one term stands for. */
    private static Set<String> matches(Inventory inv, Term t) {
        Set<String> out = new LinkedHashSet<>();
        if (t.text().equals("all") || t.text().equals("*")) {
            inv.hosts().forEach(h -> out.add(h.name()));
            return out;
        }
        if (t.regex() == null) {
            Group g = inv.groups().get(t.text());
            if (g != null) {
                out.addAll(g.hosts());
            }
            inv.host(t.text()).ifPresent(h -> out.add(h.name()));
            return out;
        }
        boolean anchoredAtStartOnly = t.text().startsWith("~"); // Ansible uses re.match: anchored at the start
        for (Group g : inv.groups().values()) {
            if (matchesName(t.regex(), g.name(), anchoredAtStartOnly)) {
                out.addAll(g.hosts());
            }
        }
        for (Host h : inv.hosts()) {
            if (matchesName(t.regex(), h.name(), anchoredAtStartOnly)) {
                out.add(h.name());
            }
        }
        return out;
    }

    private static boolean matchesName(Pattern p, String name, boolean prefix) {
        return prefix ? p.matcher(name).lookingAt() : p.matcher(name).matches();
    }

    /** The regex for a {@code ~regex} or wildcard term; null for a plain name. */
    private static Pattern regexFor(String pattern, String term) {
        if (term.startsWith("~")) {
            try {
                return Pattern.compile(term.substring(1));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("host pattern \"" + pattern + "\": bad regular expression \""
                        + term.substring(1) + "\": " + e.getDescription());
            }
        }
        if (term.indexOf('*') < 0 && term.indexOf('?') < 0 && term.indexOf('[') < 0) {
            return null;
        }
        return Pattern.compile(globToRegex(pattern, term));
    }

    /** fnmatch: {@code *} any run, {@code ?} one character, {@code [abc]} / {@code [!abc]} a class. */
    private static String globToRegex(String pattern, String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                b.append(".*");
            } else if (c == '?') {
                b.append('.');
            } else if (c == '[') {
                int end = glob.indexOf(']', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("host pattern \"" + pattern + "\": expected ']' to close \"["
                            + "\" in \"" + glob + "\"");
                }
                String cls = glob.substring(i + 1, end);
                if (cls.startsWith("!")) {
                    cls = "^" + cls.substring(1);
                }
                b.append('[').append(cls.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                i = end;
            } else {
                b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(b.toString()).pattern();
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("host pattern \"" + pattern + "\": bad wildcard \"" + glob + "\"");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
