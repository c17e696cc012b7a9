package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsusctl.config.SourcePos;

/**
 * The small languages inside inventories, each against what Ansible 2.14 makes of the same text (the
 * expected values were printed by ansible-inventory and Ansible's templar): Jinja's subset, Python
 * literals of INI values, and shell-like splitting of INI host lines.
 */
class TemplateAndLiteralTest {

    private static Jinja.Result render(String text, Map<String, Object> vars, Map<String, String> env)
            throws Jinja.TemplateError {
        MergedVars mv = new MergedVars();
        Map<String, Var> layer = new LinkedHashMap<>();
        vars.forEach((k, v) -> layer.put(k, Var.plain(v, new SourcePos(Path.of("inv.yml"), 1, 1))));
        mv.apply(layer, false);
        HostScope scope = new HostScope(mv, Map.of("inventory_hostname", "wsus01.corp.example"), env, Vault.NONE);
        return scope.render(text, Var.plain(text, new SourcePos(Path.of("inv.yml"), 9, 5)));
    }

    private static Object value(String text, Map<String, Object> vars) throws Jinja.TemplateError {
        return render(text, vars, Map.of()).value();
    }

    @Test
    void namesNestedReferencesAndText() throws Exception {
        Map<String, Object> vars = new HashMap<>();
        vars.put("domain", "CORP");
        vars.put("svc", "svc-{{ role }}");
        vars.put("role", "wsus");
        assertEquals("CORP\\svc-wsus", value("{{ domain }}\\{{ svc }}", vars));
        assertEquals("wsus01.corp.example.local", value("{{ inventory_hostname }}.local", vars));
    }

    @Test
    void singleValuesKeepTheirTypeAndTextBecomesBooleansListsAsInAnsible() throws Exception {
        assertEquals(5986L, value("{{ p }}", Map.of("p", 5986L)));
        assertEquals("5986", value("{{ p }}", Map.of("p", "5986")));
        assertEquals(Boolean.TRUE, value("{{ 'True' }}", Map.of()));
        assertEquals(List.of(1L, 2L), value("[{{ a }}, 2]", Map.of("a", 1L)));
        assertEquals("", value("{{ n }}", new HashMap<>(Map.of("x", 1L)) {{ put("n", null); }}));
    }

    @Test
    void defaultAndEnvLookup() throws Exception {
        assertEquals("ntlm", value("{{ t | default('ntlm') }}", Map.of()));
        assertEquals("x", value("{{ e | d('x', true) }}", Map.of("e", "")));
        assertEquals("", value("{{ e | default('x') }}", Map.of("e", "")));
        assertEquals("s3", render("{{ lookup('env', 'PW') }}", Map.of(), Map.of("PW", "s3")).value());
        assertEquals("", render("{{ lookup('env', 'NOPE') }}", Map.of(), Map.of()).value());
        assertEquals("corp", render("{{ lookup('ansible.builtin.env', 'NOPE', default='corp') }}", Map.of(), Map.of())
                .value());
        assertTrue(render("{{ lookup('env', 'PW') }}", Map.of(), Map.of("PW", "s3")).allSecret(),
                "a value from the environment is not text written in the inventory");
        assertFalse(render("x{{ lookup('env', 'PW') }}", Map.of(), Map.of("PW", "s3")).allSecret());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "{{ x | upper }};the filter \"upper\" is not supported",
            "{{ x.y }};attributes, subscripts and calls are not supported",
            "{{ x['y'] }};attributes, subscripts and calls are not supported",
            "{{ lookup('file', 'pw') }};lookup('file', ...) is not supported",
            "{{ q('env', 'A') }};is not supported in inventory values",
            "{% if a %}x{% endif %};blocks are not supported",
            "{{ nosuch }};\"nosuch\" is undefined",
            "{{ a + 1 }};unsupported template syntax",
            "{{ a ;expected \"}}\" to close"})
    void everythingElseIsRefusedWithAPosition(String text, String fragment) {
        Jinja.TemplateError e = assertThrows(Jinja.TemplateError.class, () -> value(text, Map.of("a", 1L, "x", "v")));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e instanceof HostScope.Positioned p && p.pos.line() == 9, "positioned at the value");
    }

    @Test
    void loopsAreRefused() {
        Jinja.TemplateError e = assertThrows(Jinja.TemplateError.class,
                () -> value("{{ a }}", Map.of("a", "{{ b }}", "b", "{{ a }}")));
        assertTrue(e.getMessage().contains("recursive loop"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "5986|5986|Long", "0x1F|31|Long", "1_000|1000|Long", "1.5|1.5|Double", "1e3|1000.0|Double",
            "True|true|Boolean", "None|null|null", "'a b'|a b|String", "\"x\\ty\"|x\ty|String",
            "yes|yes|String", "0755|0755|String", "10.0.0.5|10.0.0.5|String", "-5|-5|Long",
            "[1, 'a']|[1, a]|ArrayList", "{'k': 1}|{k=1}|LinkedHashMap", "{k:1}|{k:1}|String",
            "hello # not a comment|hello # not a comment|String", "5 # comment|5|Long", "'a' 'b'|ab|String"})
    void pythonLiteralsOfIniValues(String text, String shown, String type) {
        Object v = PyLiteral.parse(text);
        assertEquals(type, v == null ? "null" : v.getClass().getSimpleName());
        assertEquals(shown, String.valueOf(v));
    }

    @Test
    void iniHostLinesSplitLikePythonShlex() throws Exception {
        assertEquals(List.of("h", "u=CORP\\svc", "n=two words"),
                words("h u=\"CORP\\\\svc\" n='two words'  # comment"));
        assertEquals(List.of("h", "u=CORPsvc"), words("h u=CORP\\svc"));
        assertEquals(List.of("h", "x=abc"), words("h x=abc#def"));
        assertEquals(List.of("h", "e="), words("h e=''"));
        assertThrows(PyShlex.SplitError.class, () -> PyShlex.split("h u=\"open"));
    }

    private static List<String> words(String line) throws PyShlex.SplitError {
        return PyShlex.split(line).stream().map(PyShlex.Word::text).toList();
    }
}
