package org.wsusctl.cli;

import java.io.Console;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.PasswordPrompt;
import org.wsusctl.inventory.Secret;
import org.wsusctl.inventory.SecretRef;
import org.wsusctl.inventory.SecretResolver;
import org.wsusctl.inventory.Vault;

/**
 * Passwords of the selected hosts, resolved once before any host is contacted, so a missing variable
 * fails the run up front (exit 4) instead of host by host. Held only in memory; never printed.
 */
final class Credentials {
    private final Map<String, Secret> byHost;

    private Credentials(Map<String, Secret> byHost) {
        this.byHost = byHost;
    }

    /**
     * @param askPass {@code --ask-pass}: hosts without a password source are asked for one on the terminal
     */
    static Credentials resolve(List<Host> hosts, Map<String, String> env, boolean askPass) throws ConfigException {
        return resolve(hosts, env, askPass, Vault.NONE);
    }

    /** @param vault the vault passwords given on the command line, for {@code !vault} passwords */
    static Credentials resolve(List<Host> hosts, Map<String, String> env, boolean askPass, Vault vault)
            throws ConfigException {
        Console console = System.console();
        PasswordPrompt prompt = console == null ? PasswordPrompt.none() : text -> console.readPassword("%s", text);
        SecretResolver resolver = new SecretResolver(env, prompt, vault);
        Map<String, Secret> byHost = new HashMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Host h : hosts) {
            Host asked = askPass && h.connection().password() instanceof SecretRef.None ? withPrompt(h) : h;
            try {
                resolver.resolve(asked).ifPresent(secret -> byHost.put(h.name(), secret));
            } catch (ConfigException e) {
                e.diagnostics().stream().filter(d -> !problems.contains(d)).forEach(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Credentials(byHost);
    }

    private static Host withPrompt(Host h) {
        return h.withConnection(h.connection().withPassword(new SecretRef.Prompt()));
    }

    Optional<String> password(Host host) {
        return Optional.ofNullable(byHost.get(host.name())).map(Secret::revealAsString);
    }

    /** For the simulator, which must accept exactly these. */
    Map<String, String> byHost() {
        Map<String, String> m = new HashMap<>();
        byHost.forEach((k, v) -> m.put(k, v.revealAsString()));
        return m;
    }
}
