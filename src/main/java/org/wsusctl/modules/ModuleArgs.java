package org.wsusctl.modules;

import java.util.List;
import java.util.Map;

/** A step's arguments after templating, defaults and validation: typed and safe to send. */
public record ModuleArgs(Map<String, Object> values) {

    /** A module's defaults with {@code overrides} on top (for steps wsusctl adds itself, never user input). */
    public static ModuleArgs defaults(WsusModule module, Map<String, Object> overrides) {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        for (ArgSpec a : module.args()) {
            if (a.defaultValue() != null) {
                v.put(a.name(), a.defaultValue());
            }
        }
        v.putAll(overrides);
        return new ModuleArgs(v);
    }

    public String string(String name) {
        Object v = values.get(name);
        return v == null ? null : v.toString();
    }

    public long integer(String name) {
        Object v = values.get(name);
        return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
    }

    public boolean bool(String name) {
        Object v = values.get(name);
        return v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String name) {
        Object v = values.get(name);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }
}
