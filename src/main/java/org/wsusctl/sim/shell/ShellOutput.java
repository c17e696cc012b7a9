package org.wsusctl.sim.shell;

/**
 * What a simulated command printed, as text; the WinRM layer encodes it per the shell's code page.
 *
 * @param stdout standard output, CRLF line ends as Windows writes them
 * @param stderr standard error (for PowerShell: CLIXML, as Windows PowerShell writes it to a redirected stderr)
 * @param exitCode the process exit code
 */
public record ShellOutput(String stdout, String stderr, int exitCode) {
    public ShellOutput {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
