package org.wsusctl.sim.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private static final Pattern HEADER = Wire.SCRIPT_HEADER;
    /** Non-ASCII escaped as backslash-u, like the preamble's ConvertTo-WsusctlJson, so any client code page reads it. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final Logger LOG = LogManager.getLogger(BatchRunner.class);

    /** One unit of the batch; {@code script} is null when the body lacks a wsusctl header. */
    record Unit(String unitId, String argsHex, ScriptRef script) { }

    private BatchRunner() { }

    static boolean isBatch(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return t.stripLeading().startsWith(MAGIC);
    }

    static List<Unit> units(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("Invoke-WsusctlUnit ")) {
                continue; // most lines are script bodies: skip the regex (make bench: a sim CPU hot spot)
            }
            Matcher m = UNIT.matcher(lines[i]);
            if (!m.matches()) {
                continue;
            }
            ScriptRef script = null;
            if (i + 1 < lines.length) {
                Matcher h = HEADER.matcher(lines[i + 1]);
                if (h.matches()) {
                    script = new ScriptRef(h.group(1), h.group(2).equals("mutating"));
                }
            }
            units.add(new Unit(m.group(1), m.group(2), script));
        }
        return units;
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
        Map<String, Object> args;
        String hexError = hexError(u.argsHex());
        if (hexError != null) {
            return error(u, hexError);
        }
        try {
            args = JSON.readValue(new String(HexFormat.of().parseHex(u.argsHex()), StandardCharsets.UTF_8), MAP);
        } catch (JsonProcessingException e) {
            return error(u, "Invalid JSON primitive: arguments of unit " + u.unitId() + " are not a JSON object");
        }
        if (args == null) {
            args = Map.of();
        }
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
