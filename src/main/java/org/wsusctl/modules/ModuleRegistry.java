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
                // Catalog fix order: SQL -> WAS -> W3SVC -> site -> pool config -> pool start -> WsusService -> proofs.
                new WsusServices(),
                new ServiceRunning(),
                new Susdb(),
                new SiteState(),
                new AppPoolPrivateMemory(),
                new AppPoolSettings(),
                new AppPoolState(),
                new AppPoolRecycle(),
                new IisReset(),
                new HttpStatus(),
                new Selfupdate(),
                new SqlSysadmin(),
                new WsusSync(),
                new ClientsNotReporting(),
                new WsusHealth(),
                new EvidenceLogs()));
    }

    /**
     * The check wsusctl adds when a step needs {@code condition} and no step of the playbook establishes it (a
     * playbook of only {@code wsus.sync} still learns whether WsusPool runs, so a 503 is named as its cause).
     */
    public ImpliedCheck impliedCheckFor(Condition condition) {
        if (condition instanceof Condition.PoolStarted p) {
            return new ImpliedCheck((CheckModule) byName.get("iis.apppool.state"), Map.of("pool", p.pool()),
                    p.pool() + " is started");
        }
        if (condition instanceof Condition.SiteStarted) {
            return new ImpliedCheck((CheckModule) byName.get("iis.site.state"), Map.of(),
                    "the WSUS web site is started on its port");
        }
        if (condition instanceof Condition.SusdbOnline) {
            return new ImpliedCheck((CheckModule) byName.get("wsus.susdb"), Map.of(), "SUSDB is online");
        }
        return new ImpliedCheck((CheckModule) byName.get("wsus.services"), Map.of(),
                "SQL, WAS, W3SVC and WsusService are running");
    }

    /** A check added for a prerequisite: its module, arguments and step name. */
    public record ImpliedCheck(CheckModule module, Map<String, Object> args, String name) {
        public ModuleArgs moduleArgs() {
            return ModuleArgs.defaults(module, args);
        }
    }

    public Optional<WsusModule> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<WsusModule> all() {
        return List.copyOf(byName.values());
    }
}
