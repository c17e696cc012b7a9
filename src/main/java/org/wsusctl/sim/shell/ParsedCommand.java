package org.wsusctl.sim.shell;

import java.util.List;
import org.wsusctl.sim.SimScriptHost;

/**
 * A command line the simulated host understood, ready to run. Parsing and running are separate so the
 * WinRM layer can log which scripts arrived as soon as the command does, and run them only once the
 * simulated PowerShell start-up time has passed.
 *
 * @param powershell the command starts Windows PowerShell (and so pays its start-up time)
 * @param scripts the wsusctl scripts the command will run, in order
 */
public record ParsedCommand(boolean powershell, List<ScriptRef> scripts, Program program) {

    /** The work behind a parsed command. */
    @FunctionalInterface
    public interface Program {
        ShellOutput run(SimScriptHost host);
    }

    public ParsedCommand {
        scripts = List.copyOf(scripts);
    }

    /** Runs the command against the host's model; callers serialise calls per host. */
    public ShellOutput run(SimScriptHost host) {
        return program.run(host);
    }

    /** True when any script in the command is a mutating one. */
    public boolean mutating() {
        return scripts.stream().anyMatch(ScriptRef::mutating);
    }
}
