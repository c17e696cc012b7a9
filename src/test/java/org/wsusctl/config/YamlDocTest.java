package org.wsusctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.nodes.MappingNode;

class YamlDocTest {
    @TempDir
    Path dir;

    private YamlDoc parse(String text) throws ConfigException {
        return YamlDoc.parse(dir.resolve("t.yml"), text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void positionsAreOneBased() throws Exception {
        YamlDoc doc = parse("a:\n  b: 1\n");
        Diagnostics d = new Diagnostics();
        MappingNode root = doc.rootMapping("x", d).orElseThrow();
        YamlDoc.Entry a = doc.entries(root, d).get(0);
        assertEquals(1, doc.pos(a.keyNode()).line());
        assertEquals(1, doc.pos(a.keyNode()).column());
        MappingNode inner = (MappingNode) a.value();
        assertEquals(2, doc.pos(inner).line());
        assertEquals(3, doc.pos(inner).column());
    }

    @Test
    void duplicateKeysAreReportedAtTheSecond() throws Exception {
        YamlDoc doc = parse("a: 1\nb: 2\na: 3\n");
        Diagnostics d = new Diagnostics();
        doc.entries(doc.rootMapping("x", d).orElseThrow(), d);
        assertEquals(1, d.all().size());
        assertEquals(3, d.all().get(0).pos().line());
        assertTrue(d.all().get(0).message().contains("first at line 1"));
    }

    @Test
    void yaml12ScalarsKeepNorwayAndOffAsStrings() throws Exception {
        YamlDoc doc = parse("a: no\nb: Off\nc: true\nd: 4000000\ne: '12'\nf: 1.5\ng: ~\n");
        Object plain = doc.plain(doc.root(), new Diagnostics());
        assertEquals(Map.of("a", "no", "b", "Off", "c", true, "d", 4000000L, "e", "12", "f", 1.5),
                withoutNulls(plain));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Object o) {
        Map<String, Object> m = new java.util.LinkedHashMap<>((Map<String, Object>) o);
        assertTrue(m.containsKey("g") && m.get("g") == null);
        m.remove("g");
        return m;
    }

    @Test
    void powershellJsonParsesAsYaml() throws Exception {
        YamlDoc doc = parse("{\"a\":1,\"b\":\"x\\u0027y\",\"c\":[true,null]}");
        Object plain = doc.plain(doc.root(), new Diagnostics());
        assertEquals(Map.of("a", 1L, "b", "x'y", "c", java.util.Arrays.asList(true, null)), plain);
    }

    @Test
    void oversizedFileIsRefusedBeforeParsing() throws Exception {
        Path big = dir.resolve("big.yml");
        StringBuilder b = new StringBuilder("all:\n  hosts:\n");
        while (b.length() <= YamlDoc.MAX_BYTES) {
            b.append("    host").append(b.length()).append(":\n");
        }
        Files.writeString(big, b);
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDoc.parse(big));
        assertEquals(1, e.diagnostics().get(0).pos().line());
        assertTrue(e.getMessage().contains("expected a file of at most 2 MB"), e.getMessage());
    }

    @Test
    void missingFileNamesTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlDoc.parse(dir.resolve("nope.yml")));
        assertTrue(e.getMessage().contains("nope.yml: error: file not found"), e.getMessage());
    }

    @Test
    void deepFlowNestingIsRefusedWithoutStackOverflow() {
        String deep = "a: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> parse(deep));
        assertTrue(e.getMessage().contains("levels of nesting"), e.getMessage());
    }

    @Test
    void stringOrListAcceptsBoth() throws Exception {
        YamlDoc doc = parse("a: x\nb: [y, z]\n");
        Diagnostics d = new Diagnostics();
        List<YamlDoc.Entry> es = doc.entries(doc.rootMapping("x", d).orElseThrow(), d);
        assertEquals(List.of("x"), doc.stringOrList(es.get(0).value(), "a", d));
        assertEquals(List.of("y", "z"), doc.stringOrList(es.get(1).value(), "b", d));
    }

    @Test
    void didYouMeanFindsCloseWordsOnly() {
        assertEquals("children", DidYouMean.suggest("chilren", List.of("hosts", "vars", "children")).orElseThrow());
        assertEquals("hosts", DidYouMean.suggest("host", List.of("hosts", "vars", "children")).orElseThrow());
        assertTrue(DidYouMean.suggest("zebra", List.of("hosts", "vars", "children")).isEmpty());
        assertEquals(3, DidYouMean.distance("kitten", "sitting"));
    }
}
