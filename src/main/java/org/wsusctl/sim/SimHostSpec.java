package org.wsusctl.sim;

import java.util.Map;
import java.util.Optional;

/**
 * One host to simulate.
 *
 * @param name the inventory name
 * @param simulate the host's {@code simulate:} mapping: transport keys ({@code latency_ms}, {@code ps_startup_ms},
 *                 {@code fault}, {@code max_shells_per_user}, {@code https}) are used by the WinRM server, the rest
 *                 goes to the model
 * @param user the account the host accepts (a local name, or a domain account as DOMAIN, backslash, name); empty: any
 * @param password the password the host accepts; empty: any
 * @param https serve HTTPS instead of HTTP
 * @param transport the authentication the host accepts (and, over HTTP, whether it requires encrypted messages)
 */
public record SimHostSpec(String name, Map<String, Object> simulate, Optional<String> user, Optional<String> password,
        boolean https, SimTransport transport) {
    public SimHostSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("simulated host needs a name");
        }
        simulate = simulate == null ? Map.of() : simulate;
        user = user == null ? Optional.empty() : user;
        password = password == null ? Optional.empty() : password;
        transport = transport == null ? SimTransport.BASIC : transport;
    }

    /** A host that takes Basic (the simplest client set-up; tests of the WS-Management layer use it). */
    public SimHostSpec(String name, Map<String, Object> simulate, Optional<String> user, Optional<String> password,
            boolean https) {
        this(name, simulate, user, password, https, SimTransport.BASIC);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SimHostSpec[name=" + name + ", simulate=" + simulate + ", user=" + user.orElse("(any)")
                + ", password=" + (password.isPresent() ? "(set)" : "(any)") + ", https=" + https + ", transport=" + transport + "]";
    }
}
