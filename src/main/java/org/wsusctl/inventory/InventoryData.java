package org.wsusctl.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.Values;

/**
 * The inventory as Ansible builds it ({@code ansible/inventory/data.py}, {@code group.py}): groups and
 * hosts in the order they were first added, each group's direct hosts and child groups in order, and the
 * variables each source set on a group or host (a later {@code set} of the same name replaces the value).
 * Every source (YAML, INI, script output, a directory of them) writes into one of these; {@link #reconcile}
 * then applies Ansible's rules (groups without a parent go under {@code all}; hosts in no group go to
 * {@code ungrouped}).
 */
final class InventoryData {
    static final String ALL = "all";
    static final String UNGROUPED = "ungrouped";
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    /** A group: direct hosts and children in insertion order, variables set by inventory sources. */
    static final class G {
        final String name;
        SourcePos pos;
        final List<H> hosts = new ArrayList<>();
        final Set<String> hostNames = new HashSet<>();
        final List<G> children = new ArrayList<>();
        final List<G> parents = new ArrayList<>();
        final Map<String, Var> vars = new LinkedHashMap<>();
        int priority = 1;
        int depth;
        /** Filled when hosts' groups are computed, after every source was read. */
        Set<G> ancestors;

        G(String name, SourcePos pos) {
            this.name = name;
            this.pos = pos;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A host: variables set by inventory sources, direct groups, and where each group listed it. */
    static final class H {
        final String name;
        final SourcePos pos;
        /** The inventory file (or script) where the host was first seen: Ansible's inventory_file. */
        final java.nio.file.Path source;
        final Map<String, Var> vars = new LinkedHashMap<>();
        final List<G> groups = new ArrayList<>();
        /** The position of the entry that put this host in each group (for messages about that listing). */
        final Map<G, SourcePos> listedAt = new LinkedHashMap<>();

        H(String name, SourcePos pos, java.nio.file.Path source) {
            this.name = name;
            this.pos = pos;
            this.source = source;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    final Map<String, G> groups = new LinkedHashMap<>();
    final Map<String, H> hosts = new LinkedHashMap<>();
    /** The file being read, recorded on the hosts it adds. */
    java.nio.file.Path currentSource;
    private final Diagnostics d;

    InventoryData(Diagnostics d, SourcePos origin) {
        this.d = d;
        groups.put(ALL, new G(ALL, origin));
        groups.put(UNGROUPED, new G(UNGROUPED, origin));
        link(groups.get(ALL), groups.get(UNGROUPED));
    }

    Diagnostics diagnostics() {
        return d;
    }

    /** The group, created on first use; null (after an error) when the name is not a usable group name. */
    G group(String name, SourcePos pos) {
        G g = groups.get(name);
        if (g != null) {
            return g;
        }
        if (!GROUP_NAME.matcher(name).matches()) {
            d.error(pos, "expected a group name (letters, digits, _ . -), found " + Values.quote(name));
            return null;
        }
        g = new G(name, pos);
        groups.put(name, g);
        return g;
    }

    /** Checks a host name as wsusctl can reach it; reports and returns false otherwise. */
    boolean validHostName(String name, SourcePos pos) {
        if (HOST_NAME.matcher(name).matches()) {
            return true;
        }
        d.error(pos, "expected a host name (letters, digits, . - _), found " + Values.quote(name)
                + (name.contains(":") ? " (an IPv6 address? give the host a name and set ansible_host)" : ""));
        return false;
    }

    /**
     * Adds a host (and to {@code group} when given). As in Ansible, a {@code host:port} port is set as
     * {@code ansible_port} only when the host is new.
     */
    H addHost(String name, G group, Long port, SourcePos pos) {
        H h = hosts.get(name);
        if (h == null) {
            h = new H(name, pos, currentSource);
            hosts.put(name, h);
            if (port != null) {
                h.vars.put("ansible_port", Var.plain(port, pos));
            }
        }
        if (group != null && group.hostNames.add(name)) {
            group.hosts.add(h);
            h.groups.add(group);
            h.listedAt.put(group, pos);
        }
        return h;
    }

    /**
     * Makes {@code child} a child group of {@code parent}; refuses a loop (Ansible: "creates a recursive
     * dependency loop").
     */
    boolean addChild(G parent, G child, SourcePos pos) {
        if (parent == child) {
            d.error(pos, "group \"" + child.name + "\" cannot be a child of itself");
            return false;
        }
        if (child.name.equals(ALL)) {
            d.error(pos, "expected a child group, found \"all\" (every group is already inside all)");
            return false;
        }
        if (parent.children.contains(child)) {
            return false;
        }
        if (ancestors(parent).contains(child)) {
            d.error(pos, "group \"" + child.name + "\" is its own ancestor (adding it under \"" + parent.name
                    + "\" makes a loop); expected groups without cycles");
            return false;
        }
        link(parent, child);
        return true;
    }

    private static void link(G parent, G child) {
        parent.children.add(child);
        if (!child.parents.contains(parent)) {
            child.parents.add(parent);
        }
    }

    /** Sets a variable; {@code ansible_group_priority} on a group sets its priority instead, as in Ansible. */
    void setGroupVar(G g, String key, Var v) {
        if (key.equals(VarNames.GROUP_PRIORITY)) {
            Long p = VarTypes.asLong(v.value());
            if (p == null) {
                d.error(v.pos(), "ansible_group_priority: expected an integer, found " + VarTypes.describe(v.value()));
                return;
            }
            g.priority = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, p));
            return;
        }
        g.vars.put(key, v);
    }

    void setHostVar(H h, String key, Var v) {
        h.vars.put(key, v);
    }

    /** Ansible's reconcile_inventory: parentless groups under all, hosts in no group in ungrouped. */
    void reconcile() {
        G all = groups.get(ALL);
        G ungrouped = groups.get(UNGROUPED);
        for (G g : groups.values()) {
            if (g != all && g.parents.isEmpty()) {
                link(all, g);
            }
        }
        computeDepths();
        for (H h : hosts.values()) {
            Set<G> mine = groupsOf(h);
            if (mine.contains(ungrouped)) {
                Set<G> others = new HashSet<>(mine);
                others.remove(all);
                others.remove(ungrouped);
                if (!others.isEmpty()) {
                    ungrouped.hosts.remove(h);
                    ungrouped.hostNames.remove(h.name);
                    h.groups.remove(ungrouped);
                }
            } else if (mine.isEmpty() || (mine.size() == 1 && mine.contains(all))) {
                ungrouped.hosts.add(h);
                ungrouped.hostNames.add(h.name);
                h.groups.add(ungrouped);
            }
        }
    }

    /** Depth below all: the longest path (Ansible raises a child's depth to its deepest parent's + 1). */
    private void computeDepths() {
        Map<G, Integer> memo = new HashMap<>();
        for (G g : groups.values()) {
            g.depth = depth(g, memo, new HashSet<>());
        }
    }

    private static int depth(G g, Map<G, Integer> memo, Set<G> path) {
        Integer known = memo.get(g);
        if (known != null) {
            return known;
        }
        int result = 0;
        if (path.add(g)) {
            for (G p : g.parents) {
                result = Math.max(result, depth(p, memo, path) + 1);
            }
            path.remove(g);
        }
        memo.put(g, result);
        return result;
    }

    /** Every group of a host: its direct groups and all their ancestors (Ansible's host.get_groups()). */
    static Set<G> groupsOf(H h) {
        Set<G> out = new LinkedHashSet<>();
        for (G g : h.groups) {
            out.add(g);
            if (g.ancestors == null) {
                g.ancestors = ancestors(g); // groups do not change once the sources are read
            }
            out.addAll(g.ancestors);
        }
        return out;
    }

    static Set<G> ancestors(G g) {
        Set<G> out = new LinkedHashSet<>();
        List<G> todo = new ArrayList<>(g.parents);
        while (!todo.isEmpty()) {
            G p = todo.remove(todo.size() - 1);
            if (out.add(p)) {
                todo.addAll(p.parents);
            }
        }
        return out;
    }

    /**
     * The hosts of a group and its descendants, in Ansible's order (group.get_hosts()): breadth-first over
     * the group and its descendants, each group's direct hosts in order, first occurrence kept. Ansible
     * takes the groups of one level from a Python set, so when several groups of a level have children its
     * own order differs from run to run; wsusctl always takes them in the order they were first seen.
     */
    static List<H> hostsOf(G group) {
        List<G> ordered = descendants(group);
        List<H> out = new ArrayList<>();
        Set<H> seen = new HashSet<>();
        for (G g : ordered) {
            for (H h : g.hosts) {
                if (seen.add(h)) {
                    out.add(h);
                }
            }
        }
        return out;
    }

    /** The group, then its children, then theirs, level by level (Ansible's preserve_ordering walk). */
    static List<G> descendants(G group) {
        List<G> ordered = new ArrayList<>();
        ordered.add(group);
        Set<G> seen = new HashSet<>(ordered);
        List<G> level = new ArrayList<>();
        for (G c : group.children) {
            if (seen.add(c)) {
                ordered.add(c);
                level.add(c);
            }
        }
        while (!level.isEmpty()) {
            List<G> next = new ArrayList<>();
            for (G g : level) {
                for (G c : g.children) {
                    if (seen.add(c)) {
                        ordered.add(c);
                        next.add(c);
                    }
                }
            }
            level = next;
        }
        return ordered;
    }
}
