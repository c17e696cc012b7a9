package org.wsusctl.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Secret;
import org.wsusctl.inventory.SecretRef;
import org.wsusctl.inventory.SecretResolver;

/**
 * Passwords of the selected hosts, resolved once before any host is contacted, so a missing variable
 * fails the run up front (exit 4) instead of host by host. Held only in memory; never printed.
 */
final class Credentials {
    private final Map<String, Secret> byHost;

    private Credentials(Map<String, Secret> byHost) {
        this.byHost = byHost;
    }

    static Credentials resolve(List<Host> hosts, Map<String, String> env, boolean askPass) throws ConfigException {
        SecretResolver resolver = new SecretResolver(env, SecretResolver.consolePrompt());
        Map<String, Secret> byHost = new HashMap<>();
        List<Diagnostic> problems = new java.util.ArrayList<>();
        for (Host h : hosts) {
            SecretRef ref = h.connection().password();
            if (askPass && ref instanceof SecretRef.None) {
                ref = new SecretRef.Prompt();
            }
            try {
                Optional<Secret> s = resolver.resolve(h, ref);
                s.ifPresent(secret -> byHost.put(h.name(), secret));
            } catch (ConfigException e) {
                problems.addAll(e.diagnostics());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().distinct().toList());
        }
        return new Credentials(byHost);
    }

    Optional<String> password(Host host) {
        return Optional.ofNullable(byHost.get(host.name())).map(s -> new String(s.reveal()));
    }

    /** For the simulator, which must accept exactly these. */
    Map<String, String> byHost() {
        Map<String, String> m = new HashMap<>();
        byHost.forEach((k, v) -> m.put(k, new String(v.reveal())));
        return m;
    }
}
