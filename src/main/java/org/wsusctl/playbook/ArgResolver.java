package org.wsusctl.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.WsusModule;

/**
 * Makes a step's raw arguments ready for one host: fills {@code {{ name }}} templates from the variables
 * (the caller passes playbook vars with the host's vars on top), applies defaults, coerces types (a
 * template that yields "4000000" becomes a number for an INT argument) and validates ranges and shapes.
 */
public final class ArgResolver {
    private ArgResolver() { }

    public static ModuleArgs resolve(WsusModule module, Map<String, Object> rawArgs, Map<String, Object> vars)
            throws ArgException {
        Map<String, ArgSpec> specs = new LinkedHashMap<>();
        module.args().forEach(s -> specs.put(s.name(), s));
        for (String given : rawArgs.keySet()) {
            if (!specs.containsKey(given)) {
                throw new ArgException("unknown argument \"" + given + "\" for module " + module.name()
                        + DidYouMean.hint(given, specs.keySet()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ArgSpec spec : specs.values()) {
            String where = "argument \"" + spec.name() + "\" of " + module.name();
            if (!rawArgs.containsKey(spec.name())) {
                if (spec.defaultValue() != null) {
                    out.put(spec.name(), spec.defaultValue());
                } else if (spec.required()) {
                    throw new ArgException(where + ": expected a value, found none (the argument is required)");
                }
                continue;
            }
            Object value = fill(rawArgs.get(spec.name()), vars, where);
            out.put(spec.name(), ArgChecks.coerce(spec, value, where));
        }
        return new ModuleArgs(java.util.Collections.unmodifiableMap(out));
    }

    private static Object fill(Object raw, Map<String, Object> vars, String where) throws ArgException {
        if (raw instanceof String s && Templates.has(s)) {
            return Templates.substitute(s, vars, where);
        }
        if (raw instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object item : l) {
                out.add(fill(item, vars, where));
            }
            return out;
        }
        return raw;
    }
}
