package org.wsusctl.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.wsusctl.report.ExitCodes;
import sun.misc.Signal;

/**
 * Turns SIGINT/SIGTERM into an orderly stop. Installed first thing in {@code main}, before anything slow
 * (before, the first ~1.5 s of a run ended with the JVM's 130/143 and no reports). The first signal runs the
 * action the running command registered ({@link #onInterrupt}): for audit and apply, no new hosts or fixes
 * start, running fixes finish, reports and the journal are written (exit 99); a command that registered
 * nothing exits 99 at once. A command that registers after a signal already came has its action run at
 * once, so an early Ctrl-C still gives the usual reports (every host not started). A second signal removes
 * the temporary files not yet renamed into place ({@link TempFiles}) and exits 99 at once. A JVM shutdown
 * hook could not do this: by then the JVM is already exiting and the main thread cannot finish its reports.
 */
final class InterruptHandler {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static volatile Runnable action;
    private static volatile String whatNow;
    private static volatile PrintStream err = System.err;
    private static volatile boolean installed;

    private InterruptHandler() { }

    /** Handles SIGINT and SIGTERM from now on; call before anything else in {@code main}. */
    static synchronized void install(PrintStream errStream) {
        err = errStream;
        if (installed) {
            return;
        }
        installed = true;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> signalled());
            } catch (IllegalArgumentException e) {
                LogManager.getLogger(InterruptHandler.class).debug("cannot handle SIG{}", name, e);
            }
        }
    }

    private static void signalled() {
        if (COUNT.incrementAndGet() > 1) {
            halt();
        }
        Runnable a;
        synchronized (InterruptHandler.class) {
            a = action;
            if (a != null) {
                err.println("\nwsusctl: interrupted: " + whatNow);
            }
        }
        if (a == null) {
            halt();
        }
        a.run();
    }

    private static void halt() {
        TempFiles.deleteAll();
        err.println("\nwsusctl: interrupted again: stopping at once");
        err.flush();
        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }

    /**
     * What the first signal does from now on (replacing what was registered before). If a signal already
     * came, {@code onFirst} runs now.
     *
     * @param message one line telling the operator what happens after the first interrupt
     */
    static void onInterrupt(Runnable onFirst, String message) {
        boolean already;
        synchronized (InterruptHandler.class) {
            action = onFirst;
            whatNow = message;
            already = COUNT.get() > 0;
        }
        if (already) {
            onFirst.run();
        }
    }

    /** True once a first signal came. */
    static boolean received() {
        return COUNT.get() > 0;
    }

    /** For audit and apply. */
    static final String RUN_MESSAGE = "no new hosts or fixes will start; running fixes finish, then reports are"
            + " written (interrupt again to stop at once)";
}
