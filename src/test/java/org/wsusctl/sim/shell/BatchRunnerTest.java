package org.wsusctl.sim.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsusctl.sim.SimChange;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;

/** Finding a batch's units (line by line, once per distinct text) and running them against each host's model. */
class BatchRunnerTest {
    private static String hex(String json) {
        return HexFormat.of().formatHex(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String unit(String id, String json) {
        return "Invoke-WsusctlUnit -Unit '" + id + "' -ArgsHex '" + hex(json) + "' -Body {";
    }

    @Test
    void unitsAndTheirHeadersLineByLine() {
        String text = String.join("\n",
                "# wsusctl-batch/1",
                "  " + unit("indented", "{}"), // not at the start of a line: not a unit
                unit("lf", "{}"),
                "# wsusctl-script: a.check read-only",
                "}",
                unit("crlf", "{}") + "   \r",
                "# wsusctl-script: b.fix mutating\r\r", // the CR before LF goes, the other is a blank the header allows
                "}\r",
                unit("blank-next", "{}"),
                "",
                "# wsusctl-script: c.check read-only",
                unit("lone-cr", "{}") + "\r# wsusctl-script: d.check read-only", // a lone CR ends no line
                unit("bad id!", "{}"),
                unit("last", "{}"));
        BatchRunner.Batch b = BatchRunner.parse(text);
        assertEquals(List.of("lf", "crlf", "blank-next", "last"), b.units().stream().map(BatchRunner.Unit::unitId).toList());
        assertEquals(new ScriptRef("a.check", false), b.units().get(0).script());
        assertEquals(new ScriptRef("b.fix", true), b.units().get(1).script());
        assertNull(b.units().get(2).script(), "the header must be on the very next line");
        assertNull(b.units().get(3).script(), "the last line has no next line");
        assertEquals(List.of(new ScriptRef("a.check", false), new ScriptRef("b.fix", true)), b.scripts());
        // a text ending in a line break: the unit's next line is the empty last one
        BatchRunner.Batch trailing = BatchRunner.parse(unit("t", "{}") + "\r\n");
        assertEquals(1, trailing.units().size());
        assertNull(trailing.units().get(0).script());
    }

    @Test
    void argumentsAreDecodedOnceReadOnlyAllTheWayDown() {
        BatchRunner.Batch b = BatchRunner.parse(String.join("\r\n",
                unit("a", "{\"names\":[\"x\",{\"k\":1}],\"n\":null}"), "# wsusctl-script: a.check read-only", "}",
                unit("b", "null"), "# wsusctl-script: a.check read-only", "}",
                unit("c", "[1]"), "# wsusctl-script: a.check read-only", "}",
                "Invoke-WsusctlUnit -Unit 'd' -ArgsHex '7b7' -Body {", "# wsusctl-script: a.check read-only", "}"));
        Map<String, Object> a = assertInstanceOf(BatchRunner.UnitArgs.Decoded.class, b.units().get(0).args()).values();
        assertEquals(List.of("x", Map.of("k", 1)), a.get("names"));
        assertTrue(a.containsKey("n"));
        assertThrows(UnsupportedOperationException.class, () -> a.put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) a.get("names")).add("y"));
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) ((List<?>) a.get("names")).get(1);
        assertThrows(UnsupportedOperationException.class, () -> inner.put("k", 2));
        assertEquals(Map.of(), assertInstanceOf(BatchRunner.UnitArgs.Decoded.class, b.units().get(1).args()).values());
        assertTrue(assertInstanceOf(BatchRunner.UnitArgs.Refused.class, b.units().get(2).args()).message()
                .contains("arguments of unit c are not a JSON object"));
        assertEquals("arguments: odd number of hex digits",
                assertInstanceOf(BatchRunner.UnitArgs.Refused.class, b.units().get(3).args()).message());
    }

    @Test
    void aTextIsParsedOncePerDistinctTextAndEachHostRunsItOnItsOwnModel() {
        String text = "# wsusctl-batch/1\r\n" + unit("u1", "{\"pool\":\"WsusPool\"}") + "\r\n"
                + "# wsusctl-script: a.check read-only\r\n}";
        BatchRunner.Batch first = BatchRunner.batch(text);
        assertSame(first, BatchRunner.batch(new String(text.toCharArray())), "an equal text from another host");
        BatchRunner.Batch other = BatchRunner.batch(text.replace(hex("{\"pool\":\"WsusPool\"}"), hex("{\"pool\":\"OtherPool\"}")));
        assertEquals(Map.of("pool", "OtherPool"), ((BatchRunner.UnitArgs.Decoded) other.units().get(0).args()).values());

        Model one = new Model("one");
        Model two = new Model("two");
        assertEquals("##WSUSCTL## {\"host\":\"one\",\"pool\":\"WsusPool\",\"unit\":\"u1\"}\r\n",
                BatchRunner.run(first.units(), one).stdout());
        assertEquals("##WSUSCTL## {\"host\":\"two\",\"pool\":\"WsusPool\",\"unit\":\"u1\"}\r\n",
                BatchRunner.run(first.units(), two).stdout());
        assertEquals(List.of("a.check"), one.ran);
        assertEquals(List.of(List.of("a.check")), one.processes);
    }

    /** Answers with its name and the pool argument; records what ran. */
    private static final class Model implements SimScriptHost {
        final String name;
        final List<String> ran = new ArrayList<>();
        final List<List<String>> processes = new ArrayList<>();

        Model(String name) {
            this.name = name;
        }

        @Override
        public Map<String, Object> runScript(String scriptId, boolean mutating, Map<String, Object> args)
                throws SimScriptException {
            ran.add(scriptId);
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("host", name);
            out.put("pool", args.get("pool"));
            return out;
        }

        @Override
        public long processRan(List<String> scriptIds) {
            processes.add(scriptIds);
            return 0;
        }

        @Override
        public List<SimChange> changes() {
            return List.of();
        }

        @Override
        public Map<String, Object> saveState() {
            return Map.of();
        }
    }
}
