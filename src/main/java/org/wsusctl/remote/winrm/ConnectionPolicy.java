package org.wsusctl.remote.winrm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.inventory.SecretRef;

/**
 * Connection settings this transport refuses or cannot honour, found before any connection is made.
 * The CLI reports each as an inventory error for the host; {@link WinRmShellFactory#open} refuses a host
 * that has any.
 */
public final class ConnectionPolicy {

    private ConnectionPolicy() { }

    /** Problems with {@code host}'s connection settings, each naming the host; empty when usable. */
    public static List<String> problems(Host host) {
        Connection c = host.connection();
        List<String> out = new ArrayList<>();
        String name = "host " + host.name();
        boolean sim = host.isSimulated();

        if (c.port() < 1 || c.port() > 65535) {
            out.add(name + ": winrm port " + c.port() + " is not between 1 and 65535");
        }
        if (c.path() == null || !c.path().startsWith("/")) {
            out.add(name + ": winrm path '" + c.path() + "' must start with '/' (usually /wsman)");
        }
        if (c.auth() == AuthScheme.BASIC && c.scheme() == Scheme.HTTP && !c.allowInsecureBasic() && !sim) {
            out.add(name + ": Basic authentication over plain HTTP would send the password in clear text to "
                    + safeEndpoint(c) + "; use winrm_scheme: https, NTLM or Kerberos, or accept the risk "
                    + "explicitly with allow_insecure_basic: true");
        }
        boolean noUser = c.user().map(String::isBlank).orElse(true);
        if (noUser && !sim) {
            out.add(name + ": " + c.auth() + " authentication needs a user (winrm_user)");
        }
        if (!sim && c.auth() != AuthScheme.KERBEROS && c.password() instanceof SecretRef.None) {
            out.add(name + ": no password configured for " + c.auth()
                    + " (winrm_password_env, winrm_password_file or --ask-pass)");
        }
        if (c.auth() == AuthScheme.KERBEROS && !sim) {
            c.user().filter(u -> u.contains("\\")).ifPresent(u -> out.add(name + ": Kerberos needs the user as "
                    + "user@REALM, not DOMAIN\\user ('" + u + "')"));
            if (looksLikeIp(c.address())) {
                out.add(name + ": Kerberos needs the host's DNS name, not the address " + c.address()
                        + " (no service principal exists for an IP)");
            }
        }
        c.caFile().ifPresent(f -> checkCaFile(name, f, out));
        if (!positive(c.connectTimeout())) {
            out.add(name + ": connect timeout must be positive, got " + c.connectTimeout());
        }
        if (!positive(c.operationTimeout()) || c.operationTimeout().toMillis() < 1000) {
            out.add(name + ": operation timeout must be at least 1 s, got " + c.operationTimeout());
        }
        return out;
    }

    private static void checkCaFile(String name, Path f, List<String> out) {
        if (!Files.isRegularFile(f)) {
            out.add(name + ": ca_file " + f + " does not exist or is not a file");
            return;
        }
        if (!Files.isReadable(f)) {
            out.add(name + ": ca_file " + f + " is not readable");
            return;
        }
        try {
            TlsTrust.fromPem(f);
        } catch (GeneralSecurityException | IOException e) {
            out.add(name + ": ca_file " + f + " holds no usable PEM certificate (" + e.getMessage() + ")");
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static boolean looksLikeIp(String address) {
        return address.contains(":") || address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String safeEndpoint(Connection c) {
        try {
            return c.endpoint().toString();
        } catch (IllegalArgumentException e) {
            return c.address();
        }
    }
}
