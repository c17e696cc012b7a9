package org.wsusctl.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;
import org.wsusctl.inventory.InventoryLoader;

/** The simulate: schema has one home (the simulator), and the inventory loader holds a mapping to it. */
class SimulateSchemaTest {
    @TempDir
    Path dir;

    @Test
    void everyKeyTheSimulatorReadsLoadsFromAnInventoryWithItsPositionOnError() throws Exception {
        assertTrue(SimulateSchema.TOP_LEVEL_KEYS.containsAll(List.of("max_shells_per_user", "https", "latency_ms",
                "ps_startup_ms", "fault", "apppool", "services", "sql", "clients", "sync", "wsus")),
                SimulateSchema.TOP_LEVEL_KEYS.toString());
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  hosts:
                    lab01:
                      simulate: { max_shells_per_user: 2, latency_ms: 1, wsus: { ssl: true, port: 8530 } }
                """);
        assertEquals(1, new InventoryLoader().load(inv).hosts().size(), "README's max_shells_per_user loads");
        Files.writeString(inv, """
                all:
                  children:
                    wsus:
                      vars: { simulate: { clients: { total: 10 } } }
                      hosts:
                        lab01:
                          simulate: { clients: { stale: 11 } }
                """);
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new InventoryLoader().load(inv));
        String msg = e.diagnostics().get(0).toString();
        assertTrue(msg.contains(":7:") && msg.contains("simulate.clients.stale"), "checked merged, shown where written: " + msg);
    }

    @Test
    void theCheckIsTheSimulatorsOwn() {
        assertEquals(Optional.empty(), SimulateSchema.check("h", Map.of("wsus", Map.of("ssl", true))));
        assertTrue(SimulateSchema.check("h", Map.of("wsus", Map.of("tls", true))).orElseThrow()
                .startsWith("simulate.wsus.tls: unknown key"));
    }
}
