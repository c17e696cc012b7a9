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
        assertEquals("simulate.services.WsusService: expected one of Running, Stopped, Disabled, found 'Paused'",
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
        assertThrows(SimScriptException.class, () -> h.runScript("iis.apppool.state.check", true, Map.of("pool", "WsusPool")));
        String msg = assertThrows(SimScriptException.class, () -> h.runScript("format.disk", false, Map.of())).getMessage();
        assertTrue(msg.contains("is not recognized"), msg);
        assertEquals("unsafe name rejected", assertThrows(SimScriptException.class,
                () -> h.runScript("iis.apppool.state.check", false, Map.of("pool", "x'; Stop-Computer"))).getMessage());
        assertEquals("ok", h.runScript("iis.apppool.state.check", false, Map.of("pool", "WsusPool")).get("status"));
    }

    @Test
    void theDefaultServerIsHealthy() throws SimScriptException {
        SimScriptHost h = host(Map.of());
        Map<String, Object> svc = h.runScript("wsus.services.check", false, Map.of());
        assertEquals("ok", svc.get("status"));
        assertEquals("MICROSOFT##WID", ((Map<?, ?>) svc.get("observed")).get("sqlServerName"));
        assertEquals("ok", h.runScript("sql.sysadmin.check", false, Map.of("login", "")).get("status"));
        assertEquals("ok", h.runScript("wsus.sync.check", false, Map.of("max_age_hours", 48)).get("status"));
        assertEquals(200, ((Map<?, ?>) h.runScript("http.status.check", false,
                Map.of("path", "/selfupdate/wuident.cab", "url", "", "status", 200)).get("observed")).get("status"));
        assertEquals(List.of(), h.changes());
    }

    @Test
    void sqlFlavoursMapToTheirServices() throws SimScriptException {
        assertEquals("MSSQLSERVER", observed(host(Map.of("sql", Map.of("flavour", "default"))), "sqlService"));
        assertEquals("WSUS01", observed(host(Map.of("sql", Map.of("flavour", "default"))), "sqlServerName"));
        assertEquals("MSSQL$WSUS", observed(host(Map.of("sql", Map.of("flavour", "named"))), "sqlService"));
        assertEquals("WSUS01\\SUS", observed(host(Map.of("sql", Map.of("flavour", "named", "instance", "SUS"))), "sqlServerName"));
    }

    private static Object observed(SimScriptHost h, String key) throws SimScriptException {
        return ((Map<?, ?>) h.runScript("wsus.services.check", false, Map.of()).get("observed")).get(key);
    }

    @Test
    void stoppingWasTakesW3svcDownAndTheWebServiceAnswers503() throws SimScriptException {
        SimScriptHost h = host(Map.of("services", Map.of("WAS", "Stopped")));
        Map<?, ?> services = (Map<?, ?>) ((Map<?, ?>) h.runScript("wsus.services.check", false, Map.of()).get("observed")).get("services");
        assertEquals("Stopped", services.get("W3SVC"));
        Map<?, ?> http = (Map<?, ?>) h.runScript("http.status.check", false,
                Map.of("path", "/ClientWebService/client.asmx", "url", "", "status", 200)).get("observed");
        assertEquals(503, http.get("status"));
        Map<String, Object> start = h.runScript("service.running.fix", true, Map.of("name", "W3SVC"));
        assertEquals("changed", start.get("action"));
        assertEquals(List.of("service WAS started", "service W3SVC started"), h.changes().stream().map(c -> c.what()).toList());
    }

    @Test
    void aFixSurvivesTheStateFileAndTheChangeLogToo() throws Exception {
        SimScriptHost first = host(Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 1843200))));
        assertEquals("changed", first.runScript("iis.apppool.private_memory.fix", true,
                Map.of("pool", "WsusPool", "target_kb", 4000000)).get("action"));
        ObjectMapper json = new ObjectMapper();
        String file = json.writeValueAsString(first.saveState());
        Map<String, Object> saved = json.readValue(file, new TypeReference<Map<String, Object>>() { });
        // The inventory still says 1843200: the saved server wins, like a real host that remembers the fix.
        SimScriptHost second = factory.create("wsus01.lab.example",
                Map.of("apppool", Map.of("WsusPool", Map.of("private_memory_kb", 1843200))), saved);
        Map<?, ?> c = second.runScript("iis.apppool.private_memory.check", false, Map.of("pool", "WsusPool", "minimum_kb", 4000000));
        assertEquals("ok", c.get("status"));
        // Numbers come back from JSON as Integer where the model made Long: compare the text.
        assertEquals(first.changes().toString(), second.changes().toString());
        assertEquals(1, second.changes().size());
        assertEquals(file, json.writeValueAsString(second.saveState()), "restoring and saving again is lossless");
    }

    @Test
    void aCorruptStateFileIsRejectedWithTheHostName() {
        String msg = assertThrows(IllegalArgumentException.class, () -> factory.create("lab-01", Map.of(),
                Map.of("server", Map.of("sync", Map.of("hours_ago", "yesterday"))))).getMessage();
        assertTrue(msg.startsWith("saved state of lab-01: simulate.sync.hours_ago"), msg);
    }
}
