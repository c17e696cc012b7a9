package org.wsusctl.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;
import org.wsusctl.inventory.InventoryLoader;
import org.wsusctl.sim.SimWork;

/** {@code simulate: { costs: ... }} (issue 15): its schema, its table of costly scripts, and what a process pays. */
class HostCostsTest {
    private static final Path SCRIPTS = Path.of("src/main/resources/org/wsusctl/scripts");
    private static final Pattern HEADER = Pattern.compile("^# wsusctl-script: (\\S+) ", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void offByDefaultAProfileAndFiguresThatOverrideIt() {
        assertEquals(HostCosts.NONE, HostCosts.parse(null));
        assertEquals(HostCosts.REALISTIC, HostCosts.parse(Map.of("profile", "realistic")));
        assertEquals(new HostCosts(500, 40, 30), HostCosts.parse(Map.of("profile", "realistic", "api_load_ms", 500)));
        assertEquals(new HostCosts(0, 0, 9), HostCosts.parse(Map.of("http_probe_ms", "9")));
        assertEquals(Optional.empty(), SimulateSchema.check("h", Map.of("costs", Map.of("profile", "realistic"),
                "latency_ms", 20)));
    }

    @Test
    void badValuesAreRefusedNamingTheKeyPath() {
        assertEquals("simulate.costs.api_load_ms: expected a whole number from 0 to 600000, found '-1'",
                SimulateSchema.check("h", Map.of("costs", Map.of("api_load_ms", -1))).orElseThrow());
        assertEquals("simulate.costs.profile: expected none or realistic, found 'slow'",
                SimulateSchema.check("h", Map.of("costs", Map.of("profile", "slow"))).orElseThrow());
        assertTrue(SimulateSchema.check("h", Map.of("costs", Map.of("api_load", 5))).orElseThrow()
                .startsWith("simulate.costs.api_load: unknown key (expected one of api_load_ms, http_probe_ms,"),
                "a typo is not silently free");
        assertEquals("simulate.costs: expected a mapping, found 'realistic'",
                SimulateSchema.check("h", Map.of("costs", "realistic")).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> new WsusModelFactory().create("h",
                Map.of("costs", Map.of("sql_probe_ms", 1.5)), null), "the simulator refuses what the loader refuses");
    }

    @Test
    void theInventoryLoaderShowsWhereABadCostWasWritten() throws IOException {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  children:
                    lab:
                      vars:
                        simulate:
                          costs: { profile: realistic, http_probe_ms: lots }
                      hosts:
                        lab01: {}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> new InventoryLoader().load(inv));
        String msg = e.diagnostics().get(0).toString();
        assertTrue(msg.contains(":6:5") && msg.contains("simulate.costs.http_probe_ms: expected a whole number"), msg);
    }

    @Test
    void aProcessPaysTheApiOnceAndEachProbe() {
        SimWsusHost host = (SimWsusHost) new WsusModelFactory().create("h",
                Map.of("costs", Map.of("api_load_ms", 3000, "sql_probe_ms", 40, "http_probe_ms", 30)), null);
        assertEquals(3000 + 40 + 2 * 30, host.processRan(List.of("facts.wsus.sync", "facts.sql", "facts.http",
                "facts.wsus.clients", "facts.http", "facts.services")));
        assertEquals(3000, host.processRan(List.of("facts.wsus.clients")), "a new process loads the API again");
        assertEquals(0, host.processRan(List.of("facts.services", "facts.iis.pool")));
        assertEquals(new SimWork(3, 2, 1, 2, 6100), host.work());
    }

    /**
     * The table of costly scripts says what the shipped scripts' texts do: a script that calls the preamble's
     * {@code Get-WsusctlApi} loads the API, one that opens a {@code SqlConnection} probes SQL, one that creates its
     * own {@code HttpWebRequest} probes HTTP. A new script doing any of these must be added to the table.
     */
    @Test
    void theTableOfCostlyScriptsMatchesTheShippedScripts() throws IOException {
        Map<String, HostCosts.Work> fromText = new TreeMap<>();
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith("_")).toList()) {
                String text = Files.readString(f);
                Matcher m = HEADER.matcher(text);
                assertTrue(m.find(), "no header in " + f);
                if (text.contains("Get-WsusctlApi")) {
                    fromText.put(m.group(1), HostCosts.Work.API);
                } else if (text.contains("SqlClient.SqlConnection")) {
                    fromText.put(m.group(1), HostCosts.Work.SQL);
                } else if (text.contains("HttpWebRequest]::Create")) {
                    fromText.put(m.group(1), HostCosts.Work.HTTP);
                }
            }
        }
        assertEquals(fromText, new TreeMap<>(HostCosts.BY_SCRIPT));
    }
}
