package org.wsusctl.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.SourcePos;

/**
 * Turns a host's merged settings into a {@link Connection}, applying the secure defaults (HTTPS, NTLM,
 * certificate validation) and the rules that need the whole picture (Basic only over HTTPS).
 */
final class ConnectionBuilder {
    private final Diagnostics d;
    /** A group-level mistake is reported once, not once per host of the group. */
    private final Set<String> reported = new HashSet<>();

    ConnectionBuilder(Diagnostics d) {
        this.d = d;
    }

    Connection build(String hostName, MergedVars v, SourcePos hostPos) {
        boolean simulated = v.simulate().isPresent();
        Scheme scheme = scheme(v, simulated);
        int port = v.setting(VarRules.PORT).map(p -> (Integer) p).orElse(scheme.defaultPort());
        AuthScheme auth = v.setting(VarRules.TRANSPORT).map(a -> (AuthScheme) a).orElse(AuthScheme.NTLM);
        boolean allowInsecureBasic = v.setting(VarRules.ALLOW_INSECURE_BASIC).map(b -> (Boolean) b).orElse(false);
        if (!simulated && auth == AuthScheme.BASIC && scheme == Scheme.HTTP && !allowInsecureBasic) {
            SourcePos at = v.settings.get(VarRules.TRANSPORT).setting().pos();
            error(at, "winrm_transport: basic over http sends the password readable on the network; use"
                    + " winrm_scheme: https, or set allow_insecure_basic: true if you accept that");
        }
        return new Connection(
                v.setting(VarRules.ADDRESS).map(String::valueOf).orElse(hostName),
                scheme,
                port,
                v.setting(VarRules.PATH).map(String::valueOf).orElse("/wsman"),
                auth,
                v.setting(VarRules.USER).map(String::valueOf),
                v.setting(VarRules.PASSWORD).map(p -> (SecretRef) p).orElse(new SecretRef.None()),
                v.setting(VarRules.VERIFY_TLS).map(b -> (Boolean) b).orElse(true),
                v.setting(VarRules.CA_FILE).map(p -> (Path) p),
                allowInsecureBasic,
                v.setting(VarRules.CONNECT_TIMEOUT).map(t -> (Duration) t).orElse(Connection.DEFAULT_CONNECT_TIMEOUT),
                v.setting(VarRules.OPERATION_TIMEOUT).map(t -> (Duration) t)
                        .orElse(Connection.DEFAULT_OPERATION_TIMEOUT));
    }

    /**
     * Real hosts default to HTTPS. A simulated host is served over HTTP unless {@code winrm_scheme: https}
     * is set at least as specifically as its {@code simulate:} (so "all: winrm_scheme: https" for the real
     * fleet does not turn a lab group into HTTPS listeners).
     */
    private static Scheme scheme(MergedVars v, boolean simulated) {
        MergedVars.Ranked s = v.settings.get(VarRules.SCHEME);
        if (!simulated) {
            return s == null ? Scheme.HTTPS : (Scheme) s.setting().value();
        }
        return s != null && s.setting().value() == Scheme.HTTPS && s.rank() >= v.simulateRank()
                ? Scheme.HTTPS : Scheme.HTTP;
    }

    private void error(SourcePos pos, String message) {
        if (reported.add(pos + message)) {
            d.error(pos, message);
        }
    }

    static Optional<Integer> maxParallel(VarBlock b) {
        VarBlock.Setting s = b.settings().get(VarRules.MAX_PARALLEL_FIXES);
        return s == null ? Optional.empty() : Optional.of((Integer) s.value());
    }
}
