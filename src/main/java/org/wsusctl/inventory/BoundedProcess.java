package org.wsusctl.inventory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a helper program (a dynamic inventory script, a vault password script) with a deadline and a cap
 * on what it may print, so a hung or chatty script cannot hang wsusctl or exhaust its memory. Its stdin
 * is closed (a script that waits for input gets end-of-file, not the operator's terminal).
 */
final class BoundedProcess {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_OUTPUT = 16 * 1024 * 1024;
    private static final int MAX_STDERR = 4096;

    /** What the program did: exit code, stdout (at most the cap), the start of stderr. */
    record Result(int exitCode, byte[] stdout, String stderr) { }

    /** Why it could not be run to completion; the message is user-facing. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private BoundedProcess() { }

    static Result run(List<String> command, Path workDir, Duration timeout, int maxOutput) throws Failure {
        Process p;
        try {
            ProcessBuilder b = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
            if (workDir != null) {
                b.directory(workDir.toFile());
            }
            p = b.start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw new Failure("cannot run it (" + e.getMessage() + ")");
        }
        Drain out = new Drain(p.getInputStream(), maxOutput);
        Drain err = new Drain(p.getErrorStream(), MAX_STDERR);
        out.start();
        err.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new Failure("it did not finish within " + timeout.toSeconds() + " s and was stopped");
            }
            out.join(5000);
            err.join(5000);
            if (out.overflowed) {
                throw new Failure("it printed more than " + maxOutput / (1024 * 1024) + " MB");
            }
            return new Result(p.exitValue(), out.bytes(), err.text());
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Reads a stream to its end, keeping at most {@code max} bytes (and stopping the process past it). */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        volatile boolean overflowed;

        Drain(InputStream in, int max) {
            super("bounded-process-drain");
            setDaemon(true);
            this.in = in;
            this.max = max;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    int keep = Math.min(n, max - buf.size());
                    if (keep > 0) {
                        buf.write(chunk, 0, keep);
                    }
                    if (keep < n) {
                        overflowed = true; // keep draining so the child is not blocked on a full pipe
                    }
                }
            } catch (IOException e) {
                // the process was stopped; what was read is kept
            }
        }

        synchronized byte[] bytes() {
            return buf.toByteArray();
        }

        String text() {
            String s = new String(bytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return s.length() > 300 ? s.substring(0, 300) + "..." : s;
        }
    }
}
