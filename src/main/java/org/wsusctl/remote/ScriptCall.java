package org.wsusctl.remote;

import java.util.Map;

/**
 * A script with the arguments for one run. Arguments travel as base64 JSON and are decoded on the host;
 * they are never pasted into script text.
 */
public record ScriptCall<K extends ScriptKind>(PsScript<K> script, Map<String, Object> args) {
    public ScriptCall {
        args = Map.copyOf(args);
    }
}
