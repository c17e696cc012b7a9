package org.wsusctl.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.wsusctl.contract.Envelope;
import org.wsusctl.contract.MalformedFactsException;
import org.wsusctl.contract.Wire;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.PsOutput;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.UnitResult;
import org.wsusctl.remote.UnitResults;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;

/**
 * Test stand-in for the simulator's shell: takes the batch text the runner would send, finds each unit's header
 * id and hex arguments the way the simulated host does (by what travels on the wire), runs the model and
 * parses the printed lines with the runner's own parser.
 */
final class SimWire {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNIT = Pattern.compile("Invoke-WsusctlUnit -Unit '([A-Za-z0-9_-]+)' -ArgsHex '([0-9a-f]*)'"
            + " -Body \\{\\r\\n# wsusctl-script: ([a-z0-9._-]+) (read-only|mutating)\\r\\n");

    private final SimScriptHost host;

    SimWire(SimScriptHost host) {
        this.host = host;
    }

    UnitResult run(ScriptCall<?> call) {
        String text = PsInvocation.scriptText(call);
        Matcher m = UNIT.matcher(text);
        StringBuilder stdout = new StringBuilder();
        int found = 0;
        while (m.find()) {
            found++;
            Map<String, Object> out;
            try {
                Map<String, Object> args = JSON.readValue(java.util.HexFormat.of().parseHex(m.group(2)),
                        new TypeReference<Map<String, Object>>() { });
                out = new LinkedHashMap<>(host.runScript(m.group(3), m.group(4).equals("mutating"), args));
            } catch (SimScriptException e) {
                out = new LinkedHashMap<>(Envelope.error(e.getMessage()));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            out.put(Envelope.UNIT, m.group(1));
            try {
                stdout.append(Wire.RESULT_PREFIX).append(JSON.writeValueAsString(out)).append("\r\n");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        if (found != 1) {
            throw new AssertionError("expected one unit in the batch text, found " + found);
        }
        return UnitResults.parseSingle(call, new PsOutput(0, stdout.toString(), ""));
    }

    /** Gathers the sections as the engine does: each on the wire, each checked against its declared shape. */
    FactSet gather(List<FactRequest> requests) {
        Map<FactRequest, SectionResult> out = new LinkedHashMap<>();
        for (FactRequest r : requests) {
            UnitResult u = run(r.call());
            if (u instanceof UnitResult.Facts f) {
                try {
                    out.put(r, new SectionResult.Gathered(org.wsusctl.contract.Facts.of(r.section().shape(), f.facts()),
                            f.collectedUtc()));
                } catch (MalformedFactsException e) {
                    throw new AssertionError(r + ": " + e.getMessage());
                }
            } else if (u instanceof UnitResult.Error e) {
                out.put(r, new SectionResult.Unavailable(e.message()));
            } else {
                throw new AssertionError(r + " printed " + u);
            }
        }
        return new FactSet(out);
    }

    /** Every script id in a text: used to prove the wire format carries the header. */
    static List<String> ids(String text) {
        List<String> ids = new ArrayList<>();
        Matcher m = UNIT.matcher(text);
        while (m.find()) {
            ids.add(m.group(3));
        }
        return ids;
    }
}
