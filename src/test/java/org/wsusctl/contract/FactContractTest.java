package org.wsusctl.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
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
 * The fact contract holds three ways, each against the one declaration in this package: every section's script
 * prints exactly the declared names with the declared types (read from its {@code Write-Facts} and
 * {@code New-FactItem} literals, where every value carries a type cast or a {@code Get-Nullable*} call); the
 * simulator's model of it prints exactly the declared shape, on healthy and broken servers alike; and every fact
 * a module reads (every {@link Field} constant its bytecode loads) belongs to a section it asks to be gathered.
 * A model and a script can therefore never disagree on a fact's name or type without this test failing.
 */
class FactContractTest {
    private static final Path SCRIPTS = Path.of("src/main/resources/org/wsusctl/scripts");
    private static final Map<String, FactType> CASTS = Map.of("string", FactType.STRING, "int64", FactType.INT,
            "bool", FactType.BOOL, "double", FactType.DOUBLE, "string[]", FactType.STRING_LIST,
            "object[]", FactType.OBJECT_LIST);
    private static final Map<String, FactType> NULLABLE = Map.of("String", FactType.STRING, "Int64", FactType.INT,
            "Bool", FactType.BOOL, "Double", FactType.DOUBLE);
    private static final Pattern ENTRY = Pattern.compile(
            "^\\s*([A-Za-z][A-Za-z0-9]*)\\s*=\\s*(?:\\[(string|int64|bool|double|string\\[\\]|object\\[\\])\\]"
                    + "|\\(Get-Nullable(String|Int64|Bool|Double)\\s)", Pattern.DOTALL);
    private static final Pattern LITERAL = Pattern.compile("(Write-Facts|New-FactItem) @\\{");

    /** A fact as a script or a declaration has it: its name, type and whether it may be null. */
    record Declared(String name, FactType type, boolean nullable) {
        @Override
        public String toString() {
            return name + ":" + type.powerShell() + (nullable ? "?" : "");
        }
    }

    static Set<Declared> declared(Section s) {
        Set<Declared> out = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        collect(s.shape(), out);
        return out;
    }

    private static void collect(Shape shape, Set<Declared> out) {
        for (Field<?> f : shape.fields()) {
            out.add(new Declared(f.name(), f.type(), f.nullable()));
            if (f.items() != null) {
                collect(f.items(), out);
            }
        }
    }

    /** The facts a script prints, from its Write-Facts and New-FactItem literals. */
    static Set<Declared> printed(String script) {
        Set<Declared> out = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        Matcher m = LITERAL.matcher(script);
        while (m.find()) {
            for (String entry : entries(script, m.end())) {
                Matcher e = ENTRY.matcher(entry);
                if (!e.find()) {
                    throw new AssertionError("a fact without a type marker (a cast or Get-Nullable*): '" + entry.strip() + "'");
                }
                out.add(e.group(2) != null ? new Declared(e.group(1), CASTS.get(e.group(2)), false)
                        : new Declared(e.group(1), NULLABLE.get(e.group(3)), true));
            }
        }
        return out;
    }

    /** The entries of a hashtable literal starting after its '@{': split on ';' and new lines at depth 0. */
    static List<String> entries(String text, int from) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == '}') {
                if (depth == 0) {
                    add(out, cur);
                    return out;
                }
                depth--;
            } else if (depth == 0 && (c == ';' || c == '\n')) {
                add(out, cur);
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        throw new AssertionError("unterminated hashtable literal");
    }

    private static void add(List<String> out, StringBuilder entry) {
        if (!entry.toString().isBlank()) {
            out.add(entry.toString());
        }
    }

    @Test
    void everySectionsScriptPrintsExactlyTheDeclaredFacts() throws IOException {
        for (Section s : Sections.ALL) {
            String script = Files.readString(SCRIPTS.resolve(s.scriptId() + ".ps1"));
            assertTrue(script.startsWith("# wsusctl-script: " + s.scriptId() + " read-only"), s.scriptId());
            assertEquals(declared(s).toString(), printed(script).toString(), s.scriptId() + " vs " + s.id());
        }
    }

    @Test
    void theScriptReaderWouldCatchADriftedNameTypeOrMarker() {
        String script = "Write-Facts @{\n  exists = [bool]$x\n  state = (Get-NullableString $s)\n"
                + "  items = [object[]]@($list | ForEach-Object { New-FactItem @{ name = [string]$_.Name; n = [int64]1 } })\n}";
        assertEquals("[exists:bool, items:object[], n:int64, name:string, state:string?]", printed(script).toString());
        AssertionError untyped = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> printed("Write-Facts @{ state = $s }"));
        assertTrue(untyped.getMessage().contains("without a type marker"), untyped.getMessage());
    }

    /** Servers in every state a section can report: healthy, things stopped, things missing, SQL and API down. */
    private static List<Map<String, Object>> servers() {
        return List.of(Map.of(),
                Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped", "private_memory_kb", 1843200))),
                Map.of("services", Map.of("WAS", "Stopped", "MSSQL$MICROSOFT##WID", "Stopped", "WsusService", "Disabled")),
                Map.of("sql", Map.of("flavour", "named", "sysadmins", List.of("LAB\\dba"), "members", Map.of())),
                Map.of("sync", Map.of("last_result", "NeverRun"), "clients", Map.of("total", 9, "stale", 4,
                        "never_reported", 1, "stale_dns_missing", 1, "stale_offline", 1)));
    }

    private static Map<String, Object> sampleArgs() {
        Map<String, Object> a = new HashMap<>();
        a.put("names", List.of("WAS", "W3SVC", "WsusService", "NoSuchService"));
        a.put("pool", "WsusPool");
        a.put("path", "/ClientWebService/client.asmx");
        a.put("url", "");
        a.put("login", "");
        a.put("days", 30);
        a.put("max_probe", 10);
        a.put("lines", 20);
        a.put("max_bytes", 8000);
        a.put("hours", 24);
        return a;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSimulatorsModelOfEverySectionPrintsExactlyTheDeclaredShape() throws SimScriptException {
        int checked = 0;
        for (Map<String, Object> simulate : servers()) {
            SimScriptHost host = new WsusModelFactory().create("wsus01.lab.example", simulate, null);
            for (Section s : Sections.ALL) {
                for (String pool : List.of("WsusPool", "NoSuchPool")) {
                    Map<String, Object> args = sampleArgs();
                    args.put("pool", pool);
                    Map<String, Object> out = host.runScript(s.scriptId(), false, args);
                    assertEquals(Wire.FACTS_SCHEMA, out.get(Envelope.SCHEMA), s.id());
                    List<String> problems = s.shape().problems((Map<String, Object>) out.get(Envelope.FACTS));
                    assertEquals(List.of(), problems, s.id() + " on " + simulate);
                    checked++;
                }
            }
        }
        assertEquals(servers().size() * Sections.ALL.size() * 2, checked);
    }

    /**
     * Every Field constant a module's bytecode loads (getstatic of a contract Field) is declared by a section the
     * module asks for: a module cannot read what is not gathered for it.
     */
    @Test
    void everyFactAModuleReadsBelongsToASectionItGathers() throws Exception {
        Map<String, Field<?>> byConstant = new LinkedHashMap<>();
        for (Class<?> c : List.of(HostFacts.class, ServiceFacts.class, IisPoolFacts.class, HttpFacts.class, SqlFacts.class,
                ApiFacts.class, SyncFacts.class, ClientFacts.class, EvidenceFacts.class)) {
            for (java.lang.reflect.Field f : c.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == Field.class) {
                    byConstant.put(c.getName().replace('.', '/') + "." + f.getName(), (Field<?>) f.get(null));
                }
            }
        }
        int reads = 0;
        for (WsusModule w : ModuleRegistry.builtIn().all()) {
            if (!(w instanceof CheckModule m)) {
                continue;
            }
            Set<Declared> gathered = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
            for (FactRequest r : m.facts(defaults(m))) {
                gathered.addAll(declared(r.section()));
            }
            for (String constant : fieldLoads(m.getClass(), byConstant.keySet())) {
                Field<?> f = byConstant.get(constant);
                assertTrue(gathered.contains(new Declared(f.name(), f.type(), f.nullable())),
                        m.name() + " reads " + constant + " (" + f + ") but gathers only " + gathered);
                reads++;
            }
        }
        assertTrue(reads > 40, "module reads found: " + reads);
    }

    private static ModuleArgs defaults(WsusModule m) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (ArgSpec a : m.args()) {
            v.put(a.name(), a.required() ? "WsusService" : a.defaultValue());
        }
        return new ModuleArgs(v);
    }

    /** The contract Field constants a class loads, from its disassembly (javap -c -p). */
    static List<String> fieldLoads(Class<?> c, Set<String> known) {
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        StringWriter out = new StringWriter();
        String path = c.getProtectionDomain().getCodeSource().getLocation().getPath()
                + c.getName().replace('.', '/') + ".class";
        int rc = javap.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-c", "-p", path);
        assertEquals(0, rc, "javap " + path);
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("getstatic\\s+#\\d+\\s+// Field (org/wsusctl/contract/[A-Za-z]+\\.[A-Z_]+):")
                .matcher(out.toString());
        while (m.find()) {
            if (known.contains(m.group(1))) {
                found.add(m.group(1));
            }
        }
        assertFalse(out.toString().isEmpty(), "no disassembly for " + c);
        return found;
    }
}
