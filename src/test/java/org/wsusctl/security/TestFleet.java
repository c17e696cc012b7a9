package org.wsusctl.security;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimOptions;
import org.wsusctl.sim.SimulatedFleet;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * A simulated fleet started by the test itself, so the test can read what each server received
 * ({@link SimulatedFleet#requestLog}, {@link SimulatedFleet#changes}) while the CLI talks to it as to real,
 * non-simulated hosts: the client inventory names {@code 127.0.0.1} and the listener's port, no {@code simulate:}.
 */
final class TestFleet {
    static final String USER = "LAB\\tester";

    private TestFleet() { }

    /** Starts one listener per host; each accepts exactly {@link #USER} with {@code password}. */
    static SimulatedFleet start(Map<String, Map<String, Object>> simulateByHost, String password, boolean https)
            throws IOException {
        List<SimHostSpec> specs = new ArrayList<>();
        simulateByHost.forEach((name, sim) -> specs.add(
                new SimHostSpec(name, sim, Optional.of(USER), Optional.of(password), https)));
        return SimulatedFleet.start(specs, SimOptions.defaults(), new WsusModelFactory());
    }

    /**
     * An inventory of real (non-simulated) hosts pointing at the fleet's listeners.
     *
     * @param allVars extra lines for {@code all.vars}, each already indented by four spaces
     */
    static String clientInventory(SimulatedFleet fleet, String allVars) {
        StringBuilder sb = new StringBuilder("all:\n  vars:\n    winrm_user: " + USER + "\n"
                + "    winrm_password_env: LAB_PW\n    winrm_transport: basic\n" + allVars + "  hosts:\n");
        for (Map.Entry<String, URI> e : fleet.endpoints().entrySet()) {
            sb.append("    ").append(e.getKey()).append(":\n")
                    .append("      ansible_host: 127.0.0.1\n")
                    .append("      winrm_scheme: ").append(e.getValue().getScheme()).append('\n')
                    .append("      winrm_port: ").append(e.getValue().getPort()).append('\n');
        }
        return sb.toString();
    }
}
