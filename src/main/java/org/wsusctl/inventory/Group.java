package org.wsusctl.inventory;

import java.util.List;
import java.util.Map;

/**
 * A group of the inventory.
 *
 * @param hosts every host in the group, including those of child groups, in Ansible's order (the group's
 *     own hosts, then its children's, level by level)
 * @param children the child groups, in the order they were added
 * @param vars the group's own variables as written (templates not evaluated)
 * @param maxParallelFixes how many hosts of this group may be fixed at once (e.g. servers sharing one SUSDB); 0 = no limit
 * @param directHosts the hosts listed in this group itself, in order (what ansible-inventory shows)
 */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars,
        int maxParallelFixes, List<String> directHosts) {

    public Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars,
            int maxParallelFixes) {
        this(name, hosts, children, vars, maxParallelFixes, hosts);
    }

    /**
     * Whether the group sets {@code max_parallel_fixes}: its hosts are never fixed more than that many at a
     * time (the engine's fix gate), so a shard keeps them all.
     */
    public boolean limitsFixes() {
        return maxParallelFixes > 0;
    }
}
