package org.wsusctl.inventory;

import java.util.List;
import java.util.Map;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.Tree.PEntry;
import org.wsusctl.inventory.Tree.PList;
import org.wsusctl.inventory.Tree.PMap;
import org.wsusctl.inventory.Tree.PNode;
import org.wsusctl.inventory.Tree.PScalar;

/**
 * Ansible's YAML inventory shape ({@code ansible/plugins/inventory/yaml.py}): top-level groups, each with
 * {@code hosts}, {@code vars} and {@code children}, read in file order into {@link InventoryData}. Where
 * Ansible only warns and skips (an unknown key, a group that is not a mapping, a list of hosts), wsusctl
 * refuses with the position: what was written there was meant to do something.
 */
final class YamlShape {
    static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");
    private final InventoryData inv;
    private final Diagnostics d;
    private final boolean vaultFile;

    private YamlShape(InventoryData inv, boolean vaultFile) {
        this.inv = inv;
        this.d = inv.diagnostics();
        this.vaultFile = vaultFile;
    }

    static void read(PMap root, InventoryData inv, boolean vaultFile) {
        new YamlShape(inv, vaultFile).top(root);
    }

    private void top(PMap root) {
        if (root.entries().isEmpty()) {
            d.error(root.pos(), "expected a mapping of groups (usually starting with \"all:\"), found an empty mapping");
        }
        for (PEntry e : root.entries().values()) {
            if (GROUP_KEYS.contains(e.key())) {
                d.error(e.keyPos(), "expected a group name at the top level, found \"" + e.key()
                        + "\"; put it under \"all:\"");
                continue;
            }
            group(e, null);
        }
    }

    /** Ansible's _parse_group; returns the group (null after an error). */
    private InventoryData.G group(PEntry e, InventoryData.G parent) {
        String name = e.key();
        PNode value = e.value();
        if (parent != null && name.equals(InventoryData.ALL)) {
            d.error(e.keyPos(), "expected a child group, found \"all\" (every group is already inside all)");
            return null;
        }
        if (!(value instanceof PMap) && !Tree.isNull(value)) {
            d.error(value.pos(), "group \"" + name + "\": expected a mapping with hosts, vars or children, found "
                    + Tree.describe(value));
            return null;
        }
        InventoryData.G g = inv.group(name, e.keyPos());
        if (g == null) {
            return null;
        }
        if (parent != null) {
            inv.addChild(parent, g, e.keyPos());
        }
        if (!(value instanceof PMap body)) {
            return g;
        }
        for (PEntry k : body.entries().values()) {
            PNode section = k.value();
            if (!GROUP_KEYS.contains(k.key())) {
                d.error(k.keyPos(), "unknown key \"" + k.key() + "\" in group \"" + name
                        + "\"; expected hosts, vars or children" + DidYouMean.hint(k.key(), GROUP_KEYS));
                continue;
            }
            if (Tree.isNull(section)) {
                continue;
            }
            if (section instanceof PScalar s && s.value() instanceof String one) {
                // Ansible: "hosts: wsus01" is {wsus01: null}
                section = new PMap(Map.of(one, new PEntry(one, s.pos(), new PScalar(null, s.pos()))), s.pos());
            }
            if (!(section instanceof PMap m)) {
                d.error(section.pos(), k.key() + " of group \"" + name + "\": expected a mapping of "
                        + (k.key().equals("vars") ? "variables" : k.key().equals("hosts") ? "host names"
                        : "group names") + " (\"name:\" on each line), found " + Tree.describe(section));
                continue;
            }
            switch (k.key()) {
                case "vars":
                    for (PEntry v : m.entries().values()) {
                        inv.setGroupVar(g, v.key(), var(v, "group \"" + name + "\""));
                    }
                    break;
                case "children":
                    for (PEntry c : m.entries().values()) {
                        group(c, g);
                    }
                    break;
                default:
                    hosts(g, m);
            }
        }
        return g;
    }

    private void hosts(InventoryData.G g, PMap m) {
        java.util.Map<String, SourcePos> inThisGroup = new java.util.HashMap<>();
        for (PEntry h : m.entries().values()) {
            HostPatterns.Expanded ex = HostPatterns.expand(h.key(), h.keyPos(), d);
            if (ex == null) {
                continue;
            }
            PNode vars = h.value();
            if (!Tree.isNull(vars) && !(vars instanceof PMap)) {
                d.error(vars.pos(), "host \"" + h.key() + "\": expected a mapping of variables, found "
                        + (vars instanceof PList ? "a list" : Tree.describe(vars)));
                continue;
            }
            java.util.List<java.util.Map.Entry<String, Var>> hostVars = new java.util.ArrayList<>();
            if (vars instanceof PMap vm) {
                for (PEntry v : vm.entries().values()) {
                    hostVars.add(java.util.Map.entry(v.key(), var(v, "host \"" + h.key() + "\"")));
                }
            }
            for (String name : ex.names()) {
                if (!inv.validHostName(name, h.keyPos())) {
                    break;
                }
                SourcePos first = inThisGroup.putIfAbsent(name, h.keyPos());
                if (first != null) {
                    d.error(h.keyPos(), "host \"" + name + "\" is listed twice in group \"" + g.name
                            + "\" (first at line " + first.line() + ")");
                    continue;
                }
                InventoryData.H host = inv.addHost(name, g, ex.port(), h.keyPos());
                hostVars.forEach(v -> inv.setHostVar(host, v.getKey(), v.getValue()));
            }
        }
    }

    private Var var(PEntry e, String where) {
        if (e.key().equals(VarNames.SIMULATE)) {
            SimulateCheck.check(e, where, d);
        }
        return new Var(Tree.plain(e.value()), e.value().pos(), e.keyPos(), vaultFile);
    }
}
