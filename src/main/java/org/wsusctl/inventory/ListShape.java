package org.wsusctl.inventory;

import java.util.LinkedHashSet;
import java.util.Set;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.inventory.Tree.PEntry;
import org.wsusctl.inventory.Tree.PList;
import org.wsusctl.inventory.Tree.PMap;
import org.wsusctl.inventory.Tree.PNode;
import org.wsusctl.inventory.Tree.PScalar;

/**
 * The JSON shape of a dynamic inventory script's {@code --list} output and of {@code ansible-inventory
 * --list} ({@code ansible/plugins/inventory/script.py}): groups with {@code hosts} and {@code children} as
 * lists and {@code vars}, a group given as a bare list of hosts, and host variables under
 * {@code _meta.hostvars} (or, without {@code _meta}, from {@code SCRIPT --host NAME} for each host).
 */
final class ListShape {
    /** Asks a script for one host's variables when its output has no {@code _meta}. */
    interface HostVarsSource {
        PNode hostVars(String host) throws ConfigException;
    }

    private final InventoryData inv;
    private final Diagnostics d;
    private final boolean vaultFile;
    private final Set<String> hosts = new LinkedHashSet<>();

    private ListShape(InventoryData inv, boolean vaultFile) {
        this.inv = inv;
        this.d = inv.diagnostics();
        this.vaultFile = vaultFile;
    }

    /** True for the {@code --list} shape: a top-level {@code _meta} key. */
    static boolean looksLike(PMap root) {
        return root.entries().containsKey("_meta");
    }

    static void read(PMap root, InventoryData inv, boolean vaultFile, HostVarsSource perHost) throws ConfigException {
        new ListShape(inv, vaultFile).top(root, perHost);
    }

    private void top(PMap root, HostVarsSource perHost) throws ConfigException {
        PMap hostvars = null;
        boolean meta = false;
        for (PEntry e : root.entries().values()) {
            if (e.key().equals("_meta")) {
                meta = true;
                if (e.value() instanceof PMap m && m.entries().get("hostvars") != null) {
                    PNode hv = m.entries().get("hostvars").value();
                    if (hv instanceof PMap hm) {
                        hostvars = hm;
                    } else if (!Tree.isNull(hv)) {
                        d.error(hv.pos(), "_meta.hostvars: expected a mapping of host names, found " + Tree.describe(hv));
                    }
                } else if (!(e.value() instanceof PMap)) {
                    d.error(e.value().pos(), "_meta: expected a mapping with hostvars, found " + Tree.describe(e.value()));
                }
                continue;
            }
            group(e);
        }
        for (String h : hosts) {
            PNode vars;
            if (meta) {
                PEntry he = hostvars == null ? null : hostvars.entries().get(h);
                vars = he == null ? null : he.value();
            } else {
                vars = perHost.hostVars(h);
            }
            if (Tree.isNull(vars)) {
                continue;
            }
            if (!(vars instanceof PMap vm)) {
                d.error(vars.pos(), "variables of host \"" + h + "\": expected a mapping, found " + Tree.describe(vars));
                continue;
            }
            InventoryData.H host = inv.hosts.get(h);
            for (PEntry v : vm.entries().values()) {
                if (v.key().equals(VarNames.SIMULATE)) {
                    SimulateCheck.check(v, "host \"" + h + "\"", d);
                }
                inv.setHostVar(host, v.key(), new Var(Tree.plain(v.value()), v.value().pos(), v.keyPos(), vaultFile));
            }
        }
    }

    private void group(PEntry e) {
        InventoryData.G g = inv.group(e.key(), e.keyPos());
        if (g == null) {
            return;
        }
        PNode data = e.value();
        PNode hostList = null;
        PNode vars = null;
        PNode children = null;
        if (data instanceof PMap m) {
            boolean structured = m.entries().containsKey("hosts") || m.entries().containsKey("vars")
                    || m.entries().containsKey("children");
            if (structured) {
                hostList = m.entries().containsKey("hosts") ? m.entries().get("hosts").value() : null;
                vars = m.entries().containsKey("vars") ? m.entries().get("vars").value() : null;
                children = m.entries().containsKey("children") ? m.entries().get("children").value() : null;
                for (PEntry k : m.entries().values()) {
                    if (!YamlShape.GROUP_KEYS.contains(k.key())) {
                        d.error(k.keyPos(), "unknown key \"" + k.key() + "\" in group \"" + e.key()
                                + "\"; expected hosts, vars or children");
                    }
                }
            } else {
                // Ansible's old script form: a mapping without those keys is the variables of a host named
                // like the group. Rare and surprising, so refused rather than guessed.
                d.error(data.pos(), "group \"" + e.key() + "\": expected hosts, vars or children, found a mapping"
                        + " without them");
                return;
            }
        } else {
            hostList = data; // a bare list of hosts
        }
        if (hostList != null && !Tree.isNull(hostList)) {
            if (!(hostList instanceof PList l)) {
                d.error(hostList.pos(), "hosts of group \"" + e.key() + "\": expected a list of host names, found "
                        + Tree.describe(hostList));
            } else {
                for (PNode item : l.items()) {
                    if (!(item instanceof PScalar s) || !(s.value() instanceof String name)) {
                        d.error(item.pos(), "hosts of group \"" + e.key() + "\": expected a host name, found "
                                + Tree.describe(item));
                        continue;
                    }
                    if (inv.validHostName(name, item.pos())) {
                        hosts.add(name);
                        inv.addHost(name, g, null, item.pos());
                    }
                }
            }
        }
        if (vars != null && !Tree.isNull(vars)) {
            if (!(vars instanceof PMap vm)) {
                d.error(vars.pos(), "vars of group \"" + e.key() + "\": expected a mapping, found " + Tree.describe(vars));
            } else {
                for (PEntry v : vm.entries().values()) {
                    if (v.key().equals(VarNames.SIMULATE)) {
                        SimulateCheck.check(v, "group \"" + e.key() + "\"", d);
                    }
                    inv.setGroupVar(g, v.key(), new Var(Tree.plain(v.value()), v.value().pos(), v.keyPos(), vaultFile));
                }
            }
        }
        if (children != null && !Tree.isNull(children)) {
            if (!(children instanceof PList cl)) {
                d.error(children.pos(), "children of group \"" + e.key() + "\": expected a list of group names, found "
                        + Tree.describe(children));
                return;
            }
            for (PNode item : cl.items()) {
                if (!(item instanceof PScalar s) || !(s.value() instanceof String name)) {
                    d.error(item.pos(), "children of group \"" + e.key() + "\": expected a group name, found "
                            + Tree.describe(item));
                    continue;
                }
                InventoryData.G c = inv.group(name, item.pos());
                if (c != null) {
                    inv.addChild(g, c, item.pos());
                }
            }
        }
    }
}
