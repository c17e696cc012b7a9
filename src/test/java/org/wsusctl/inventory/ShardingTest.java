package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;

/**
 * {@link Sharding}: the placement contract of {@code --shard I/N}. Every selected host is in exactly one shard;
 * a host's shard depends on nothing but its placement key and N (not on host order, not on which other hosts
 * exist); groups that set {@code max_parallel_fixes} are never cut; {@code --shard-by} keeps a value's hosts
 * together and refuses a host without the variable at its line. Inventories go through the real loader.
 */
class ShardingTest {
    @TempDir
    Path dir;

    private Inventory load(String yaml) throws Exception {
        Path f = dir.resolve("inv-" + System.nanoTime() + ".yml");
        Files.writeString(f, yaml);
        return new InventoryLoader().load(f);
    }

    /** {@code count} plain hosts {@code prefix001...}, each with {@code site: s<n % sites>}. */
    private static String plainHosts(String prefix, int from, int count, int sites) {
        StringBuilder sb = new StringBuilder();
        for (int n = from; n < from + count; n++) {
            sb.append("        ").append(String.format("%s%03d", prefix, n)).append(": { site: s").append(n % sites)
                    .append(" }\n");
        }
        return sb.toString();
    }

    private static Map<String, Integer> placement(Sharding s, int total) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 1; i <= total; i++) {
            for (Host h : s.hostsOf(new Shard(i, total, Optional.empty()))) {
                Integer before = out.put(h.name(), i);
                assertEquals(null, before, () -> h.name() + " is in shard " + before + " and in another");
            }
        }
        return out;
    }

    private static Sharding split(Inventory inv, List<Host> hosts) throws ConfigException {
        return Sharding.of(hosts, inv.groups(), Optional.empty());
    }

    @Test
    void everyHostIsInExactlyOneShardAndTheShardsAreFair() throws Exception {
        Inventory inv = load("all:\n  children:\n    plain:\n      hosts:\n" + plainHosts("wsus", 1, 400, 1));
        Map<String, Integer> where = placement(split(inv, inv.hosts()), 4);
        assertEquals(400, where.size());
        Map<Integer, Integer> sizes = new HashMap<>();
        where.values().forEach(i -> sizes.merge(i, 1, Integer::sum));
        assertEquals(Set.of(1, 2, 3, 4), sizes.keySet());
        // rendezvous hashing of 400 keys: each shard near 100 (the split is fixed, so this is not a random test)
        sizes.forEach((i, n) -> assertTrue(n > 70 && n < 130, "shard " + i + " has " + n + " of 400: " + sizes));
        assertEquals(Set.of(1), Set.copyOf(placement(split(inv, inv.hosts()), 1).values()), "1/1 holds everything");
    }

    /** The weight function is part of the contract: a change moves hosts between shards for every user. */
    @Test
    void placementIsPinned() {
        List<Integer> placed = new ArrayList<>();
        for (String key : List.of("host:wsus01", "host:wsus02", "host:wsus03", "host:wsus04", "host:wsus05",
                "group:susdb_eu", "by:paris")) {
            placed.add(Sharding.shardOf(key, 4));
        }
        placed.add(Sharding.shardOf("by:paris", 7));
        placed.add(Sharding.shardOf("by:paris", 1));
        assertEquals(List.of(4, 4, 4, 4, 3, 2, 3, 3, 1), placed);
    }

    @Test
    void aHostKeepsItsShardWhateverTheOrderOfTheInventory() throws Exception {
        Inventory inv = load("all:\n  children:\n    sus:\n      vars: { max_parallel_fixes: 1 }\n      hosts:\n"
                + plainHosts("db", 1, 12, 1) + "    plain:\n      hosts:\n" + plainHosts("wsus", 1, 150, 1));
        Map<String, Integer> before = placement(split(inv, inv.hosts()), 5);
        List<Host> shuffled = new ArrayList<>(inv.hosts());
        for (long seed = 1; seed <= 5; seed++) {
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(before, placement(split(inv, shuffled), 5), "seed " + seed);
        }
        List<Host> reversed = new ArrayList<>(inv.hosts());
        Collections.reverse(reversed);
        assertEquals(split(inv, inv.hosts()).digest(), split(inv, reversed).digest(), "the digest ignores order");
        // and each shard lists its hosts in selection order
        List<Host> first = split(inv, inv.hosts()).hostsOf(new Shard(1, 5, Optional.empty()));
        List<Host> inOrder = inv.hosts().stream().filter(first::contains).toList();
        assertEquals(inOrder, first);
    }

    @Test
    void addingHostsMovesNobodyAndOnlyNChangingDoes() throws Exception {
        String gated = "    sus:\n      vars: { max_parallel_fixes: 2 }\n      hosts:\n" + plainHosts("db", 1, 6, 1);
        Inventory small = load("all:\n  children:\n" + gated + "    plain:\n      hosts:\n"
                + plainHosts("wsus", 1, 200, 1));
        Inventory grown = load("all:\n  children:\n" + gated + plainHosts("db", 7, 3, 1) + "    plain:\n      hosts:\n"
                + plainHosts("new", 1, 60, 1) + plainHosts("wsus", 1, 200, 1) + plainHosts("wsus", 201, 40, 1));
        Map<String, Integer> before = placement(split(small, small.hosts()), 4);
        Map<String, Integer> after = placement(split(grown, grown.hosts()), 4);
        assertEquals(309, after.size());
        before.forEach((host, shard) -> assertEquals(shard, after.get(host), host + " moved when hosts were added"));
        // the gated group grew by three hosts: they join its shard
        for (int n = 7; n <= 9; n++) {
            assertEquals(before.get("db001"), after.get(String.format("db%03d", n)));
        }

        // 4 -> 5 shards: a key moves only if shard 5 now beats its old shard (rendezvous), about a fifth of them
        Map<String, Integer> five = placement(split(small, small.hosts()), 5);
        int moved = 0;
        for (Map.Entry<String, Integer> e : before.entrySet()) {
            if (!five.get(e.getKey()).equals(e.getValue())) {
                moved++;
                assertEquals(5, five.get(e.getKey()), e.getKey() + " moved between two old shards");
            }
        }
        assertTrue(moved > 20 && moved < 70, "about one host in five moves to the new shard, moved " + moved);
        assertNotEquals(before, five);
    }

    @Test
    void groupsThatLimitFixesAreNeverCut() throws Exception {
        // eu and us are gated, us_lab is a child of us (its hosts are fixed under us's gate), shared is in eu and
        // in apac (gated too), so eu and apac are joined into one key through it; fleet is ungated
        Inventory inv = load("""
                all:
                  children:
                    eu:
                      vars: { max_parallel_fixes: 1 }
                      hosts: { eu1: , eu2: , eu3: , eu4: , eu5: , shared: }
                    apac:
                      vars: { max_parallel_fixes: 2 }
                      hosts: { ap1: , ap2: , ap3: , shared: }
                    us:
                      vars: { max_parallel_fixes: 1 }
                      hosts: { us1: , us2: , us3: , us4: }
                      children:
                        us_lab:
                          hosts: { lab1: , lab2: , lab3: }
                    fleet:
                      hosts: { f01: , f02: , f03: , f04: , f05: , f06: , f07: , f08: , f09: , f10: , f11: , f12: }
                """);
        Sharding s = split(inv, inv.hosts());
        for (int total = 2; total <= 9; total++) {
            Map<String, Integer> where = placement(s, total);
            assertEquals(1, shardsOf(where, "eu1", "eu2", "eu3", "eu4", "eu5", "shared", "ap1", "ap2", "ap3").size(),
                    "eu and apac, joined by shared, in " + total + " shards: " + where);
            assertEquals(1, shardsOf(where, "us1", "us2", "us3", "us4", "lab1", "lab2", "lab3").size(),
                    "us and its child group, in " + total + " shards: " + where);
        }
        assertEquals("group:apac", s.keyOf("eu3"), "a joined set's key is its smallest, whatever the order");
        assertEquals("group:apac", s.keyOf("shared"));
        assertEquals("group:us", s.keyOf("lab2"));
        assertEquals("host:f07", s.keyOf("f07"));
        assertTrue(shardsOf(placement(s, 4), "f01", "f02", "f03", "f04", "f05", "f06", "f07", "f08", "f09", "f10",
                "f11", "f12").size() > 1, "ungated hosts spread over the shards");
    }

    private static Set<Integer> shardsOf(Map<String, Integer> where, String... hosts) {
        Set<Integer> out = new TreeSet<>();
        for (String h : hosts) {
            out.add(where.get(h));
        }
        return out;
    }

    @Test
    void shardByKeepsAValuesHostsTogetherAndSaysWhenAGateJoinsValues() throws Exception {
        Inventory inv = load("all:\n  children:\n    sus:\n      vars: { max_parallel_fixes: 1 }\n      hosts:\n"
                + "        db1: { site: s1 }\n        db2: { site: s2 }\n    plain:\n      hosts:\n"
                + plainHosts("wsus", 1, 120, 7));
        Sharding s = Sharding.of(inv.hosts(), inv.groups(), Optional.of("site"));
        Map<String, Integer> where = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            for (Host h : s.hostsOf(new Shard(i, 3, Optional.of("site")))) {
                where.put(h.name(), i);
            }
        }
        assertEquals(122, where.size());
        Map<String, Set<Integer>> shardsOfSite = new HashMap<>();
        for (Host h : inv.hosts()) {
            shardsOfSite.computeIfAbsent(String.valueOf(h.vars().get("site")), k -> new HashSet<>()).add(where.get(h.name()));
        }
        shardsOfSite.forEach((site, shards) -> assertEquals(1, shards.size(), "site " + site + " in " + shards));
        // db1 (s1) and db2 (s2) share a gate: s1 and s2 are placed as one
        assertEquals(shardsOfSite.get("s1"), shardsOfSite.get("s2"));
        assertEquals(s.keyOf("wsus008"), s.keyOf("db2"), "wsus008 is at site s1, joined to s2 through the gate");
        assertEquals(List.of("group sus sets max_parallel_fixes and has hosts with site s1, s2: they are kept in one"
                + " shard, so its runner must reach them all"), s.notes());
        assertNotEquals(split(inv, inv.hosts()).digest(), s.digest(), "another split, another digest");
        assertEquals(Optional.of("site"), s.by());
    }

    @Test
    void aNumberValueIsItsText() throws Exception {
        Inventory inv = load("all:\n  hosts:\n    a: { rack: 12 }\n    b: { rack: '12' }\n    c: { rack: 13 }\n");
        Sharding s = Sharding.of(inv.hosts(), inv.groups(), Optional.of("rack"));
        assertEquals(s.keyOf("a"), s.keyOf("b"), "12 and '12' are one value, as a user reads them");
        assertNotEquals(s.keyOf("a"), s.keyOf("c"));
    }

    @Test
    void aHostWithoutTheShardByVariableIsRefusedAtItsLine() throws Exception {
        Inventory inv = load("""
                all:
                  hosts:
                    paris1: { site: paris }
                    nosite:
                    lyon1: { site: lyon }
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> Sharding.of(inv.hosts(), inv.groups(), Optional.of("site")));
        assertEquals(1, e.diagnostics().size(), e::getMessage);
        assertTrue(e.getMessage().contains(":4:") && e.getMessage().contains("host nosite has no variable 'site'"
                + " (--shard-by site)"), e.getMessage());

        Inventory many = load("all:\n  hosts:\n" + plainHosts("wsus", 1, 30, 1).replaceAll("\\{ site: s0 \\}", ""));
        ConfigException all = assertThrows(ConfigException.class,
                () -> Sharding.of(many.hosts(), many.groups(), Optional.of("site")));
        assertEquals(Sharding.MAX_MISSING_LISTED + 1, all.diagnostics().size());
        assertTrue(all.getMessage().contains("and 10 more hosts without 'site'"), all.getMessage());
    }

    @Test
    void theDigestTellsSplitsApart() throws Exception {
        Inventory a = load("all:\n  hosts:\n    h1:\n    h2:\n    h3:\n");
        Inventory gated = load("all:\n  children:\n    g:\n      vars: { max_parallel_fixes: 1 }\n"
                + "      hosts:\n        h1:\n        h2:\n  hosts:\n    h3:\n");
        Inventory more = load("all:\n  hosts:\n    h1:\n    h2:\n    h3:\n    h4:\n");
        String digest = split(a, a.hosts()).digest();
        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
        assertNotEquals(digest, split(gated, gated.hosts()).digest(), "same hosts, another max_parallel_fixes group");
        assertNotEquals(digest, split(more, more.hosts()).digest(), "another selection");
        assertNotEquals(digest, split(a, a.hosts().subList(0, 2)).digest(), "--limit");
        assertEquals(3, split(a, a.hosts()).selectedHosts());
    }
}
