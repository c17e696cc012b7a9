package org.wsusctl.security;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;
import org.wsusctl.cli.CliContext;
import org.wsusctl.cli.Main;

/**
 * Runs {@code wsusctl} in-process, as a user would from the shell. Unlike the e2e helper it also captures
 * what reaches the JVM's {@code System.out} and {@code System.err} during the run: log4j's console appender
 * follows {@code System.err}, so warnings and {@code -vv} debug lines land in {@link #err} too, and a test
 * sees every byte a user's terminal would. Runs are serialised because the JVM's streams are global.
 */
record Cli(int exitCode, String out, String err) {
    private static final Object STREAMS = new Object();
    /** A Java stack frame or an exception class name: never for a user's eyes on bad input. */
    private static final Pattern STACK = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception\\b|\\bat org\\.");

    static Cli run(Map<String, String> env, String... args) {
        synchronized (STREAMS) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                System.setOut(o);
                System.setErr(e);
                int code = new Main(new CliContext(o, e, env, Clock.systemUTC(), false, false)).run(args);
                return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }

    /** True when stdout or stderr shows a stack frame or an exception class name. */
    boolean showsStackTrace() {
        return STACK.matcher(out).find() || STACK.matcher(err).find();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
