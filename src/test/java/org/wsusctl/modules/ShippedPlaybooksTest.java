package org.wsusctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wsusctl.sim.model.WsusModelFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped playbooks name real modules and arguments, a default simulated server passes every step, and a
 * broken one is repaired by running the steps in their order (a tiny stand-in for the engine's apply).
 */
class ShippedPlaybooksTest {
    private static final Pattern VAR = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*\\}\\}");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Path p) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(p));
    }

    private static List<Path> playbooks() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("playbooks"))) {
            return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> pb, String key) {
        Object v = pb.get(key);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }

    @SuppressWarnings("unchecked")
    private static ModuleArgs args(Map<String, Object> pb, Map<String, Object> step) {
        WsusModule m = TestArgs.module((String) step.get("module"));
        Map<String, Object> vars = pb.get("vars") == null ? Map.of() : (Map<String, Object>) pb.get("vars");
        List<Object> kv = new ArrayList<>();
        Map<String, Object> raw = step.get("args") == null ? Map.of() : (Map<String, Object>) step.get("args");
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s) {
                Matcher mm = VAR.matcher(s);
                if (mm.matches()) {
                    assertTrue(vars.containsKey(mm.group(1)), "undefined variable " + mm.group(1));
                    v = vars.get(mm.group(1));
                }
            }
            kv.add(e.getKey());
            kv.add(v);
        }
        return TestArgs.of(m, kv.toArray());
    }

    @Test
    void stepsNameRealModulesArgumentsAndHandlers() throws IOException {
        Set<String> keys = Set.of("name", "module", "args", "notify", "fix", "approve", "tags");
        assertEquals(5, playbooks().size());
        for (Path p : playbooks()) {
            assertTrue(Files.readString(p).startsWith("# Symptom:"), p + " starts with the symptom");
            Map<String, Object> pb = load(p);
            assertEquals("all", pb.get("hosts"), p.toString());
            Set<String> handlers = new LinkedHashSet<>();
            for (Map<String, Object> h : list(pb, "handlers")) {
                assertInstanceOf(ActionModule.class, TestArgs.module((String) h.get("module")));
                handlers.add((String) h.get("name"));
            }
            for (Map<String, Object> step : list(pb, "steps")) {
                assertTrue(keys.containsAll(step.keySet()), p + ": unknown key in " + step);
                args(pb, step);
                if (step.get("notify") != null) {
                    assertTrue(handlers.contains(step.get("notify")), p + ": no handler " + step.get("notify"));
                }
                if ("sql.sysadmin".equals(step.get("module"))) {
                    assertEquals(p.endsWith("wsus-setup-sql-rights.yml"), Boolean.TRUE.equals(step.get("approve")), p.toString());
                }
            }
        }
    }

    @Test
    void aDefaultSimulatedServerIsCompliantWithEveryPlaybook() throws IOException {
        SimWire wire = new SimWire(new WsusModelFactory().create("wsus01.lab.example", Map.of(), null));
        for (Path p : playbooks()) {
            Map<String, Object> pb = load(p);
            for (Map<String, Object> step : list(pb, "steps")) {
                CheckModule m = (CheckModule) TestArgs.module((String) step.get("module"));
                ModuleArgs a = args(pb, step);
                Verdict v = m.evaluate(a, wire.gather(m.facts(a)));
                assertEquals(Verdict.Kind.OK, v.kind(), p.getFileName() + " / " + step.get("name") + ": " + v.message());
            }
        }
    }
}
