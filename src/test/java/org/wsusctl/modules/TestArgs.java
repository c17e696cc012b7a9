package org.wsusctl.modules;

import java.util.HashMap;
import java.util.Map;

/** Module arguments as the engine would pass them: the module's defaults, overridden by a step's args. */
final class TestArgs {
    private TestArgs() { }

    static ModuleArgs of(WsusModule m, Object... overrides) {
        Map<String, Object> v = new HashMap<>();
        for (ArgSpec a : m.args()) {
            if (a.defaultValue() != null) {
                v.put(a.name(), a.defaultValue());
            }
        }
        for (int i = 0; i < overrides.length; i += 2) {
            String name = (String) overrides[i];
            if (m.args().stream().noneMatch(a -> a.name().equals(name))) {
                throw new IllegalArgumentException(m.name() + " has no argument " + name);
            }
            v.put(name, overrides[i + 1]);
        }
        return new ModuleArgs(v);
    }

    static WsusModule module(String name) {
        return ModuleRegistry.builtIn().find(name).orElseThrow(() -> new AssertionError("no module " + name));
    }
}
