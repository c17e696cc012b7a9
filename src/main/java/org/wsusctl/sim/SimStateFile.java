package org.wsusctl.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --sim-state} file: {@code {"schema":"wsusctl.sim-state/1","hosts":{NAME: model state}}}.
 * Hosts that are in the file but not in this fleet (e.g. excluded by {@code --limit}) are kept on save.
 *
 * <p>Saved atomically and durably: a temporary file next to it is written and synced, renamed over the file,
 * and the directory synced, so a crash or {@code kill -9} leaves the old state or the new one, never half.
 * Held under a lock ({@link #lock}) for a fleet's whole life, so two runs on one file cannot lose each
 * other's writes. Read up to {@link #MAX_BYTES}.
 */
public final class SimStateFile {
    static final String SCHEMA = "wsusctl.sim-state/1";
    /** A state file of 10,000 hosts is a few MB; anything far bigger is not one. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private SimStateFile() { }

    /** The file is not a state file (empty, truncated, corrupt, the wrong schema, too big). */
    public static final class Invalid extends IOException {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;

        Invalid(Path file, int line, int column, String message) {
            super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /** Another run holds the file. */
    public static final class Locked extends IOException {
        private static final long serialVersionUID = 1L;

        Locked(String message) {
            super(message);
        }
    }

    /** The held lock of a state file; closing releases it. */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** {@code dir/.NAME.lock}: the state file itself is replaced by renames, so its lock lives beside it. */
    static Path lockFile(Path file) {
        Path abs = file.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code file} or refuses at once, naming the process that holds it. An operating
     * system lock: it is released when this process ends, however it ends ({@code kill -9} included).
     *
     * @throws Locked when another run (in this process or another) holds it
     */
    static Lock lock(Path file) throws IOException {
        Path lf = lockFile(file);
        Files.createDirectories(lf.getParent());
        FileChannel ch = FileChannel.open(lf, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            String holder = holder(ch);
            ch.close();
            throw new Locked(file + " is in use by another wsusctl run" + holder
                    + "; wait for it to finish, or give this run a state file of its own");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        return new Lock(ch, l);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("[0-9]{1,10}") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The hosts' saved states, or an empty map when the file does not exist. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new Invalid(file, 0, 0, "not a simulator state file: more than " + MAX_BYTES / (1024 * 1024)
                    + " MB");
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new Invalid(file, 1, 1, "not a simulator state file: the file is empty (delete it to start"
                    + " from the inventory's simulate: state)");
        }
        Map<String, Object> root;
        try {
            root = JSON.readValue(bytes, MAP);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new Invalid(file, line, col, "not a simulator state file: invalid or truncated JSON ("
                    + oneLine(e.getOriginalMessage()) + ")");
        }
        if (root == null || !SCHEMA.equals(root.get("schema"))) {
            throw new Invalid(file, 1, 1, "expected \"schema\": \"" + SCHEMA + "\", found "
                    + (root == null ? "null" : oneLine(String.valueOf(root.get("schema")))));
        }
        Object hosts = root.get("hosts");
        if (!(hosts instanceof Map)) {
            throw new Invalid(file, 1, 1, "expected \"hosts\" to be an object of host name to state");
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) hosts).entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                throw new Invalid(file, 1, 1, "hosts." + oneLine(e.getKey()) + ": expected an object");
            }
            out.put(e.getKey(), (Map<String, Object>) e.getValue());
        }
        return out;
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return t.length() > 120 ? t.substring(0, 117) + "..." : t;
    }

    /**
     * Writes atomically and durably: {@code .NAME.tmp} next to the target (one name: the lock makes this
     * process its only writer, and a name left by a killed run is simply overwritten), synced, renamed over
     * the target, then the directory synced so the rename itself survives a crash.
     */
    static void save(Path file, Map<String, Map<String, Object>> hosts) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("hosts", hosts);
        byte[] bytes = JSON.writeValueAsBytes(root);
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** fsync of a directory: where the platform allows opening one (Linux does); elsewhere skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here: the rename is still atomic, only its durability across power loss is weaker
        }
    }
}
