package org.wsusctl.inventory;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Ansible's host patterns ({@code ansible/inventory/manager.py}), for {@code --limit} and a playbook's
 * {@code hosts:}: {@code all} or {@code *}, a group (its hosts and its children's), a host, wildcards
 * ({@code wsus0*}, {@code [!x]}), regular expressions ({@code ~wsus0[1-4]}, anchored at the start as
 * Python's {@code re.match}), subscripts ({@code wsus[0]}, {@code wsus[-1]}, {@code wsus[1:3]},
 * {@code wsus[2:]}), unions ({@code a:b}, {@code a,b}), exclusions ({@code !a}) and intersections
 * ({@code &a}); for {@code --limit}, {@code @FILE} (a retry file: one pattern a line). Unions are taken in
 * the order written, then intersections, then exclusions; the hosts come out in that union order.
 *
 * <p>Regular expressions and wildcards run on RE2/J, whose matching time is linear in the name's length
 * whatever the expression: {@code ~(.*a){25}b} cannot hang a run. RE2 has no backreferences or
 * lookarounds; a pattern using them is refused with that reason.
 */
public final class HostPattern {
    private static final java.util.regex.Pattern SUBSCRIPT =
            java.util.regex.Pattern.compile("^(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\\]$");
    private static final java.util.regex.Pattern SPLIT =
            java.util.regex.Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^\\]]*\\])+");
    /** A retry file is a list of names; anything this big is not one. */
    private static final long MAX_LIMIT_FILE = 4L * 1024 * 1024;

    private final String text;
    private final List<String> terms;

    private HostPattern(String text, List<String> terms) {
        this.text = text;
        this.terms = List.copyOf(terms);
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException when it is empty or a regular expression or subscript is malformed
     */
    public static HostPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("host pattern is empty; expected a group, host, wildcard or \"all\"");
        }
        List<String> terms = split(pattern);
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("host pattern \"" + pattern + "\" names no hosts or groups");
        }
        for (String t : terms) {
            check(pattern, t);
        }
        return new HostPattern(pattern, terms);
    }

    /**
     * A {@code --limit}: a pattern whose {@code @FILE} terms are replaced by the file's lines (Ansible's
     * retry files), each line one pattern.
     */
    public static HostPattern limit(String limit) {
        if (limit == null || limit.isBlank()) {
            throw new IllegalArgumentException("host pattern is empty; expected a group, host, wildcard or \"all\"");
        }
        List<String> terms = new ArrayList<>();
        for (String t : split(limit)) {
            if (!t.startsWith("@")) {
                check(limit, t);
                terms.add(t);
                continue;
            }
            Path file = Path.of(t.substring(1));
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("limit file " + file + " not found");
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("a limit starting with \"@\" must be a file, not a directory or"
                        + " special file: " + file);
            }
            try {
                if (Files.size(file) > MAX_LIMIT_FILE) {
                    throw new IllegalArgumentException("limit file " + file + " is bigger than 4 MB");
                }
                for (String line : Files.readString(file).split("\n", -1)) {
                    String p = line.strip();
                    if (!p.isEmpty()) {
                        check(limit, p);
                        terms.add(p);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read limit file " + file + ": " + e.getMessage());
            }
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("--limit \"" + limit + "\" names no hosts (an empty retry file?)");
        }
        return new HostPattern(limit, terms);
    }

    /** Ansible's split_host_pattern: commas when present, else colons and spaces outside brackets. */
    static List<String> split(String pattern) {
        List<String> raw = new ArrayList<>();
        if (pattern.contains(",")) {
            raw.addAll(List.of(pattern.split(",", -1)));
        } else if (HostPatterns.parseAddress(pattern.strip()) != null) {
            raw.add(pattern);
        } else {
            Matcher m = SPLIT.matcher(pattern);
            while (m.find()) {
                raw.add(m.group());
            }
        }
        List<String> out = new ArrayList<>();
        for (String p : raw) {
            if (!p.strip().isEmpty()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    private static void check(String pattern, String term) {
        String t = term.startsWith("!") || term.startsWith("&") ? term.substring(1) : term;
        if (t.isEmpty()) {
            throw new IllegalArgumentException("host pattern \"" + pattern + "\": expected a name after \"" + term
                    + "\"");
        }
        regex(pattern, subscript(t).expr());
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /** The hosts the pattern selects, in Ansible's order; empty when nothing matches. */
    public List<Host> select(Inventory inventory) {
        Index idx = new Index(inventory);
        List<Host> hosts = evaluate(idx, terms);
        Set<String> seen = new HashSet<>();
        List<Host> out = new ArrayList<>();
        for (Host h : hosts) {
            if (seen.add(h.name())) {
                out.add(h);
            }
        }
        return out;
    }

    /** The hosts of {@code this} that are also selected by {@code limit}, in this pattern's order. */
    public List<Host> select(Inventory inventory, HostPattern limit) {
        List<Host> selected = select(inventory);
        if (limit == null) {
            return selected;
        }
        Set<String> allowed = new HashSet<>();
        limit.select(inventory).forEach(h -> allowed.add(h.name()));
        return selected.stream().filter(h -> allowed.contains(h.name())).toList();
    }

    /** Lookup tables built once per selection: host by name, groups in creation order. */
    private static final class Index {
        final Map<String, Host> hosts = new LinkedHashMap<>();
        final Inventory inventory;

        Index(Inventory inventory) {
            this.inventory = inventory;
            inventory.hosts().forEach(h -> hosts.putIfAbsent(h.name(), h));
        }
    }

    /** Ansible's _evaluate_patterns. */
    private static List<Host> evaluate(Index idx, List<String> patterns) {
        List<String> regular = new ArrayList<>();
        List<String> intersect = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        for (String p : patterns) {
            (p.startsWith("!") ? exclude : p.startsWith("&") ? intersect : regular).add(p);
        }
        if (regular.isEmpty()) {
            regular.add("all");
        }
        List<String> ordered = new ArrayList<>(regular);
        ordered.addAll(intersect);
        ordered.addAll(exclude);
        List<Host> hosts = new ArrayList<>();
        Map<String, List<Host>> cache = new HashMap<>();
        for (String p : ordered) {
            Host exact = idx.hosts.get(p);
            if (exact != null) {
                hosts.add(exact);
                continue;
            }
            List<Host> that = cache.computeIfAbsent(p.startsWith("!") || p.startsWith("&") ? p.substring(1) : p,
                    q -> matchOne(idx, q));
            if (p.startsWith("!")) {
                Set<String> drop = names(that);
                hosts.removeIf(h -> drop.contains(h.name()));
            } else if (p.startsWith("&")) {
                Set<String> keep = names(that);
                hosts.removeIf(h -> !keep.contains(h.name()));
            } else {
                Set<String> existing = names(hosts);
                that.stream().filter(h -> !existing.contains(h.name())).forEach(hosts::add);
            }
        }
        return hosts;
    }

    private static Set<String> names(List<Host> hosts) {
        Set<String> s = new HashSet<>();
        hosts.forEach(h -> s.add(h.name()));
        return s;
    }

    /** A term without its prefix and its subscript ({@code [i]} or {@code [start:end]}, end -1 for open). */
    private record Split(String expr, Integer start, Integer end) { }

    private static Split subscript(String pattern) {
        if (pattern.startsWith("~")) {
            return new Split(pattern, null, null);
        }
        Matcher m = SUBSCRIPT.matcher(pattern);
        if (!m.matches()) {
            return new Split(pattern, null, null);
        }
        if (m.group(2) != null) {
            return new Split(m.group(1), parseIndex(m.group(2)), null);
        }
        int end = m.group(5).isEmpty() ? -1 : parseIndex(m.group(5));
        return new Split(m.group(1), parseIndex(m.group(3)), end);
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("host pattern subscript " + s + " is too large");
        }
    }

    /** Ansible's _match_one_pattern (after the prefix): enumerate, then apply the subscript. */
    private static List<Host> matchOne(Index idx, String pattern) {
        Split s = subscript(pattern);
        List<Host> hosts = enumerate(idx, s.expr());
        if (hosts.isEmpty() || s.start() == null) {
            return hosts;
        }
        int start = s.start();
        Integer end = s.end();
        if (end != null && end != 0) {
            int e = end == -1 ? hosts.size() - 1 : end;
            int from = Math.min(start, hosts.size());
            int to = Math.max(from, Math.min(e + 1, hosts.size()));
            return new ArrayList<>(hosts.subList(from, to));
        }
        int i = start < 0 ? hosts.size() + start : start;
        if (i < 0 || i >= hosts.size()) {
            throw new IllegalArgumentException("no hosts matched the subscripted pattern \"" + pattern + "\" ("
                    + hosts.size() + " host(s) before the subscript)");
        }
        return new ArrayList<>(List.of(hosts.get(i)));
    }

    /** Ansible's _enumerate_matches: matching groups' hosts, then (for wildcards and regexes) matching hosts. */
    private static List<Host> enumerate(Index idx, String pattern) {
        Pattern re = regex(pattern, pattern);
        List<Host> results = new ArrayList<>();
        boolean groupMatched = false;
        for (Group g : idx.inventory.groups().values()) {
            if (re.matcher(g.name()).lookingAt()) {
                groupMatched = true;
                for (String h : g.hosts()) {
                    Host host = idx.hosts.get(h);
                    if (host != null) {
                        results.add(host);
                    }
                }
            }
        }
        if (!groupMatched || pattern.startsWith("~") || pattern.chars().anyMatch(c -> ".?*[".indexOf(c) >= 0)) {
            for (Host h : idx.hosts.values()) {
                if (re.matcher(h.name()).lookingAt()) {
                    results.add(h);
                }
            }
        }
        return results;
    }

    /** {@code ~regex} as written, anything else through Python's fnmatch.translate (a full match). */
    private static Pattern regex(String pattern, String term) {
        String re = term.startsWith("~") ? term.substring(1) : Fnmatch.translate(term);
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("host pattern \"" + pattern + "\": bad regular expression \""
                    + term.substring(term.startsWith("~") ? 1 : 0) + "\": " + e.getDescription()
                    + " (wsusctl matches with RE2, which has no backreferences or lookarounds)");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
