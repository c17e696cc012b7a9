package org.wsusctl.sim.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.contract.Envelope;
import org.wsusctl.sim.SimChange;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;

/**
 * One simulated WSUS server as its WinRM shell sees it: runs the model of a shipped script by its header id.
 * A read-only script that would change the server is a bug in the model and fails loudly, so an audit can
 * never report changes it did not make.
 */
final class SimWsusHost implements SimScriptHost {
    private static final Logger LOG = LogManager.getLogger(SimWsusHost.class);

    private final WsusServer server;
    private final ScriptTable scripts;
    private final HostCosts costs;
    private long processes;
    private long apiLoads;
    private long sqlProbes;
    private long httpProbes;
    private long chargedMs;

    SimWsusHost(WsusServer server, ScriptTable scripts, HostCosts costs) {
        this.server = server;
        this.scripts = scripts;
        this.costs = costs;
    }

    @Override
    public synchronized Map<String, Object> runScript(String scriptId, boolean mutating, Map<String, Object> args)
            throws SimScriptException {
        ScriptTable.Entry e = scripts.find(scriptId).orElseThrow(() -> new SimScriptException("The term '" + scriptId
                + "' is not recognized as the name of a cmdlet, function, script file, or operable program."));
        if (e.mutating() != mutating) {
            throw new SimScriptException("script " + scriptId + " is " + (e.mutating() ? "mutating" : "read-only")
                    + " but its header said " + (mutating ? "mutating" : "read-only"));
        }
        server.tick();
        int changesBefore = server.changes.size();
        server.currentScript = scriptId;
        try {
            Map<String, Object> out = e.handler().run(server, new ScriptArgs(args));
            if (!mutating && server.changes.size() != changesBefore) {
                throw new IllegalStateException("read-only script model " + scriptId + " changed " + server.host);
            }
            LOG.debug("{} ran {}", server.host, scriptId);
            // A fact section prints its facts in the envelope Write-Facts builds, stamped with the host's clock.
            return e.section() != null ? Envelope.facts(server.now(), out) : out;
        } finally {
            server.currentScript = "";
        }
    }

    /** Charged per process, never per unit: a batch shares one API connection as the preamble's cache does. */
    @Override
    public synchronized long processRan(List<String> scriptIds) {
        HostCosts.Charge c = costs.charge(scriptIds);
        processes++;
        apiLoads += c.apiLoad() ? 1 : 0;
        sqlProbes += c.sqlProbes();
        httpProbes += c.httpProbes();
        chargedMs += c.ms();
        return c.ms();
    }

    @Override
    public synchronized org.wsusctl.sim.SimWork work() {
        return new org.wsusctl.sim.SimWork(processes, apiLoads, sqlProbes, httpProbes, chargedMs);
    }

    @Override
    public synchronized List<SimChange> changes() {
        return List.copyOf(server.changes);
    }

    /** {@code server}: the state in the simulate schema; {@code events}; {@code changes}: the change log. */
    @Override
    public synchronized Map<String, Object> saveState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", server.toMap());
        List<Map<String, Object>> events = new ArrayList<>();
        server.events.forEach(ev -> events.add(new LinkedHashMap<>(ev)));
        m.put("events", events);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (SimChange c : server.changes) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("at", c.at().toString());
            cm.put("script", c.scriptId());
            cm.put("what", c.what());
            cm.put("before", new LinkedHashMap<>(c.before()));
            cm.put("after", new LinkedHashMap<>(c.after()));
            changes.add(cm);
        }
        m.put("changes", changes);
        return m;
    }

    /** Restores events and the change log from {@link #saveState()} output. */
    @SuppressWarnings("unchecked")
    static void restoreLogs(WsusServer server, Map<String, Object> saved) {
        Object ev = saved.get("events");
        if (ev instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m) {
                    server.events.add(new LinkedHashMap<>((Map<String, Object>) m));
                }
            }
        }
        Object ch = saved.get("changes");
        if (ch instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                Map<String, Object> m = Simulate.map("saved.changes[" + i + "]", l.get(i));
                server.changes.add(new SimChange(Instant.parse(String.valueOf(m.get("at"))), String.valueOf(m.get("script")),
                        String.valueOf(m.get("what")), Simulate.map("saved.changes[" + i + "].before", m.get("before")),
                        Simulate.map("saved.changes[" + i + "].after", m.get("after"))));
            }
        }
    }
}
