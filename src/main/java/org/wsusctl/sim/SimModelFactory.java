package org.wsusctl.sim;

import java.util.Map;

/** Builds the WSUS model of one simulated host from its {@code simulate:} mapping. */
public interface SimModelFactory {

    /**
     * @param simulate the host's {@code simulate:} keys minus the transport ones ({@code latency_ms},
     *                 {@code ps_startup_ms}, {@code fault}, {@code https}), which the WinRM layer handles
     * @param savedState the state from a {@code --sim-state} file, or {@code null} for a fresh server
     * @throws IllegalArgumentException naming the key path and what was expected, for a bad mapping
     */
    SimScriptHost create(String hostName, Map<String, Object> simulate, Map<String, Object> savedState);
}
