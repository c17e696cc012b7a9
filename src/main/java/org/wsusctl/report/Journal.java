package org.wsusctl.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.wsusctl.engine.RunListener;

/**
 * The change journal: one JSON line per fix starting and finishing, appended and forced to disk before
 * the listener returns, so a run that dies half-way (crash, kill, power loss) still leaves a record of
 * what it was doing to which host. Lines: {@code {"time","run","host","module","step","phase":
 * "starting"|"finished","action","before","after"}}. Values under secret-looking keys are redacted.
 */
public final class Journal implements RunListener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final String runId;
    private final Clock clock;

    private Journal(Path path, FileChannel channel, String runId, Clock clock) {
        this.path = path;
        this.channel = channel;
        this.runId = runId;
        this.clock = clock;
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
            // What was changed on which server is nobody else's business.
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new Journal(path, ch, runId, clock);
        } catch (IOException e) {
            throw new IOException("cannot open the change journal " + path + ": " + e.getMessage(), e);
        }
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

    @Override
    public void fixStarting(String host, String module, String step, Map<String, Object> before) {
        append(host, module, step, "starting", null, before, null);
    }

    @Override
    public void fixFinished(String host, String module, String step, String action, Map<String, Object> before,
            Map<String, Object> after) {
        append(host, module, step, "finished", action, before, after);
    }

    private void append(String host, String module, String step, String phase, String action,
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
        byte[] line = (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                // The point of a journal: the line is on disk before the fix touches the host.
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the change journal " + path + " (" + phase + " "
                        + module + " on " + host + "): " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
