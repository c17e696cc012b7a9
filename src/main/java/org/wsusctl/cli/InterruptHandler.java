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

    /** For audit and apply. */
    static void install(Runnable onFirst, PrintStream err) {
        install(onFirst, err, "no new hosts or fixes will start; running fixes finish, then reports are written"
                + " (interrupt again to stop at once)");
    }

    /** @param whatNow one line telling the operator what happens after the first interrupt */
    static void install(Runnable onFirst, PrintStream err, String whatNow) {
        AtomicInteger count = new AtomicInteger();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (count.incrementAndGet() == 1) {
                        err.println("\nwsusctl: interrupted: " + whatNow);
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
