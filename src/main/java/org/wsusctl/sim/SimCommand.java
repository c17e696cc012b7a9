package org.wsusctl.sim;

import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.wsusctl.sim.shell.ParsedCommand;

/**
 * One command in a simulated shell: its output once the (simulated) process has produced it, and how much of
 * it Receives have already delivered. Output is handed out in chunks so each ReceiveResponse fits the client's
 * MaxEnvelopeSize, as Windows does.
 */
final class SimCommand {
    /** STATUS_CONTROL_C_EXIT: the exit code Windows reports for a process stopped by a signal. */
    static final int SIGNALLED_EXIT = 0xC000013A;

    /** What one Receive returns. {@code exitCode} null: still running. */
    record Chunk(String stdoutB64, String stderrB64, boolean done, Integer exitCode) { }

    final String id;
    final ParsedCommand parsed;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private byte[] stdout = new byte[0];
    private byte[] stderr = new byte[0];
    private int exitCode;
    private int outPos;
    private int errPos;
    private Future<?> pendingStart;

    SimCommand(String id, ParsedCommand parsed) {
        this.id = id;
        this.parsed = parsed;
    }

    synchronized void setPendingStart(Future<?> start) {
        this.pendingStart = start;
    }

    /** Records the process's output; later calls are ignored (a signal may have ended it first). */
    void finish(byte[] out, byte[] err, int code) {
        synchronized (this) {
            if (ready.isDone()) {
                return;
            }
            stdout = out;
            stderr = err;
            exitCode = code;
        }
        ready.complete(null);
    }

    /** Stops a command that has not produced output yet (terminate / ctrl_c). */
    void signal() {
        Future<?> start;
        synchronized (this) {
            start = pendingStart;
        }
        if (start != null) {
            start.cancel(false);
        }
        finish(new byte[0], new byte[0], SIGNALLED_EXIT);
    }

    CompletableFuture<Void> readiness() {
        return ready;
    }

    /**
     * The next chunk, at most {@code maxBase64Chars} of base64 in total; stdout first, then stderr.
     * Only call once {@link #readiness()} is complete.
     */
    synchronized Chunk take(int maxBase64Chars) {
        int rawOut = Math.min(stdout.length - outPos, maxBase64Chars / 4 * 3);
        String out = encode(stdout, outPos, rawOut);
        outPos += rawOut;
        int left = maxBase64Chars - out.length();
        int rawErr = Math.min(stderr.length - errPos, Math.max(0, left) / 4 * 3);
        String err = encode(stderr, errPos, rawErr);
        errPos += rawErr;
        boolean done = outPos == stdout.length && errPos == stderr.length;
        return new Chunk(out, err, done, done ? exitCode : null);
    }

    private static String encode(byte[] data, int from, int n) {
        return n == 0 ? "" : Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, from, from + n));
    }
}
