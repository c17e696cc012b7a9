package org.wsusctl.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.FactRequest;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * FactContractTest's second and third holds for the sections issue 11 adds ({@code iis.site}, {@code susdb},
 * {@code configmgr}, {@code wsus.health}), on the servers only their simulate keys make: the model prints exactly the
 * declared shape with the site stopped, its state unreadable (W3SVC or WAS down), SUSDB offline or missing, health
 * events logged, checkhealth run, a ConfigMgr SUP; and every fact a module reads from any section (every Facts
 * class, not only the first eight) belongs to a section the module gathers.
 */
class CatalogSectionsContractTest {
    private static final List<Section> NEW = List.of(SiteFacts.SECTION, SusdbFacts.SECTION, ConfigMgrFacts.SECTION,
            HealthFacts.SECTION);

    private static List<Map<String, Object>> servers() {
        return List.of(Map.of(),
                Map.of("site", Map.of("state", "Stopped", "selfupdate", false, "bindings", List.of("http *:80:"))),
                Map.of("services", Map.of("W3SVC", "Stopped")),
                Map.of("services", Map.of("WAS", "Stopped", "MSSQL$MICROSOFT##WID", "Stopped")),
                Map.of("sql", Map.of("susdb", "OFFLINE")),
                Map.of("sql", Map.of("susdb", "missing", "flavour", "named")),
                Map.of("health", Map.of("errors", List.of(12072, 13042), "hours_ago", 3),
                        "sync", Map.of("configmgr", true)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theModelOfEachNewSectionPrintsExactlyTheDeclaredShapeOnEveryServer() throws SimScriptException {
        int checked = 0;
        for (Map<String, Object> simulate : servers()) {
            for (boolean checkhealth : new boolean[] {false, true}) {
                SimScriptHost host = new WsusModelFactory().create("wsus01.lab.example", simulate, null);
                for (Section s : NEW) {
                    Map<String, Object> out = host.runScript(s.scriptId(), false,
                            Map.of("hours", 24, "checkhealth", checkhealth, "checkhealth_timeout_seconds", 60));
                    assertEquals(Wire.FACTS_SCHEMA, out.get(Envelope.SCHEMA), s.id());
                    assertEquals(List.of(), s.shape().problems((Map<String, Object>) out.get(Envelope.FACTS)),
                            s.id() + " on " + simulate);
                    checked++;
                }
                assertEquals(List.of(), host.changes(), "fact sections change nothing, checkhealth included");
            }
        }
        assertEquals(servers().size() * 2 * NEW.size(), checked);
    }

    @Test
    void everyFactAModuleReadsFromAnySectionBelongsToASectionItGathers() throws Exception {
        List<Class<?>> classes = List.of(HostFacts.class, ConfigMgrFacts.class, ServiceFacts.class, SiteFacts.class,
                IisPoolFacts.class, HttpFacts.class, SqlFacts.class, SusdbFacts.class, ApiFacts.class, SyncFacts.class,
                ClientFacts.class, HealthFacts.class, EvidenceFacts.class);
        Map<String, Field<?>> byConstant = new LinkedHashMap<>();
        List<Section> declared = new java.util.ArrayList<>();
        for (Class<?> c : classes) {
            for (java.lang.reflect.Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == Field.class) {
                    byConstant.put(c.getName().replace('.', '/') + "." + f.getName(), (Field<?>) f.get(null));
                } else if (Modifier.isStatic(f.getModifiers()) && f.getType() == Section.class) {
                    declared.add((Section) f.get(null));
                }
            }
        }
        assertEquals(Set.copyOf(Sections.ALL), Set.copyOf(declared), "every section's declaring class is read here");
        int reads = 0;
        for (WsusModule w : ModuleRegistry.builtIn().all()) {
            if (!(w instanceof CheckModule m)) {
                continue;
            }
            Set<FactContractTest.Declared> gathered = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
            for (FactRequest r : m.facts(defaults(m))) {
                gathered.addAll(FactContractTest.declared(r.section()));
            }
            for (String constant : FactContractTest.fieldLoads(m.getClass(), byConstant.keySet())) {
                Field<?> f = byConstant.get(constant);
                assertTrue(gathered.contains(new FactContractTest.Declared(f.name(), f.type(), f.nullable())),
                        m.name() + " reads " + constant + " (" + f + ") but gathers only " + gathered);
                reads++;
            }
        }
        assertTrue(reads > 80, "module reads found: " + reads);
    }

    private static ModuleArgs defaults(WsusModule m) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (ArgSpec a : m.args()) {
            v.put(a.name(), a.required() ? "WsusService" : a.defaultValue());
        }
        return new ModuleArgs(v);
    }
}
