package org.wsusctl.sim.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every script id the simulated server knows, whether its header says mutating, and its handler. */
final class ScriptTable {
    record Entry(boolean mutating, ScriptHandler handler) { }

    private final Map<String, Entry> byId = new TreeMap<>();

    ScriptTable check(String id, ScriptHandler h) {
        return put(id, false, h);
    }

    ScriptTable mutating(String id, ScriptHandler h) {
        return put(id, true, h);
    }

    private ScriptTable put(String id, boolean mutating, ScriptHandler h) {
        if (byId.put(id, new Entry(mutating, h)) != null) {
            throw new IllegalStateException("two handlers for script " + id);
        }
        return this;
    }

    Optional<Entry> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    java.util.Set<String> ids() {
        return java.util.Collections.unmodifiableSet(byId.keySet());
    }

    /** The handlers of every script wsusctl ships. */
    static ScriptTable shipped() {
        ScriptTable t = new ScriptTable();
        IisScripts.register(t);
        ServiceScripts.register(t);
        SqlScripts.register(t);
        WsusApiScripts.register(t);
        return t;
    }
}
