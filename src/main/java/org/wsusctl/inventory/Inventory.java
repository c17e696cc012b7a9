package org.wsusctl.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded inventory.
 *
 * @param source the first source (for messages)
 * @param hosts every host in Ansible's order for the pattern {@code all}
 * @param groups groups by name in the order Ansible created them ({@code all} and {@code ungrouped} first)
 * @param warnings what the operator should read (Ansible settings not applied, vars files that match nothing)
 * @param listing what {@code wsusctl inventory --list | --graph | --host} prints
 */
public record Inventory(Path source, List<Host> hosts, Map<String, Group> groups, List<InventoryWarning> warnings,
        InventoryListing listing) {

    public Inventory(Path source, List<Host> hosts, Map<String, Group> groups) {
        this(source, hosts, groups, List.of(), null);
    }

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
