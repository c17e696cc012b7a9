package org.wsusctl.sim;

import java.util.List;
import java.util.Map;

/**
 * The WSUS server behind one simulated WinRM endpoint, as the simulated shell sees it: it runs the
 * Java model of a shipped script against its state. It knows scripts only by what travels on the wire
 * (the header id and the JSON arguments), never by importing the runner's modules.
 */
public interface SimScriptHost {

    /**
     * Runs one unit.
     *
     * @param scriptId the id from the script's header line, e.g. {@code iis.apppool.state.check}
     * @param mutating the header said {@code mutating}
     * @param args the unit's decoded JSON arguments
     * @return the JSON object the real script prints after {@code ##WSUSCTL## } (without {@code unit})
     * @throws SimScriptException what the real script would throw; reported as {@code wsusctl.error/1}
     */
    Map<String, Object> runScript(String scriptId, boolean mutating, Map<String, Object> args)
            throws SimScriptException;

    /**
     * One PowerShell process ran these scripts (header ids, in order): records the costly work they did (a WSUS API
     * load at most once per process, a probe per SQL or HTTP script) and returns how long that work takes on the
     * server, so the process's output is ready that much later. Zero when the host charges no costs (the default).
     */
    default long processRan(List<String> scriptIds) {
        return 0;
    }

    /** The costly work counted so far ({@link SimWork#NONE} for a host that does not count). */
    default SimWork work() {
        return SimWork.NONE;
    }

    /** Every change fixes made to this host, oldest first (also across runs with a state file). */
    List<SimChange> changes();

    /** The state to keep in a {@code --sim-state} file; {@link SimModelFactory#create} takes it back. */
    Map<String, Object> saveState();
}
