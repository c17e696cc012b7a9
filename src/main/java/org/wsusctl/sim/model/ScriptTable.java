package org.wsusctl.sim.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.wsusctl.contract.Section;

/** Every script id the simulated server knows, whether its header says mutating, and its model. */
final class ScriptTable {
    /** @param section the section a read-only script gathers (its facts are wrapped and checked); null for fixes */
    record Entry(boolean mutating, Section section, ScriptHandler handler) { }

    private final Map<String, Entry> byId = new TreeMap<>();

    ScriptTable facts(Section section, ScriptHandler h) {
        return put(section.scriptId(), new Entry(false, section, h));
    }

    ScriptTable mutating(String id, ScriptHandler h) {
        return put(id, new Entry(true, null, h));
    }

    private ScriptTable put(String id, Entry e) {
        if (byId.put(id, e) != null) {
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

    /**
     * The models of every script wsusctl ships: one table for every host, built once (the models are stateless
     * methods; each host passes its own server to them).
     */
    static ScriptTable shipped() {
        return Shipped.TABLE;
    }

    /** Built on first use, by the JVM's class initialisation: safely published to every thread. */
    private static final class Shipped {
        static final ScriptTable TABLE = build();

        private static ScriptTable build() {
            ScriptTable t = new ScriptTable();
            FactModels.register(t);
            FixModels.register(t);
            return t;
        }
    }
}
