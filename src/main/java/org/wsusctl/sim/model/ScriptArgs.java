package org.wsusctl.sim.model;

import java.util.Map;
import org.wsusctl.sim.SimScriptException;

/**
 * A unit's decoded JSON arguments, read the way the real scripts read {@code $P}: a missing value is empty
 * (PowerShell's {@code [string]$null} and {@code [int64]$null}), a value that does not convert fails as the cast
 * would, and names go through the same check as {@code Assert-SafeName}.
 */
final class ScriptArgs {
    private final Map<String, Object> values;

    ScriptArgs(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    String string(String name) {
        Object v = values.get(name);
        return v == null ? "" : String.valueOf(v);
    }

    long integer(String name) throws SimScriptException {
        Object v = values.get(name);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new SimScriptException("Cannot convert value \"" + v + "\" to type \"System.Int64\". Error: \"Input"
                    + " string was not in a correct format.\"");
        }
    }

    /** As the preamble's Assert-SafeName. */
    String safeName(String name) throws SimScriptException {
        String v = string(name);
        if (!Simulate.SAFE_NAME.matcher(v).matches()) {
            throw new SimScriptException("unsafe name rejected");
        }
        return v;
    }
}
