package org.wsusctl.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;

class ArgResolverTest {
    private final ModuleRegistry registry = TestModules.registry();

    private WsusModule module(String name) {
        return registry.find(name).orElseThrow();
    }

    @Test
    void wholeTemplateKeepsTheVariablesType() throws Exception {
        ModuleArgs a = ArgResolver.resolve(module("iis.apppool.private_memory"),
                Map.of("minimum_kb", "{{ limit }}"), Map.of("limit", 8000000L));
        assertEquals(8000000L, a.integer("minimum_kb"));
        assertEquals("WsusPool", a.string("pool"));
    }

    @Test
    void templatedStringBecomesANumberForIntArguments() throws Exception {
        ModuleArgs a = ArgResolver.resolve(module("iis.apppool.private_memory"),
                Map.of("minimum_kb", "{{ limit }}"), Map.of("limit", "4000000"));
        assertEquals(4000000L, a.values().get("minimum_kb"));
    }

    @Test
    void interpolationInsideText() throws Exception {
        ModuleArgs a = ArgResolver.resolve(module("http.status"),
                Map.of("url", "http://{{ host }}:{{ port }}/x"), Map.of("host", "localhost", "port", 8530L));
        assertEquals("http://localhost:8530/x", a.string("url"));
        assertEquals(200L, a.integer("status"));
    }

    @Test
    void defaultsAreApplied() throws Exception {
        ModuleArgs a = ArgResolver.resolve(module("iis.apppool.state"), Map.of(), Map.of());
        assertEquals(Map.of("pool", "WsusPool", "state", "Started", "soak_seconds", 10L), a.values());
    }

    @Test
    void listsAndBooleans() throws Exception {
        ModuleArgs a = ArgResolver.resolve(module("service.running"), Map.of("names", List.of("{{ svc }}", "W3SVC")),
                Map.of("svc", "WsusService"));
        assertEquals(List.of("WsusService", "W3SVC"), a.list("names"));
        ModuleArgs b = ArgResolver.resolve(module("wsus.flags"), Map.of("verbose", "{{ v }}"), Map.of("v", "yes"));
        assertTrue(b.bool("verbose"));
    }

    @Test
    void substitutedValuesAreValidatedAfterSubstitution() {
        ArgException range = assertThrows(ArgException.class, () -> ArgResolver.resolve(
                module("iis.apppool.private_memory"), Map.of("minimum_kb", "{{ limit }}"), Map.of("limit", 100L)));
        assertEquals("argument \"minimum_kb\" of iis.apppool.private_memory: expected an integer 1843200-100000000,"
                + " found 100", range.getMessage());
        ArgException shape = assertThrows(ArgException.class, () -> ArgResolver.resolve(module("iis.apppool.state"),
                Map.of("pool", "{{ p }}"), Map.of("p", "x'; Restart-Computer; '")));
        assertTrue(shape.getMessage().contains("expected a name of 1-128"), shape.getMessage());
    }

    @Test
    void undefinedVariableAndExpressionsAreExplained() {
        ArgException undefined = assertThrows(ArgException.class, () -> ArgResolver.resolve(module("iis.apppool.state"),
                Map.of("pool", "{{ nope }}"), Map.of()));
        assertTrue(undefined.getMessage().contains("variable \"nope\""), undefined.getMessage());
        ArgException expr = assertThrows(ArgException.class, () -> ArgResolver.resolve(module("iis.apppool.state"),
                Map.of("pool", "{{ a + b }}"), Map.of("a", "x")));
        assertTrue(expr.getMessage().contains("only {{ name }} substitution is supported"), expr.getMessage());
    }

    @Test
    void unknownAndMissingArguments() {
        ArgException unknown = assertThrows(ArgException.class, () -> ArgResolver.resolve(module("iis.apppool.state"),
                Map.of("pol", "x"), Map.of()));
        assertTrue(unknown.getMessage().contains("did you mean \"pool\""), unknown.getMessage());
        ArgException missing = assertThrows(ArgException.class, () -> ArgResolver.resolve(module("http.status"),
                Map.of(), Map.of()));
        assertTrue(missing.getMessage().contains("argument \"url\""), missing.getMessage());
    }
}
