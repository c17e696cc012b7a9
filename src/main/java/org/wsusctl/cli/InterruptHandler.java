package org.wsusctl.cli;

import org.wsusctl.report.ExitCodes;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import sun.misc.Signal;

/**
 * Turns SIGINT/SIGTERM into an orderly stop: the first one stops new work and lets running fixes finish
 * so reports and the journal are written (exit 99); a second one exits at once. A JVM shutdown hook could
 * not do this: by then the JVM is already exiting and the main thread cannot finish its reports.
 */
final class InterruptHandler {
    private InterruptHandler() { }

    static void install(Runnable onFirst, PrintStream err) {
        AtomicInteger count = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (count.incrementAndGet() == 1) {
                        err.println("\nwsusctl: interrupted: no new hosts or fixes will start; running fixes finish,"
                                + " then reports are written (interrupt again to stop at once)");
                        onFirst.run();
                    } else {
                        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                    }
                });
            } catch (IllegalArgumentException e) {
                LogManager.getLogger(InterruptHandler.class).debug("cannot handle SIG{}", name, e);
            }
        }
    }
}
