package org.wsusctl.inventory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;

/**
 * Splits a selection of hosts into shards ({@code --shard I/N}) so that separate processes, on separate
 * runners, can each take one and together cover the fleet exactly once.
 *
 * <p>Each host gets a <em>placement key</em>: the name of the {@code max_parallel_fixes} group it belongs to
 * (so all servers that share one SUSDB land in one shard and the fix gate, which lives in one process, still
 * holds), or its {@code --shard-by} value (so a site's servers land together, for a runner inside that site),
 * or else its own name. A host in several such groups, or a group whose hosts have several {@code --shard-by}
 * values, joins them: the key of the joined set is the smallest of its keys, so it does not depend on the
 * order hosts are listed in. A key is placed by rendezvous hashing (highest random weight, Thaler and Ravishankar
 * 1998): shard = the {@code i} in {@code 1..N} with the largest {@code weight(key, i)}. A key's shard depends on
 * nothing but the key and {@code N}: not on host order, not on which other hosts exist, so adding a host moves
 * nobody, and going from {@code N} to {@code N+1} shards moves only the keys that now prefer the new shard
 * (about one in {@code N+1}).
 *
 * <p>The weight function is part of the contract: changing it moves hosts between shards for everyone.
 */
public final class Sharding {
    /** At most this many hosts lacking the {@code --shard-by} variable are named, one line each. */
    static final int MAX_MISSING_LISTED = 20;

    private final List<Host> selected;
    private final Map<String, String> keyOf;
    private final Optional<String> by;
    private final List<String> notes;

    private Sharding(List<Host> selected, Map<String, String> keyOf, Optional<String> by, List<String> notes) {
        this.selected = List.copyOf(selected);
        this.keyOf = keyOf;
        this.by = by;
        this.notes = List.copyOf(notes);
    }

    /**
     * Places every selected host.
     *
     * @param by the {@code --shard-by} variable, if any: every selected host must have it
     * @throws ConfigException naming each host (at its line) that lacks the {@code by} variable
     */
    public static Sharding of(List<Host> selected, Map<String, Group> groups, Optional<String> by)
            throws ConfigException {
        Joins joins = new Joins();
        Map<String, String> anchorOf = new LinkedHashMap<>();
        List<Host> missing = new ArrayList<>();
        // gated group -> the --shard-by values of its hosts, to tell the operator when a group joins sites
        Map<String, Set<String>> valuesOfGroup = new TreeMap<>();
        for (Host h : selected) {
            List<String> anchors = new ArrayList<>();
            for (String g : h.groups()) {
                Group group = groups.get(g);
                if (group != null && group.limitsFixes()) {
                    anchors.add("group:" + g);
                }
            }
            if (by.isPresent()) {
                Object v = h.vars().get(by.get());
                if (v == null) {
                    missing.add(h);
                    continue;
                }
                String value = String.valueOf(v);
                anchors.add("by:" + value);
                for (String a : anchors) {
                    if (a.startsWith("group:")) {
                        valuesOfGroup.computeIfAbsent(a.substring(6), k -> new TreeSet<>()).add(value);
                    }
                }
            }
            if (anchors.isEmpty()) {
                anchors.add("host:" + h.name());
            }
            for (String a : anchors.subList(1, anchors.size())) {
                joins.join(anchors.get(0), a);
            }
            anchorOf.put(h.name(), anchors.get(0));
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(missingVariable(missing, by.get()));
        }
        Map<String, String> keyOf = new HashMap<>();
        anchorOf.forEach((host, anchor) -> keyOf.put(host, joins.root(anchor)));
        List<String> notes = new ArrayList<>();
        valuesOfGroup.forEach((group, values) -> {
            if (values.size() > 1) {
                notes.add("group " + group + " sets max_parallel_fixes and has hosts with " + by.get() + " "
                        + String.join(", ", values) + ": they are kept in one shard, so its runner must reach them all");
            }
        });
        return new Sharding(selected, keyOf, by, notes);
    }

    private static List<Diagnostic> missingVariable(List<Host> missing, String by) {
        List<Diagnostic> out = new ArrayList<>();
        for (Host h : missing.subList(0, Math.min(missing.size(), MAX_MISSING_LISTED))) {
            out.add(new Diagnostic(h.declaredAt(), "host " + h.name() + " has no variable '" + by + "' (--shard-by "
                    + by + "): expected every selected host to have one, so that its shard is known"));
        }
        if (missing.size() > MAX_MISSING_LISTED) {
            Host next = missing.get(MAX_MISSING_LISTED);
            out.add(new Diagnostic(next.declaredAt(), "and " + (missing.size() - MAX_MISSING_LISTED)
                    + " more hosts without '" + by + "'"));
        }
        return out;
    }

    /** How many hosts were selected (the whole fleet of the run, before sharding). */
    public int selectedHosts() {
        return selected.size();
    }

    /** The {@code --shard-by} variable, if any. */
    public Optional<String> by() {
        return by;
    }

    /** What the operator should know about the split (groups that join several {@code --shard-by} values). */
    public List<String> notes() {
        return notes;
    }

    /** The placement key of a selected host ({@code group:NAME}, {@code by:VALUE} or {@code host:NAME}). */
    public String keyOf(String host) {
        String k = keyOf.get(host);
        if (k == null) {
            throw new IllegalArgumentException("host " + host + " is not in the selection");
        }
        return k;
    }

    /** The selected hosts that fall in {@code shard}, in selection order. */
    public List<Host> hostsOf(Shard shard) {
        Map<String, Integer> placed = new HashMap<>();
        List<Host> out = new ArrayList<>();
        for (Host h : selected) {
            String key = keyOf(h.name());
            if (placed.computeIfAbsent(key, k -> shardOf(k, shard.total())) == shard.index()) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * {@code sha256:HEX} of the selected hosts' names, each with its placement key, sorted: two runs that
     * disagree on it did not split the same fleet the same way (another inventory, {@code --limit},
     * {@code --shard-by}, or {@code max_parallel_fixes} groups), so their shards cannot be merged.
     */
    public String digest() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(keyOf).forEach((host, key) -> sb.append(host).append('\t').append(key).append('\n'));
        return "sha256:" + HexFormat.of().formatHex(sha256(sb.toString()));
    }

    /** The shard (1..total) of a placement key: the index of highest weight, the lower index on a tie. */
    public static int shardOf(String key, int total) {
        long base = ByteBuffer.wrap(sha256(key)).getLong();
        int best = 1;
        long bestWeight = weight(base, 1);
        for (int i = 2; i <= total; i++) {
            long w = weight(base, i);
            if (Long.compareUnsigned(w, bestWeight) > 0) {
                best = i;
                bestWeight = w;
            }
        }
        return best;
    }

    /** The key's weight for shard {@code i}: SplitMix64's finalizer over the key's hash and the index. */
    private static long weight(long keyHash, int i) {
        return mix(keyHash ^ mix(i * 0x9E3779B97F4A7C15L));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Union-find over placement keys whose root is always the smallest key of its set (order-independent). */
    private static final class Joins {
        private final Map<String, String> parent = new HashMap<>();

        String root(String k) {
            String r = k;
            for (String p = parent.get(r); p != null && !p.equals(r); p = parent.get(r)) {
                r = p;
            }
            // path compression, iteratively: a long chain of joined groups must not exhaust the stack
            for (String c = k, p = parent.get(c); p != null && !c.equals(r); c = p, p = parent.get(c)) {
                parent.put(c, r);
            }
            return r;
        }

        void join(String a, String b) {
            String ra = root(a);
            String rb = root(b);
            if (ra.equals(rb)) {
                return;
            }
            if (ra.compareTo(rb) < 0) {
                parent.put(rb, ra);
            } else {
                parent.put(ra, rb);
            }
        }
    }
}
