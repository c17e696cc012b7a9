package org.wsusctl.sim.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.contract.Envelope;
import org.wsusctl.contract.Wire;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;

/**
 * Runs a wsusctl batch ({@code # wsusctl-batch/1}, built by {@code PsInvocation.batchText}) the way the
 * preamble does on Windows: each {@code Invoke-WsusctlUnit} in order, each printing exactly one
 * {@code ##WSUSCTL## } line of ASCII-only JSON, a failing unit printing a {@code wsusctl.error/1} line.
 * The script body itself is not interpreted: the model answers for the script named in its header line.
 */
final class BatchRunner {
    static final String MAGIC = Wire.BATCH_MAGIC;
    private static final String PREFIX = Wire.RESULT_PREFIX;
    private static final Pattern UNIT = Pattern.compile(
            "^Invoke-WsusctlUnit -Unit '([A-Za-z0-9_-]{1,32})' -ArgsHex '([^']*)' -Body \\{\\s*$");
    private static final String UNIT_START = "Invoke-WsusctlUnit ";
    private static final Pattern HEADER = Wire.SCRIPT_HEADER;
    /** Non-ASCII escaped as backslash-u, like the preamble's ConvertTo-WsusctlJson, so any client code page reads it. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final Logger LOG = LogManager.getLogger(BatchRunner.class);

    /**
     * One unit of the batch.
     *
     * @param script null when the body lacks a wsusctl header
     * @param args its arguments as the preamble decodes them, decoded once with the batch
     */
    record Unit(String unitId, String argsHex, ScriptRef script, UnitArgs args) { }

    /** A unit's {@code -ArgsHex}, decoded: the JSON object (immutable, shared by every host) or why it is not one. */
    sealed interface UnitArgs {
        record Decoded(Map<String, Object> values) implements UnitArgs { }

        /** What the preamble throws for these arguments. */
        record Refused(String message) implements UnitArgs { }
    }

    /**
     * A batch's units in order, and the scripts they run.
     *
     * @param scripts the headers of the units that have one, in order
     */
    record Batch(List<Unit> units, List<ScriptRef> scripts) {
        Batch {
            units = List.copyOf(units);
            scripts = List.copyOf(scripts);
        }
    }

    /**
     * Parsed batches by their text: a fleet is sent one text. 64 texts, 16 M characters at most (a batch is
     * tens of KB; a request at most {@code SimServer.MAX_REQUEST_BYTES}).
     */
    private static final TextCache<Batch> BATCHES = new TextCache<>(64, 16L << 20, BatchRunner::parse);

    private BatchRunner() { }

    static boolean isBatch(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.stripLeading().startsWith(MAGIC);
    }

    /** The batch in {@code text}, parsed once per distinct text ({@link TextCache}). */
    static Batch batch(String text) {
        return BATCHES.get(text);
    }

    static List<Unit> units(String text) {
        return batch(text).units();
    }

    /**
     * Finds the units: a line {@code Invoke-WsusctlUnit -Unit '<id>' -ArgsHex '<hex>' -Body {}, and the script
     * header on the line after it. Lines end at LF, a CR before it dropped; only lines that start like a unit are
     * looked at closely (most lines are script bodies).
     */
    static Batch parse(String text) {
        List<Unit> units = new ArrayList<>();
        List<ScriptRef> scripts = new ArrayList<>();
        int at = 0;
        while (at >= 0) {
            int next = nextLine(text, at);
            if (text.startsWith(UNIT_START, at)) {
                Matcher m = UNIT.matcher(line(text, at, next));
                if (m.matches()) {
                    ScriptRef script = null;
                    if (next >= 0) {
                        Matcher h = HEADER.matcher(line(text, next, nextLine(text, next)));
                        if (h.matches()) {
                            script = new ScriptRef(h.group(1), h.group(2).equals("mutating"));
                            scripts.add(script);
                        }
                    }
                    units.add(new Unit(m.group(1), m.group(2), script, decode(m.group(1), m.group(2))));
                }
            }
            at = next;
        }
        return new Batch(units, scripts);
    }

    /** Where the line after the one starting at {@code at} starts, or -1 for the last line. */
    private static int nextLine(String text, int at) {
        int lf = text.indexOf('\n', at);
        return lf < 0 ? -1 : lf + 1;
    }

    /** The line from {@code at} to the next one, without its LF or the CR before that. */
    private static String line(String text, int at, int next) {
        int end = next < 0 ? text.length() : next - 1;
        if (next >= 0 && end > at && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(at, end);
    }

    /** One PowerShell process running the batch: its units in order, then the host-side time their work took. */
    static ShellOutput run(List<Unit> units, SimScriptHost host) {
        StringBuilder out = new StringBuilder();
        List<String> ran = new ArrayList<>();
        for (Unit u : units) {
            out.append(PREFIX).append(json(result(u, host))).append("\r\n");
            if (u.script() != null) {
                ran.add(u.script().id());
            }
        }
        return new ShellOutput(out.toString(), "", 0, host.processRan(ran));
    }

    private static Map<String, Object> result(Unit u, SimScriptHost host) {
        if (u.script() == null) {
            return error(u, "unit body does not start with a '# wsusctl-script:' header; the simulator runs only shipped scripts");
        }
        if (u.args() instanceof UnitArgs.Refused r) {
            return error(u, r.message());
        }
        Map<String, Object> args = ((UnitArgs.Decoded) u.args()).values();
        try {
            Map<String, Object> r = new LinkedHashMap<>(host.runScript(u.script().id(), u.script().mutating(), args));
            r.put(Envelope.UNIT, u.unitId());
            return r;
        } catch (SimScriptException e) {
            return error(u, e.getMessage());
        } catch (RuntimeException e) {
            // a bug in the model must not take the other units down, exactly as one failing script would not on Windows
            LOG.error("simulated script {} failed inside the model", u.script().id(), e);
            return error(u, "simulator model failed in " + u.script().id() + ": " + e);
        }
    }

    /** The arguments as the preamble decodes them: hex digits to UTF-8 to a JSON object ({@code null}: none). */
    private static UnitArgs decode(String unitId, String argsHex) {
        String hexError = hexError(argsHex);
        if (hexError != null) {
            return new UnitArgs.Refused(hexError);
        }
        Map<String, Object> args;
        try {
            args = JSON.readValue(new String(HexFormat.of().parseHex(argsHex), StandardCharsets.UTF_8), MAP);
        } catch (JsonProcessingException e) {
            return new UnitArgs.Refused("Invalid JSON primitive: arguments of unit " + unitId + " are not a JSON object");
        }
        return new UnitArgs.Decoded(args == null ? Map.of() : frozen(args));
    }

    /** A read-only view all the way down: one decoded value serves every host, so no model may change it. */
    @SuppressWarnings("unchecked")
    private static <T> T frozen(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, frozen(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(frozen(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }

    /**
     * What the preamble's {@code ConvertFrom-WsusctlHex} throws for these digits ({@code [Convert]::ToByte(s, 16)}
     * refuses a non-hex pair), or null when they decode.
     */
    private static String hexError(String hex) {
        if ((hex.length() & 1) != 0) {
            return "arguments: odd number of hex digits";
        }
        for (int i = 0; i < hex.length(); i++) {
            if ("0123456789abcdefABCDEF".indexOf(hex.charAt(i)) < 0) {
                return "Exception calling \"ToByte\" with \"2\" argument(s): \"Could not find any recognizable digits.\"";
            }
        }
        return null;
    }

    private static Map<String, Object> error(Unit u, String message) {
        Map<String, Object> r = new LinkedHashMap<>(Envelope.error(message));
        r.put(Envelope.UNIT, u.unitId());
        return r;
    }

    private static String json(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            return "{\"schema\":\"" + Wire.ERROR_SCHEMA + "\",\"message\":\"result is not JSON-serialisable\",\"unit\":\""
                    + m.get(Envelope.UNIT) + "\"}";
        }
    }
}
