package org.wsusctl.inventory;

import java.util.List;
import java.util.Map;

/**
 * A group of the inventory.
 *
 * @param hosts every host in the group, including those of child groups, in inventory order
 * @param maxParallelFixes how many hosts of this group may be fixed at once (e.g. servers sharing one SUSDB); 0 = no limit
 */
public record Group(String name, List<String> hosts, List<String> children, Map<String, Object> vars,
        int maxParallelFixes) { }
