package org.wsusctl.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch of the outside world; injected so tests drive {@link Main} in-process.
 *
 * @param interactive stdout is a terminal (live progress, password prompts allowed)
 * @param handleSignals install SIGINT/SIGTERM handlers (the real process; not tests running in-process)
 */
public record CliContext(PrintStream out, PrintStream err, Map<String, String> env, Clock clock,
        boolean interactive, boolean handleSignals) {

    public static CliContext system() {
        return new CliContext(System.out, System.err, System.getenv(), Clock.systemUTC(), System.console() != null,
                true);
    }
}
