package org.wsusctl.sim.shell;

/**
 * What a simulated command printed, as text; the WinRM layer encodes it per the shell's code page.
 *
 * @param stdout standard output, CRLF line ends as Windows writes them
 * @param stderr standard error (for PowerShell: CLIXML, as Windows PowerShell writes it to a redirected stderr)
 * @param exitCode the process exit code
 * @param busyMs how long the host-side work took beyond PowerShell's start-up (the model's charged costs, issue
 *               15): the WinRM layer makes the output ready that much later, on a timer
 */
public record ShellOutput(String stdout, String stderr, int exitCode, long busyMs) {
    public ShellOutput {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        busyMs = Math.max(0, busyMs);
    }

    /** Output of work that costs no time beyond start-up. */
    public ShellOutput(String stdout, String stderr, int exitCode) {
        this(stdout, stderr, exitCode, 0);
    }
}
