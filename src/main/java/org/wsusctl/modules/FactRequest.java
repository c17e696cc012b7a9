package org.wsusctl.modules;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.wsusctl.contract.Section;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.ReadOnly;

/**
 * One section of facts with the arguments it is gathered with. Two steps that need the same section with the
 * same arguments (WsusPool's state and its memory limit) share one gathering: requests are equal by value.
 */
public record FactRequest(Section section, Map<String, Object> args) {
    private static final Map<String, PsScript<ReadOnly>> SCRIPTS = new ConcurrentHashMap<>();

    public FactRequest {
        args = java.util.Collections.unmodifiableMap(new TreeMap<>(args));
    }

    public static FactRequest of(Section section) {
        return new FactRequest(section, Map.of());
    }

    /** The read-only script call that gathers this section (scripts are loaded once per process). */
    public ScriptCall<ReadOnly> call() {
        return new ScriptCall<>(SCRIPTS.computeIfAbsent(section.scriptId(), PsScript::check), args);
    }

    @Override
    public String toString() {
        return args.isEmpty() ? section.id() : section.id() + args;
    }
}
