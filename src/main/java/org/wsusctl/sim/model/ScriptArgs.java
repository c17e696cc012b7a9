package org.wsusctl.sim.model;

import java.util.Map;
import org.wsusctl.contract.Names;
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

    /** A boolean as {@code [bool]$P.name} reads it; {@code def} when absent. */
    boolean bool(String name, boolean def) {
        Object v = values.get(name);
        return v == null ? def : v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
    }

    /** As the preamble's Assert-SafeName. */
    String safeName(String name) throws SimScriptException {
        return checkedName(string(name));
    }

    /** A value as the preamble's Assert-SafeName checks it. */
    String checkedName(String v) throws SimScriptException {
        if (!Names.safeName(v)) {
            throw new SimScriptException("unsafe name rejected");
        }
        return v;
    }

    /** As the preamble's Assert-Account: empty, or DOMAIN\name. */
    String account(String name) throws SimScriptException {
        String v = string(name);
        if (!v.isEmpty() && !Names.account(v)) {
            throw new SimScriptException("unsafe login rejected");
        }
        return v;
    }

    /** A string array as {@code @($P.names)} reads it: a lone value is a one-element array. */
    java.util.List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return java.util.List.of();
        }
        if (v instanceof java.util.List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return java.util.List.of(String.valueOf(v));
    }
}
