package org.wsusctl.sim;

/**
 * The costly host-side work a simulated host has done (issue 15's realistic costs), counted as it is charged, so
 * a test or a benchmark reads what the simulator did instead of timing it.
 *
 * @param processes PowerShell processes that ran wsusctl scripts
 * @param apiLoads processes that loaded the WSUS API and connected to it (at most one per process)
 * @param sqlProbes SQL Server connections and queries
 * @param httpProbes HTTP requests to the server's own web services
 * @param chargedMs the time all of it took, as charged to the processes' answers
 */
public record SimWork(long processes, long apiLoads, long sqlProbes, long httpProbes, long chargedMs) {
    /** A host that counts nothing. */
    public static final SimWork NONE = new SimWork(0, 0, 0, 0, 0);
}
