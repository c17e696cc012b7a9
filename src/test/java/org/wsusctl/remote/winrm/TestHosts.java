package org.wsusctl.remote.winrm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.inventory.SecretRef;

/** Builds inventory hosts for transport tests. */
final class TestHosts {
    static final String PASSWORD = "S3cret-Pa55word!";

    private TestHosts() { }

    static Connection conn(String address, Scheme scheme, int port, AuthScheme auth) {
        return new Connection(address, scheme, port, "/wsman", auth, Optional.of("CORP\\svc-wsus"),
                new SecretRef.FromEnv("WSUS_PASSWORD"), true, Optional.empty(), true,
                Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    static Connection basicHttp(int port) {
        return conn("127.0.0.1", Scheme.HTTP, port, AuthScheme.BASIC);
    }

    static Host host(Connection c) {
        return new Host("h1", c, Map.of(), List.of("wsus"), Optional.empty(), SourcePos.fileOnly(Path.of("inv.yml")));
    }

    static Host simulated(Connection c) {
        return new Host("sim1", c, Map.of(), List.of("wsus"), Optional.of(Map.of()),
                SourcePos.fileOnly(Path.of("inv.yml")));
    }

    static Connection withTimeouts(Connection c, Duration connect, Duration operation) {
        return new Connection(c.address(), c.scheme(), c.port(), c.path(), c.auth(), c.user(), c.password(),
                c.verifyTls(), c.caFile(), c.allowInsecureBasic(), connect, operation);
    }

    static Connection withTls(Connection c, boolean verify, Optional<Path> caFile) {
        return new Connection(c.address(), c.scheme(), c.port(), c.path(), c.auth(), c.user(), c.password(),
                verify, caFile, c.allowInsecureBasic(), c.connectTimeout(), c.operationTimeout());
    }

    static WinRmShellFactory factory(int retries, Duration backoff, Duration margin) {
        return new WinRmShellFactory(h -> Optional.of(PASSWORD), new TransportSettings(retries, backoff, margin));
    }
}
