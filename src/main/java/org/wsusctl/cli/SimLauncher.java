package org.wsusctl.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimOptions;
import org.wsusctl.sim.SimTransport;
import org.wsusctl.sim.SimulatedFleet;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * Serves an inventory's simulated hosts in-process and points their connections at the listeners. The
 * only runner code that knows the simulator exists.
 */
final class SimLauncher {
    private SimLauncher() { }

    /** A running fleet and the hosts rewritten to reach it. */
    record Launched(SimulatedFleet fleet, List<Host> hosts, WsusModelFactory models) implements AutoCloseable {
        Launched(SimulatedFleet fleet, List<Host> hosts) {
            this(fleet, hosts, new WsusModelFactory());
        }

        @Override
        public void close() {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    /**
     * @param passwords the resolved password per simulated host name (the simulator accepts exactly these)
     */
    static Launched start(List<Host> hosts, Map<String, String> passwords, Optional<Path> stateFile)
            throws ConfigException, IOException, UsageException {
        List<Host> simulated = hosts.stream().filter(Host::isSimulated).toList();
        if (simulated.isEmpty()) {
            return new Launched(null, hosts);
        }
        List<SimHostSpec> specs = new ArrayList<>();
        for (Host h : simulated) {
            specs.add(new SimHostSpec(h.name(), h.simulate().orElseThrow(), h.connection().user(),
                    Optional.ofNullable(passwords.get(h.name())), h.connection().scheme() == Scheme.HTTPS,
                    transport(h.connection().auth())));
        }
        SimulatedFleet fleet;
        WsusModelFactory models = new WsusModelFactory();
        try {
            fleet = SimulatedFleet.start(specs, new SimOptions(stateFile, Optional.empty(), Optional.empty()), models);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(blame(simulated, e.getMessage()));
        } catch (org.wsusctl.sim.SimStateFile.Invalid e) {
            // A state file that is empty, truncated or not one: an invalid input file (exit 4), where it broke.
            Path f = stateFile.orElseThrow();
            String msg = e.getMessage().startsWith(f.toString()) ? e.getMessage().substring(f.toString().length())
                    .replaceFirst("^(:\\d+:\\d+)?: ", "") : e.getMessage();
            throw new ConfigException(e.line() > 0 ? new org.wsusctl.config.SourcePos(f, e.line(), e.column())
                    : org.wsusctl.config.SourcePos.fileOnly(f), "--sim-state: " + msg);
        } catch (org.wsusctl.sim.SimStateFile.Locked e) {
            throw new UsageException("--sim-state " + e.getMessage());
        }
        List<Host> rewritten = new ArrayList<>();
        Map<String, java.net.URI> endpoints = fleet.endpoints(); // once: a copy per host was quadratic (10,000 hosts: minutes)
        for (Host h : hosts) {
            if (!h.isSimulated()) {
                rewritten.add(h);
                continue;
            }
            java.net.URI uri = endpoints.get(h.name());
            boolean https = uri.getScheme().equals("https");
            var c = h.connection().toSimulated(uri.getPort(), https);
            if (https && fleet.certificatePem().isPresent()) {
                c = c.withCaFile(fleet.certificatePem());
            }
            rewritten.add(h.withConnection(c));
        }
        return new Launched(fleet, rewritten, models);
    }

    /** What the simulated host accepts: the scheme the inventory has wsusctl use ({@code winrm_transport}). */
    static SimTransport transport(AuthScheme auth) {
        switch (auth) {
            case BASIC:
                return SimTransport.BASIC;
            case KERBEROS:
                return SimTransport.KERBEROS;
            default:
                return SimTransport.NTLM;
        }
    }

    /** The simulator names the host in its message; point at that host's line in the inventory. */
    private static List<Diagnostic> blame(List<Host> hosts, String message) {
        for (Host h : hosts) {
            if (message != null && message.contains(h.name())) {
                return List.of(new Diagnostic(h.declaredAt(), message));
            }
        }
        return List.of(new Diagnostic(hosts.get(0).declaredAt(), String.valueOf(message)));
    }
}
