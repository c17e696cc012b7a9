package org.wsusctl.sim.model;

import java.time.Clock;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.wsusctl.sim.SimModelFactory;
import org.wsusctl.sim.SimScriptHost;

/**
 * Builds the causal WSUS model of a simulated host from its {@code simulate:} keys ({@code apppool},
 * {@code services}, {@code sql}, {@code clients}, {@code sync}) and what its work costs ({@code costs},
 * {@link HostCosts}); anything unset is a healthy, tuned server. With a
 * saved state (from {@link SimScriptHost#saveState()}), the saved server replaces the mapping, so a fix made in
 * one run is what the next run sees.
 */
public final class WsusModelFactory implements SimModelFactory {
    private final Clock clock;
    /** Every host built, for {@link #work()}. */
    private final java.util.List<SimScriptHost> built = new java.util.concurrent.CopyOnWriteArrayList<>();

    public WsusModelFactory() {
        this(Clock.systemUTC());
    }

    /** @param clock what "now" is for sync ages, client report times, events and change records */
    public WsusModelFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public SimScriptHost create(String hostName, Map<String, Object> simulate, Map<String, Object> savedState) {
        Map<String, Object> keys = simulate == null ? Map.of() : simulate;
        // costs come from the mapping even with a saved state: they are the lab's settings, not the server's state
        HostCosts costs = HostCosts.parse(keys.get(HostCosts.KEY));
        WsusServer server;
        if (savedState != null && savedState.get("server") != null) {
            try {
                server = WsusServer.parse(hostName, Simulate.map("saved.server", savedState.get("server")), clock);
                SimWsusHost.restoreLogs(server, savedState);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("saved state of " + hostName + ": " + e.getMessage(), e);
            }
        } else {
            server = WsusServer.parse(hostName, HostCosts.withoutCosts(keys), clock);
            server.seedEvidence();
        }
        SimWsusHost host = new SimWsusHost(server, ScriptTable.shipped(), costs);
        built.add(host);
        return host;
    }

    /** The costly work of every host this factory built, summed ({@code simulate} prints it when it stops). */
    public org.wsusctl.sim.SimWork work() {
        long processes = 0, api = 0, sql = 0, http = 0, ms = 0;
        for (SimScriptHost h : built) {
            org.wsusctl.sim.SimWork w = h.work();
            processes += w.processes();
            api += w.apiLoads();
            sql += w.sqlProbes();
            http += w.httpProbes();
            ms += w.chargedMs();
        }
        return new org.wsusctl.sim.SimWork(processes, api, sql, http, ms);
    }
}
