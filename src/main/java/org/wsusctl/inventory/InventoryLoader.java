package org.wsusctl.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.sim.model.SimulateSchema;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.YamlDoc;

/**
 * Loads an Ansible-style YAML inventory. Every problem of the file is reported at once, each at its
 * {@code file:line:col}. Variables follow Ansible's precedence: {@code all}, then groups from the
 * shallowest to the deepest (ties by {@code ansible_group_priority}, then name), then the host itself.
 */
public final class InventoryLoader {
    private static final Logger LOG = LogManager.getLogger(InventoryLoader.class);
    static final String UNGROUPED = "ungrouped";

    /** Reads {@code file}; throws with every diagnostic when anything is wrong. */
    public Inventory load(Path file) throws ConfigException {
        YamlDoc doc = YamlDoc.parse(file);
        Diagnostics d = new Diagnostics();
        InventoryTree tree = InventoryTree.read(doc, d);
        Map<String, Integer> depth = depths(tree, d);
        d.throwIfErrors();

        Map<String, Set<String>> members = new HashMap<>();
        for (String g : tree.groups.keySet()) {
            members.put(g, closure(tree, g, new HashSet<>()));
        }
        List<String> hostOrder = new ArrayList<>(tree.hosts.keySet());
        ConnectionBuilder connections = new ConnectionBuilder(d);
        List<Host> hosts = new ArrayList<>();
        for (String name : hostOrder) {
            hosts.add(host(tree, tree.hosts.get(name), members, depth, connections, d));
        }
        Map<String, Group> groups = groups(tree, members, hostOrder);
        d.throwIfErrors();
        LOG.debug("loaded inventory {}: {} hosts, {} groups", file, hosts.size(), groups.size());
        return new Inventory(file, List.copyOf(hosts), groups);
    }

    private static Host host(InventoryTree tree, InventoryTree.HostNode h, Map<String, Set<String>> members,
            Map<String, Integer> depth, ConnectionBuilder connections, Diagnostics d) {
        List<InventoryTree.GroupNode> mine = new ArrayList<>();
        for (InventoryTree.GroupNode g : tree.groups.values()) {
            if (members.get(g.name).contains(h.name)) {
                mine.add(g);
            }
        }
        mine.sort(Comparator.comparingInt((InventoryTree.GroupNode g) -> depth.get(g.name))
                .thenComparingInt(InventoryLoader::priority)
                .thenComparing(g -> g.name));
        MergedVars merged = new MergedVars();
        for (InventoryTree.GroupNode g : mine) {
            g.vars.forEach(merged::apply);
        }
        h.vars.forEach(merged::apply);
        Map<String, Object> vars = new LinkedHashMap<>(merged.free);
        vars.put("inventory_hostname", h.name);
        List<String> groupNames = mine.stream().map(g -> g.name).filter(n -> !n.equals(InventoryTree.ALL))
                .sorted().toList();
        // The merged simulate mapping, checked by the simulator's own schema (one home for its keys and rules), and
        // reported where the refused value was written.
        merged.simulate().flatMap(sim -> SimulateSchema.check(h.name, sim)).ifPresent(problem ->
                d.error(positionOf(problem, merged.simulatePositions, h.pos), problem));
        return new Host(h.name, connections.build(h.name, merged, h.pos), vars, groupNames, merged.simulate(),
                h.pos);
    }

    /** Where the key path a schema problem starts with was written: its longest recorded prefix, else the host. */
    private static SourcePos positionOf(String problem, Map<String, SourcePos> positions, SourcePos fallback) {
        int colon = problem.indexOf(": ");
        String path = colon < 0 ? problem : problem.substring(0, colon);
        while (!path.isEmpty()) {
            SourcePos p = positions.get(path);
            if (p != null) {
                return p;
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut < 0 ? "" : path.substring(0, cut);
        }
        return fallback;
    }

    private static int priority(InventoryTree.GroupNode g) {
        int p = 1;
        for (VarBlock b : g.vars) {
            VarBlock.Setting s = b.settings().get(VarRules.GROUP_PRIORITY);
            if (s != null) {
                p = (Integer) s.value();
            }
        }
        return p;
    }

    private static Map<String, Group> groups(InventoryTree tree, Map<String, Set<String>> members,
            List<String> hostOrder) {
        Map<String, Group> out = new LinkedHashMap<>();
        Set<String> grouped = new HashSet<>();
        for (InventoryTree.GroupNode g : tree.groups.values()) {
            if (!g.name.equals(InventoryTree.ALL)) {
                grouped.addAll(members.get(g.name));
            }
        }
        for (InventoryTree.GroupNode g : tree.groups.values()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            int maxParallel = 0;
            for (VarBlock b : g.vars) {
                vars.putAll(b.free());
                maxParallel = ConnectionBuilder.maxParallel(b).orElse(maxParallel);
            }
            List<String> children = new ArrayList<>(g.children);
            if (g.name.equals(InventoryTree.ALL) && !tree.groups.containsKey(UNGROUPED)) {
                children.add(UNGROUPED);
            }
            out.put(g.name, new Group(g.name, ordered(members.get(g.name), hostOrder), List.copyOf(children),
                    Map.copyOf(nullSafe(vars)), maxParallel));
        }
        if (!tree.groups.containsKey(UNGROUPED)) {
            // Ansible's implicit group: hosts that belong to no group but all.
            List<String> ungrouped = hostOrder.stream().filter(h -> !grouped.contains(h)).toList();
            out.put(UNGROUPED, new Group(UNGROUPED, ungrouped, List.of(), Map.of(), 0));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Map.copyOf refuses null values; a variable written as {@code key: ~} is left out of the group's map. */
    private static Map<String, Object> nullSafe(Map<String, Object> vars) {
        Map<String, Object> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static List<String> ordered(Set<String> hosts, List<String> order) {
        return order.stream().filter(hosts::contains).toList();
    }

    private static Set<String> closure(InventoryTree tree, String group, Set<String> visiting) {
        Set<String> out = new LinkedHashSet<>();
        if (!visiting.add(group)) {
            return out; // cycles were reported by depths()
        }
        InventoryTree.GroupNode g = tree.groups.get(group);
        out.addAll(g.hosts);
        for (String c : g.children) {
            out.addAll(closure(tree, c, visiting));
        }
        visiting.remove(group);
        return out;
    }

    /** Depth of each group below {@code all} (the longest path), reporting cycles in children. */
    private static Map<String, Integer> depths(InventoryTree tree, Diagnostics d) {
        Map<String, Integer> depth = new HashMap<>();
        for (String g : tree.groups.keySet()) {
            depth(tree, g, depth, new LinkedHashSet<>(), d);
        }
        return depth;
    }

    private static int depth(InventoryTree tree, String g, Map<String, Integer> memo, Set<String> path,
            Diagnostics d) {
        Integer known = memo.get(g);
        if (known != null) {
            return known;
        }
        if (!path.add(g)) {
            InventoryTree.GroupNode node = tree.groups.get(g);
            d.error(node.pos, "group \"" + g + "\" is its own ancestor (" + String.join(" -> ", path) + " -> " + g
                    + "); expected groups without cycles");
            return 0;
        }
        int result = 0;
        for (String p : tree.groups.get(g).parents) {
            result = Math.max(result, depth(tree, p, memo, path, d) + 1);
        }
        path.remove(g);
        memo.put(g, result);
        return result;
    }
}
