package org.wsusctl.sim.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * HTTP Basic, as a WinRM service with {@code Auth/Basic=true} takes it (only local accounts on Windows; here the
 * inventory's account, whatever it names). Stateless: every request carries the credentials, which is what
 * winrm4j, pywinrm and Ansible send pre-emptively. With no account and no password configured any credentials
 * are accepted (a simulated host the inventory gives no credentials for).
 */
public final class BasicAuthenticator implements HttpAuthenticator {
    private final Optional<String> user;
    private final Optional<String> password;
    private final List<String> offer;

    /**
     * @param offerNegotiate also name Negotiate in the 401, as Windows does when Basic is enabled next to it
     */
    public BasicAuthenticator(Optional<String> user, Optional<String> password, boolean offerNegotiate) {
        this.user = user;
        this.password = password;
        this.offer = offerNegotiate ? List.of("Negotiate", "Basic realm=\"WSMAN\"") : List.of("Basic realm=\"WSMAN\"");
    }

    @Override
    public List<String> offer() {
        return offer;
    }

    /** The account the request authenticated as; passwords are compared, never logged. */
    @Override
    public AuthStep authenticate(AuthRequest r) {
        String header = r.authorization().orElse(null);
        String sentUser = null;
        byte[] sentPassword = null;
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    sentUser = decoded.substring(0, colon);
                    sentPassword = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                sentUser = null;
            }
        }
        if (user.isEmpty() && password.isEmpty()) {
            return accepted(sentUser == null || sentUser.isEmpty() ? "Administrator" : sentUser);
        }
        if (sentUser == null) {
            return new AuthStep.Refused(header == null ? "no credentials" : "not Basic credentials");
        }
        if (user.isPresent() && !user.get().equalsIgnoreCase(sentUser)) {
            return new AuthStep.Refused("account " + sentUser + " is not the one this host accepts");
        }
        if (password.isPresent() && !MessageDigest.isEqual(password.get().getBytes(StandardCharsets.UTF_8), sentPassword)) {
            return new AuthStep.Refused("wrong password for " + sentUser);
        }
        return accepted(sentUser);
    }

    private static AuthStep accepted(String account) {
        return new AuthStep.Accepted(account, "Basic", Optional.empty(), Optional.empty());
    }
}
