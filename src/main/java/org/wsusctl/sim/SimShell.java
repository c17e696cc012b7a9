package org.wsusctl.sim;

import java.nio.charset.Charset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A remote shell created by a client: its owner (for the per-user quota), output code page, and commands.
 *
 * @param ownerKey the authenticated user, lowercased (Windows account names are case-insensitive)
 * @param owner the user as sent, for {@code whoami} and {@code rsp:Owner}
 * @param environment the shell's {@code rsp:Environment} variables, seen by every process it starts
 */
record SimShell(String id, String ownerKey, String owner, Charset codePage, Map<String, String> environment,
        Map<String, SimCommand> commands) {
    SimShell(String id, String ownerKey, String owner, Charset codePage) {
        this(id, ownerKey, owner, codePage, Map.of(), new ConcurrentHashMap<>());
    }

    SimShell(String id, String ownerKey, String owner, Charset codePage, Map<String, String> environment) {
        this(id, ownerKey, owner, codePage, Map.copyOf(environment), new ConcurrentHashMap<>());
    }
}
