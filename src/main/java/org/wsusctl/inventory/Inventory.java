package org.wsusctl.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A loaded inventory: hosts in file order and groups by name ({@code all} included). */
public record Inventory(Path source, List<Host> hosts, Map<String, Group> groups) {

    public Optional<Host> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
