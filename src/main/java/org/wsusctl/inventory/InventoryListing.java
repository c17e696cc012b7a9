package org.wsusctl.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code wsusctl inventory} prints, in ansible-inventory's shapes ({@code ansible/cli/inventory.py}):
 * {@code --list} as its JSON ({@code _meta.hostvars}, each group's own hosts and children, keys sorted,
 * four-space indent, so the two outputs can be diffed), {@code --graph} as its tree, {@code --host} as one
 * host's variables. Variables are shown as written (templates not evaluated), as ansible-inventory shows
 * them; {@code !vault} values as their encrypted envelope, and values that came out of a vault-encrypted
 * file as {@value #REDACTED}: a decrypted secret is never printed. Simulated hosts are marked in the graph.
 */
public final class InventoryListing {
    public static final String REDACTED = "********";
    /** Variables ansible-inventory leaves out of its output (its INTERNAL_VARS). */
    static final Set<String> INTERNAL_VARS = Set.of("ansible_diff_mode", "ansible_config_file", "ansible_facts",
            "ansible_forks", "ansible_inventory_sources", "ansible_limit", "ansible_playbook_python",
            "ansible_run_tags", "ansible_skip_tags", "ansible_verbosity", "ansible_version", "inventory_dir",
            "inventory_file", "inventory_hostname", "inventory_hostname_short", "groups", "group_names", "omit",
            "playbook_dir");

    /** A group as listed: its own hosts and child groups, in order. */
    record GroupView(String name, List<String> hosts, List<String> children) { }

    private final List<GroupView> groups;
    private final Map<String, Map<String, Var>> hostVars;
    private final Set<String> simulated;

    InventoryListing(List<GroupView> groups, Map<String, Map<String, Var>> hostVars, Set<String> simulated) {
        this.groups = List.copyOf(groups);
        this.hostVars = hostVars;
        this.simulated = Set.copyOf(simulated);
    }

    /** {@code ansible-inventory --list}. */
    public String listJson() {
        Map<String, GroupView> byName = new LinkedHashMap<>();
        groups.forEach(g -> byName.put(g.name(), g));
        Map<String, Object> out = new TreeMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        format(byName.get(InventoryData.ALL), byName, out, seen);
        Map<String, Object> hv = new TreeMap<>();
        hostVars.forEach((h, vars) -> {
            Map<String, Object> shown = shown(vars);
            if (!shown.isEmpty()) {
                hv.put(h, shown);
            }
        });
        out.put("_meta", Map.of("hostvars", hv));
        return PyJson.dumps(out);
    }

    /** ansible-inventory's format_group: a group's hosts (not for all) and children, empty ones left out. */
    private static void format(GroupView g, Map<String, GroupView> byName, Map<String, Object> out, Set<String> seen) {
        Map<String, Object> entry = new TreeMap<>();
        if (!g.name().equals(InventoryData.ALL) && !g.hosts().isEmpty()) {
            entry.put("hosts", g.hosts());
        }
        if (!g.children().isEmpty()) {
            entry.put("children", g.children());
        }
        out.put(g.name(), entry);
        for (String c : g.children()) {
            if (seen.add(c)) {
                format(byName.get(c), byName, out, seen);
            }
        }
        if (entry.isEmpty()) {
            out.remove(g.name());
        }
    }

    /** {@code ansible-inventory --graph [GROUP]}; simulated hosts marked. Null when there is no such group. */
    public String graph(String start) {
        Map<String, GroupView> byName = new LinkedHashMap<>();
        groups.forEach(g -> byName.put(g.name(), g));
        GroupView g = byName.get(start);
        if (g == null) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        graph(g, byName, 0, lines);
        return String.join("\n", lines);
    }

    private void graph(GroupView g, Map<String, GroupView> byName, int depth, List<String> out) {
        out.add(name("@" + g.name() + ":", depth));
        for (String c : g.children()) {
            graph(byName.get(c), byName, depth + 1, out);
        }
        if (!g.name().equals(InventoryData.ALL)) {
            for (String h : g.hosts()) {
                out.add(name(h + (simulated.contains(h) ? " [simulated]" : ""), depth + 1));
            }
        }
    }

    private static String name(String n, int depth) {
        return depth == 0 ? n : "  |".repeat(depth) + "--" + n;
    }

    /** {@code ansible-inventory --host NAME}; null when there is no such host. */
    public String hostJson(String host) {
        Map<String, Var> vars = hostVars.get(host);
        return vars == null ? null : PyJson.dumps(new TreeMap<>(shown(vars)));
    }

    public boolean hasHost(String host) {
        return hostVars.containsKey(host);
    }

    private static Map<String, Object> shown(Map<String, Var> vars) {
        Map<String, Object> out = new TreeMap<>();
        vars.forEach((k, v) -> {
            if (!INTERNAL_VARS.contains(k)) {
                out.put(k, v.fromVaultFile() ? REDACTED : shownValue(v.value(), VarNames.isPasswordKey(k), 0));
            }
        });
        return out;
    }

    private static Object shownValue(Object v, boolean passwordKey, int depth) {
        if (v instanceof Vaulted vaulted) {
            return Map.of("__ansible_vault", vaulted.envelope());
        }
        if (v instanceof Unsafe u) {
            return Map.of("__ansible_unsafe", u.text());
        }
        if (passwordKey && v != null && !(v instanceof String s && Jinja.isTemplate(s))
                && !(v instanceof Map) && !(v instanceof List)) {
            return REDACTED;
        }
        if (depth < 40 && v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), shownValue(x, VarNames.isPasswordKey(String.valueOf(k)),
                    depth + 1)));
            return out;
        }
        if (depth < 40 && v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(shownValue(x, false, depth + 1)));
            return out;
        }
        return v;
    }
}
