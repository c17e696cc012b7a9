package org.wsusctl.inventory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach one host over WinRM, after group and host variables were merged.
 * Secure by default: HTTPS, certificate validation on, NTLM.
 */
public record Connection(
        String address,
        Scheme scheme,
        int port,
        String path,
        AuthScheme auth,
        Optional<String> user,
        SecretRef password,
        boolean verifyTls,
        Optional<Path> caFile,
        boolean allowInsecureBasic,
        Duration connectTimeout,
        Duration operationTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** winrm4j's Receive long-poll; kept well under CXF's 60 s read timeout (winrm-protocol.md 1.4). */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(20);

    public URI endpoint() {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return URI.create(scheme.name().toLowerCase() + "://" + host + ":" + port + path);
    }

    /** A copy with another password source (e.g. {@code --ask-pass}). */
    public Connection withPassword(SecretRef other) {
        return new Connection(address, scheme, port, path, auth, user, other, verifyTls, caFile, allowInsecureBasic,
                connectTimeout, operationTimeout);
    }

    /** A copy trusting another CA file (e.g. the simulator's generated certificate). */
    public Connection withCaFile(Optional<Path> other) {
        return new Connection(address, scheme, port, path, auth, user, password, verifyTls, other, allowInsecureBasic,
                connectTimeout, operationTimeout);
    }

    /**
     * A copy pointing at a simulated listener on loopback. The auth scheme stays the inventory's: the simulated
     * host accepts exactly that one ({@code winrm_transport}, NTLM by default as for any host).
     */
    public Connection toSimulated(int simPort, boolean https) {
        return new Connection("127.0.0.1", https ? Scheme.HTTPS : Scheme.HTTP, simPort, "/wsman", auth,
                user, password, verifyTls, caFile, true, connectTimeout, operationTimeout);
    }
}
