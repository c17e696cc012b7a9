package org.wsusctl.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.wsusctl.contract.Wire;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;

/** The simulate mapping, its validation, the script dispatch rules and the state file round trip. */
class WsusModelFactoryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-02T08:00:00Z"), ZoneOffset.UTC);
    private final WsusModelFactory factory = new WsusModelFactory(CLOCK);

    private SimScriptHost host(Map<String, Object> simulate) {
        return factory.create("wsus01.lab.example", simulate, null);
    }

    private static String error(Map<String, Object> simulate) {
        return assertThrows(IllegalArgumentException.class,
                () -> new WsusModelFactory().create("h", simulate, null)).getMessage();
    }

    @Test
    void badValuesNameTheKeyPath() {
        assertEquals("simulate.apppool.WsusPool.state: expected Started or Stopped, found 'Stoped'",
                error(Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stoped")))));
        assertEquals("simulate.services.WsusService: expected one of Running, Stopped, Disabled, Failing, found 'Paused'",
                error(Map.of("services", Map.of("WsusService", "Paused"))));
        assertTrue(error(Map.of("sql", Map.of("flavour", "oracle"))).startsWith("simulate.sql.flavour: expected one of wid, default, named"));
        assertTrue(error(Map.of("sql", Map.of("sysadmins", List.of("nobackslash")))).startsWith("simulate.sql.sysadmins[0]:"));
        assertTrue(error(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", "lots"))))
                .startsWith("simulate.apppool.WsusPool.private_memory_kb: expected a whole number"));
        assertTrue(error(Map.of("clients", Map.of("total", 5, "stale", 9))).startsWith("simulate.clients.stale:"));
        assertTrue(error(Map.of("clients", Map.of("stale", 2, "stale_offline", 2, "never_reported", 1)))
                .startsWith("simulate.clients: "));
        assertTrue(error(Map.of("sync", Map.of("last_result", "Great"))).startsWith("simulate.sync.last_result:"));
        assertTrue(error(Map.of("apppol", Map.of())).startsWith("simulate.apppol: unknown key"));
        assertTrue(error(Map.of("apppool", Map.of("WsusPool", Map.of("memory", 1)))).startsWith("simulate.apppool.WsusPool.memory: unknown key"));
    }

    @Test
    void scriptsRunOnlyAsTheirHeaderSays() throws SimScriptException {
        SimScriptHost h = host(Map.of());
        assertThrows(SimScriptException.class, () -> h.runScript("iis.apppool.state.fix", false, Map.of("pool", "WsusPool")));
        assertThrows(SimScriptException.class, () -> h.runScript("facts.iis.pool", true, Map.of("pool", "WsusPool")));
        String msg = assertThrows(SimScriptException.class, () -> h.runScript("format.disk", false, Map.of())).getMessage();
        assertTrue(msg.contains("is not recognized"), msg);
        assertEquals("unsafe name rejected", assertThrows(SimScriptException.class,
                () -> h.runScript("facts.iis.pool", false, Map.of("pool", "x'; Stop-Computer"))).getMessage());
        assertEquals("Started", facts(h, "facts.iis.pool", Map.of("pool", "WsusPool")).get("state"));
    }

    /** A fact section's facts, out of the envelope the model prints. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> facts(SimScriptHost h, String section, Map<String, Object> args)
            throws SimScriptException {
        Map<String, Object> out = h.runScript(section, false, args);
        assertEquals(Wire.FACTS_SCHEMA, out.get("schema"));
        assertEquals(CLOCK.instant().toString(), out.get("collectedUtc"), "stamped with the host's clock");
        return (Map<String, Object>) out.get("facts");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> services(SimScriptHost h) throws SimScriptException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) facts(h, "facts.services",
                Map.of("names", List.of("WAS", "W3SVC", "WsusService"))).get("services")) {
            out.put((String) s.get("name"), (String) s.get("state"));
        }
        return out;
    }

    @Test
    void theDefaultServerHasEveryFactOfAHealthyOne() throws SimScriptException {
        SimScriptHost h = host(Map.of());
        assertEquals(Map.of("MSSQL$MICROSOFT##WID", "Running", "WAS", "Running", "W3SVC", "Running",
                "WsusService", "Running"), services(h));
        assertEquals("MICROSOFT##WID", facts(h, "facts.host", Map.of()).get("sqlServerName"));
        Map<String, Object> sql = facts(h, "facts.sql", Map.of("login", ""));
        assertEquals(1L, sql.get("callerIsSysadmin"));
        assertEquals("Succeeded", facts(h, "facts.wsus.sync", Map.of()).get("result"));
        assertEquals(200L, facts(h, "facts.http", Map.of("path", "/selfupdate/wuident.cab", "url", "")).get("status"));
        assertEquals(List.of(), h.changes());
    }

    @Test
    void sqlFlavoursNameTheirServerAndRunTheirEngine() throws SimScriptException {
        assertEquals("WSUS01", facts(host(Map.of("sql", Map.of("flavour", "default"))), "facts.host", Map.of())
                .get("sqlServerName"));
        assertTrue(services(host(Map.of("sql", Map.of("flavour", "default")))).containsKey("MSSQLSERVER"));
        assertTrue(services(host(Map.of("sql", Map.of("flavour", "named")))).containsKey("MSSQL$WSUS"));
        assertEquals("WSUS01\\SUS", facts(host(Map.of("sql", Map.of("flavour", "named", "instance", "SUS"))),
                "facts.host", Map.of()).get("sqlServerName"));
    }

    @Test
    void stoppingWasTakesW3svcDownAndTheWebServiceAnswers503() throws SimScriptException {
        SimScriptHost h = host(Map.of("services", Map.of("WAS", "Stopped")));
        assertEquals("Stopped", services(h).get("W3SVC"));
        assertEquals(503L, facts(h, "facts.http", Map.of("path", "/ClientWebService/client.asmx", "url", "")).get("status"));
        Map<String, Object> start = h.runScript("services.start", true, Map.of("names", List.of("W3SVC")));
        assertEquals("changed", start.get("outcome"));
        assertEquals(List.of("service WAS started", "service W3SVC started"), h.changes().stream().map(c -> c.what()).toList());
    }

    @Test
    void aFixSurvivesTheStateFileAndTheChangeLogToo() throws Exception {
        SimScriptHost first = host(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 1843200))));
        assertEquals("changed", first.runScript("iis.apppool.private_memory.fix", true,
                Map.of("pool", "WsusPool", "target_kb", 4000000)).get("outcome"));
        ObjectMapper json = new ObjectMapper();
        String file = json.writeValueAsString(first.saveState());
        Map<String, Object> saved = json.readValue(file, new TypeReference<Map<String, Object>>() { });
        // The inventory still says 1843200: the saved server wins, like a real host that remembers the fix.
        SimScriptHost second = factory.create("wsus01.lab.example",
                Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 1843200))), saved);
        assertEquals(4000000L, facts(second, "facts.iis.pool", Map.of("pool", "WsusPool")).get("privateMemoryKb"));
        // Numbers come back from JSON as Integer where the model made Long: compare the text.
        assertEquals(first.changes().toString(), second.changes().toString());
        assertEquals(List.of("pool WsusPool private memory limit 1843200 -> 4000000 KB",
                "pool WsusPool recycled (configuration change)"), second.changes().stream().map(c -> c.what()).toList(),
                "the limit, and the worker rotation its commit causes on a running pool");
        assertEquals(file, json.writeValueAsString(second.saveState()), "restoring and saving again is lossless");
    }

    @Test
    void aCorruptStateFileIsRejectedWithTheHostName() {
        String msg = assertThrows(IllegalArgumentException.class, () -> factory.create("lab-01", Map.of(),
                Map.of("server", Map.of("sync", Map.of("hours_ago", "yesterday"))))).getMessage();
        assertTrue(msg.startsWith("saved state of lab-01: simulate.sync.hours_ago"), msg);
    }
}
