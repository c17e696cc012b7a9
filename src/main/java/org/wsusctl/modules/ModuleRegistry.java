package org.wsusctl.modules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every built-in module by name. Built once in {@code Main} and passed down. */
public final class ModuleRegistry {
    private final Map<String, WsusModule> byName = new LinkedHashMap<>();

    public ModuleRegistry(List<WsusModule> modules) {
        for (WsusModule m : modules) {
            if (byName.put(m.name(), m) != null) {
                throw new IllegalArgumentException("duplicate module " + m.name());
            }
        }
    }

    /** The modules wsusctl ships. */
    public static ModuleRegistry builtIn() {
        return new ModuleRegistry(List.of(
                // Catalog fix order: SQL -> WAS -> W3SVC -> pool config -> pool start -> WsusService -> proofs.
                new WsusServices(),
                new ServiceRunning(),
                new AppPoolPrivateMemory(),
                new AppPoolSettings(),
                new AppPoolState(),
                new AppPoolRecycle(),
                new IisReset(),
                new HttpStatus(),
                new SqlSysadmin(),
                new WsusSync(),
                new ClientsNotReporting(),
                new EvidenceLogs()));
    }

    public Optional<WsusModule> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<WsusModule> all() {
        return List.copyOf(byName.values());
    }
}
