package org.wsusctl.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.wsusctl.engine.FixNotRecorded;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.RunListener;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

/**
 * The change journal: one JSON line per fix starting and finishing, appended and forced to disk before the
 * listener returns, so a run that dies half-way (crash, {@code kill -9}, power loss) still leaves a record of
 * what it was doing to which host. Lines: {@code {"time","run","host","module","step","phase":
 * "starting"|"finished"|"resolved","action","before","after"}}. Values under secret-looking keys are redacted.
 *
 * <p>Each line is complete or absent. It is written with one buffer under an exclusive lock of the file (so
 * concurrent runs on one journal do not interleave), then forced; if that fails, the file is truncated back
 * to where the line began. A write that fails is reported as {@link FixNotRecorded}: the caller must not
 * start the fix, or must report a finished one {@code unknown}. If even the truncation fails, the journal
 * refuses every later line in this run. A torn last line left by an earlier run (a crash inside the write)
 * is cut off when the journal is opened, so the next line never glues onto half a line.
 *
 * <p>Open entries: a {@code starting} line without its {@code finished} line is a fix that was cut off and
 * may be half-applied. {@link #open} reads them ({@link #openAtStart()}); when this run checks such a step
 * on its host again, a {@code resolved} line records that the step's state is known once more, so a later
 * run stops reporting it.
 */
public final class Journal implements RunListener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A journal line is a few hundred bytes; a longer one is not ours and is skipped when reading. */
    static final int MAX_LINE_BYTES = 1024 * 1024;
    /** One lock per journal file in this JVM: a file lock is per process, so threads (and tests) share this. */
    private static final Map<Path, Object> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Path path;
    private final FileChannel channel;
    private final Object localLock;
    private final String runId;
    private final Clock clock;
    private final List<OpenEntry> openAtStart;
    private final long tornBytesRemoved;
    private volatile String broken;
    /**
     * Every write, truncate and force runs on this one thread, never interrupted: an interrupt of a thread
     * inside a FileChannel operation closes the channel for every thread (NIO's interruptible channels), and
     * host threads are interrupted when a run is cut short.
     */
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wsusctl-journal");
        t.setDaemon(true);
        return t;
    });

    /**
     * A fix the journal saw start but not finish.
     *
     * @param run the run id of the run that started it
     * @param time when it started
     * @param before what the host showed before the fix
     * @param now what this run found for the step on that host ({@code null} until it checked it)
     */
    public record OpenEntry(String run, String time, String host, String module, String step,
            Map<String, Object> before, String now) {

        OpenEntry withNow(String status) {
            return new OpenEntry(run, time, host, module, step, before, status);
        }
    }

    private Journal(Path path, FileChannel channel, String runId, Clock clock, List<OpenEntry> open, long torn) {
        this.path = path;
        this.channel = channel;
        this.localLock = LOCAL_LOCKS.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new Object());
        this.runId = runId;
        this.clock = clock;
        this.openAtStart = new java.util.concurrent.CopyOnWriteArrayList<>(open);
        this.tornBytesRemoved = torn;
    }

    /** Opens (creating it and its directories if needed) the journal at {@code path} for a new run. */
    public static Journal open(Path path) throws IOException {
        return open(path, UUID.randomUUID().toString(), Clock.systemUTC());
    }

    /** As {@link #open(Path)}, with the run id and clock given (tests, or a run id shared with logs). */
    public static Journal open(Path path, String runId, Clock clock) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!Files.exists(path) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                // What was changed on which server is nobody else's business.
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another run created it meanwhile
            }
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException("cannot open the change journal " + path + ": expected a regular file");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException("cannot open the change journal " + path + ": " + e.getMessage(), e);
        }
        try {
            Object local = LOCAL_LOCKS.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new Object());
            long torn;
            synchronized (local) {
                try (FileLock l = ch.lock();
                     FileChannel rw = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    torn = cutTornTail(rw);
                }
            }
            return new Journal(path, ch, runId, clock, readOpen(path), torn);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot open the change journal " + path + ": " + e.getMessage(), e);
        }
    }

    /** Truncates an unfinished last line (a crash inside a write); returns how many bytes it had. */
    private static long cutTornTail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return 0;
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        if (one.get(0) == '\n') {
            return 0;
        }
        long end = size - 1;
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        while (end > 0) {
            long from = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - from));
            ch.read(chunk, from);
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    long keep = from + i + 1;
                    ch.truncate(keep);
                    ch.force(false);
                    return size - keep;
                }
            }
            end = from;
        }
        ch.truncate(0);
        ch.force(false);
        return size;
    }

    /**
     * The fixes that started but did not finish, in the order they started: read line by line (any size of
     * journal in bounded memory; overlong or unreadable lines are skipped).
     */
    static List<OpenEntry> readOpen(Path path) throws IOException {
        Map<String, OpenEntry> open = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 65536)) {
            byte[] line;
            while ((line = nextLine(in)) != null) {
                if (line.length == 0) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // not ours, or damaged: it cannot open or close anything
                }
                if (n == null || !n.isObject()) {
                    continue;
                }
                String phase = n.path("phase").asText("");
                String host = n.path("host").asText(null);
                String module = n.path("module").asText(null);
                String step = n.path("step").asText(null);
                switch (phase) {
                    case "starting" -> {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> before = n.path("before").isObject()
                                ? JSON.convertValue(n.get("before"), Map.class) : null;
                        String run = n.path("run").asText(null);
                        open.put(key(run, host, module, step), new OpenEntry(run, n.path("time").asText(null), host,
                                module, step, before, null));
                    }
                    case "finished" -> open.remove(key(n.path("run").asText(null), host, module, step));
                    case "resolved" -> open.remove(key(n.path("resolves").asText(null), host, module, step));
                    default -> { }
                }
            }
        }
        return List.copyOf(open.values());
    }

    /** The next line without its newline, null at the end; an overlong line is skipped (empty array). */
    private static byte[] nextLine(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(512);
        boolean overlong = false;
        int b;
        boolean any = false;
        while ((b = in.read()) >= 0) {
            any = true;
            if (b == '\n') {
                break;
            }
            if (buf.size() < MAX_LINE_BYTES) {
                buf.write(b);
            } else {
                overlong = true;
            }
        }
        if (!any) {
            return null;
        }
        return overlong ? new byte[0] : buf.toByteArray();
    }

    private static String key(String run, String host, String module, String step) {
        return run + "\u0000" + host + "\u0000" + module + "\u0000" + step;
    }

    /**
     * {@code $XDG_STATE_HOME/wsusctl/journal.jsonl}, else {@code ~/.local/state/wsusctl/journal.jsonl}
     * ({@code HOME} from {@code env}, else the JVM's user.home). A relative XDG_STATE_HOME is ignored, as
     * the XDG base directory specification asks.
     */
    public static Path defaultPath(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "wsusctl", "journal.jsonl");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".local", "state", "wsusctl", "journal.jsonl");
    }

    public Path path() {
        return path;
    }

    public String runId() {
        return runId;
    }

    /**
     * Fixes of earlier runs that started and never finished, as found when this run opened the journal, each
     * with what this run has found for that step since ({@link OpenEntry#now()}).
     */
    public List<OpenEntry> openAtStart() {
        return List.copyOf(openAtStart);
    }

    /** Bytes of a torn last line cut off when the journal was opened (0 normally). */
    public long tornBytesRemoved() {
        return tornBytesRemoved;
    }

    @Override
    public void fixStarting(String host, String module, String step, Map<String, Object> before) {
        append(line(host, module, step, "starting", null, before, null), "starting " + module + " on " + host);
    }

    @Override
    public void fixFinished(String host, String module, String step, String action, Map<String, Object> before,
            Map<String, Object> after) {
        append(line(host, module, step, "finished", action, before, after), "finished " + module + " on " + host);
    }

    /**
     * A host this run checked: each open entry of an earlier run whose step it checked again is resolved
     * (its state is known again), and written so; the entry keeps what this run found, for the report.
     */
    @Override
    public void hostFinished(HostResult result) {
        for (int i = 0; i < openAtStart.size(); i++) {
            OpenEntry e = openAtStart.get(i);
            if (!result.name().equals(e.host()) || e.now() != null) {
                continue;
            }
            Optional<StepResult> seen = result.steps().stream()
                    .filter(s -> s.step().equals(e.step()) && s.module().equals(e.module()) && !s.handler())
                    .filter(s -> checked(s.status())).findFirst();
            if (seen.isEmpty()) {
                continue;
            }
            ObjectNode n = line(e.host(), e.module(), e.step(), "resolved", null, null, seen.get().after() != null
                    ? seen.get().after() : seen.get().before());
            n.put("resolves", e.run());
            n.put("status", seen.get().status().json());
            try {
                append(n, "resolved " + e.module() + " on " + e.host());
                openAtStart.set(i, e.withNow(seen.get().status().json()));
            } catch (FixNotRecorded x) {
                // stays open: the next run reports it again, which is the safe side
                org.apache.logging.log4j.LogManager.getLogger(Journal.class).warn(x.getMessage());
            }
        }
    }

    /** Statuses that come from reading the host: the step's state is known again. */
    private static boolean checked(StepStatus s) {
        return s == StepStatus.OK || s == StepStatus.DRIFT || s == StepStatus.FIXED;
    }

    private ObjectNode line(String host, String module, String step, String phase, String action,
            Map<String, Object> before, Map<String, Object> after) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", clock.instant().toString());
        n.put("run", runId);
        n.put("host", host);
        n.put("module", module);
        n.put("step", step);
        n.put("phase", phase);
        n.put("action", action);
        n.set("before", JSON.valueToTree(Values.redact(before)));
        n.set("after", JSON.valueToTree(Values.redact(after)));
        return n;
    }

    /**
     * Appends one complete line or nothing: one buffer written under the file's lock and forced; on any
     * failure the file is truncated back to where the line began.
     *
     * @throws FixNotRecorded when the line is not on disk
     */
    private void append(ObjectNode n, String what) {
        byte[] line = (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.Future<?> done;
        try {
            done = writer.submit(() -> write(line, what));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new FixNotRecorded("cannot write the change journal " + path + " (" + what + "): it is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the line is being written either way: wait for its outcome
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof FixNotRecorded f) {
                        throw f;
                    }
                    throw new FixNotRecorded("cannot write the change journal " + path + " (" + what + "): "
                            + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write(byte[] line, String what) {
        synchronized (localLock) {
            if (broken != null) {
                throw new FixNotRecorded("cannot write the change journal " + path + " (" + what + "): " + broken, null);
            }
            FileLock lock = null;
            long good = -1;
            try {
                lock = channel.lock();
                good = channel.size();
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                // The point of a journal: the line is on disk before the fix touches the host.
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (good >= 0) {
                    try {
                        channel.truncate(good);
                        channel.force(false);
                    } catch (IOException | RuntimeException t) {
                        broken = "an earlier write failed and could not be undone (" + why + ")";
                    }
                } else if (!channel.isOpen()) {
                    broken = "the journal is closed";
                }
                throw new FixNotRecorded("cannot write the change journal " + path + " (" + what + "): " + why, e);
            } finally {
                if (lock != null && lock.isValid()) {
                    try {
                        lock.release();
                    } catch (IOException e) {
                        // the lock goes with the channel at the latest
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        writer.shutdown();
        try {
            writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (localLock) {
            channel.close();
        }
    }
}
