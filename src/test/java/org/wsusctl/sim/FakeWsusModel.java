package org.wsusctl.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.contract.Envelope;
import org.wsusctl.contract.FixOutcome;

/**
 * A tiny stand-in for the real WSUS model (written elsewhere): one app pool whose state a fix changes, plus
 * switches that make a check answer big, non-ASCII or failing, so the WinRM layer can be tested on its own.
 */
final class FakeWsusModel implements SimScriptHost {
    /** What the fleet gave each model: the simulate keys it saw and the saved state. */
    static final Map<String, Map<String, Object>> SEEN_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private String state;
    private final List<SimChange> changes = new ArrayList<>();

    @SuppressWarnings("unchecked")
    FakeWsusModel(Map<String, Object> simulate, Map<String, Object> saved) {
        state = String.valueOf(simulate.getOrDefault("pool_state", "Started"));
        if (saved != null) {
            state = String.valueOf(saved.get("state"));
            for (Map<String, Object> c : (List<Map<String, Object>>) saved.getOrDefault("changes", List.of())) {
                changes.add(new SimChange(Instant.parse((String) c.get("at")), (String) c.get("script"), (String) c.get("what"),
                        Map.of(), Map.of()));
            }
        }
    }

    static SimModelFactory factory() {
        return (name, simulate, saved) -> {
            SEEN_KEYS.put(name, simulate);
            return new FakeWsusModel(simulate, saved);
        };
    }

    @Override
    public Map<String, Object> runScript(String scriptId, boolean mutating, Map<String, Object> args)
            throws SimScriptException {
        if (args.containsKey("fail")) {
            throw new SimScriptException(String.valueOf(args.get("fail")));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        switch (scriptId) {
            case "facts.iis.pool": {
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("pool", args.containsKey("unicode") ? "Pool \u00e9t\u00e9 \u20ac \u4e2d" : args.get("pool"));
                facts.put("state", state);
                if (args.containsKey("blob")) {
                    facts.put("blob", "0123456789".repeat(((Number) args.get("blob")).intValue() / 10));
                }
                return Envelope.facts(Instant.now(), facts);
            }
            case "iis.apppool.state.fix": {
                if (!mutating) {
                    throw new SimScriptException("fix arrived as read-only");
                }
                String before = state;
                state = "Started";
                r = Envelope.fix(before.equals("Started") ? FixOutcome.UNCHANGED : FixOutcome.CHANGED,
                        Map.of("state", before), Map.of("state", state), "", "");
                if (!before.equals(state)) {
                    changes.add(new SimChange(Instant.now(), scriptId, "start pool", Map.of("state", before), Map.of("state", state)));
                }
                return r;
            }
            default:
                throw new SimScriptException("script " + scriptId + " is not known to the fake model");
        }
    }

    @Override
    public List<SimChange> changes() {
        return List.copyOf(changes);
    }

    @Override
    public Map<String, Object> saveState() {
        List<Map<String, Object>> cs = new ArrayList<>();
        for (SimChange c : changes) {
            cs.add(Map.of("at", c.at().toString(), "script", c.scriptId(), "what", c.what()));
        }
        return Map.of("state", state, "changes", cs);
    }
}
