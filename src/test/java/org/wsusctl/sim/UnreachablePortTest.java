package org.wsusctl.sim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An unreachable simulated host keeps its port to itself for the fleet's life. It used to look up a free port
 * and release it at once, so another listener (the next simulated host, or any other process on a busy
 * machine) could be handed the same port, and the "unreachable" host then answered, e.g. with a 401.
 */
class UnreachablePortTest {

    @Test
    void theUnreachablePortCannotBeTakenWhileTheFleetRunsAndIsFreedAfter() throws IOException {
        SimHostSpec down = new SimHostSpec("down", Map.of("fault", "unreachable"), Optional.empty(), Optional.empty(),
                false);
        URI uri;
        try (SimulatedFleet fleet = SimulatedFleet.start(List.of(down), SimOptions.defaults(),
                FakeWsusModel.factory())) {
            uri = fleet.endpoints().get("down");
            InetSocketAddress at = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), uri.getPort());
            assertThrows(ConnectException.class, () -> new Socket(uri.getHost(), uri.getPort()).close());
            assertThrows(BindException.class, () -> {
                try (ServerSocket other = new ServerSocket()) {
                    other.setReuseAddress(true);
                    other.bind(at);
                }
            }, "another listener got the unreachable host's port " + uri.getPort());
        }
        assertDoesNotThrow(() -> {
            try (ServerSocket after = new ServerSocket()) {
                after.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), uri.getPort()));
            }
        }, "the port is released when the fleet closes");
    }
}
