package org.wsusctl.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;

/**
 * Every file a run will write, checked before any host is contacted, so a bad path costs nothing: before,
 * a {@code --report-json} that was a directory was found after the fixes had been applied. Each output is
 * resolved to the file that will really be written: a symbolic link is followed and its target written
 * (never replaced by a regular file); a FIFO or character device is written into as it is. Refused, each
 * with its own line: directories, dangling links, sockets and block devices, a parent that is not a
 * directory or cannot be written, FIFOs and devices where a regular file is needed (the journal and the
 * simulator state are synced, truncated and renamed), an output that is an input file, and one file named
 * by two outputs (they would destroy one another).
 */
final class OutputTargets {

    /** How an output is written, which decides what it may be. */
    enum Use {
        /** Written to a temporary file and renamed over the target (reports). */
        REPLACE(true),
        /** Appended to (the log). */
        APPEND(true),
        /** Appended to, synced and truncated (the journal). */
        JOURNAL(false),
        /** Read, then replaced atomically and locked (the simulator state). */
        STATE(false);

        final boolean streamable;

        Use(boolean streamable) {
            this.streamable = streamable;
        }
    }

    /**
     * One checked output.
     *
     * @param option the option that named it, e.g. {@code --report-json}
     * @param given the path as given
     * @param real where it will be written: symbolic links resolved
     * @param special a FIFO or character device, written into as it is (never renamed over)
     */
    record Target(String option, Path given, Path real, boolean special) { }

    private final Map<String, Target> byOption = new LinkedHashMap<>();

    private OutputTargets() { }

    Optional<Target> get(String option) {
        return Optional.ofNullable(byOption.get(option));
    }

    /** The path to write for {@code option}, links resolved, or empty when the option was not given. */
    Optional<Path> path(String option) {
        return get(option).map(Target::real);
    }

    /**
     * Checks the outputs.
     *
     * @param outputs option name to (path, use), in the order to report problems
     * @param inputs files the run reads (inventory, playbooks): an output may not be one of them
     * @throws UsageException naming every problem, one per line
     */
    static OutputTargets check(Map<String, Map.Entry<Path, Use>> outputs, List<Path> inputs) throws UsageException {
        OutputTargets t = new OutputTargets();
        List<String> problems = new ArrayList<>();
        Map<Object, String> identities = new LinkedHashMap<>();
        for (Path in : inputs) {
            identity(in).ifPresent(id -> identities.putIfAbsent(id, "input file " + in));
        }
        for (Map.Entry<String, Map.Entry<Path, Use>> e : outputs.entrySet()) {
            String option = e.getKey();
            Path given = e.getValue().getKey();
            Use use = e.getValue().getValue();
            try {
                Target target = resolve(option, given, use);
                Object id = identity(target.real()).orElse(newFileIdentity(target.real()));
                String other = identities.get(id);
                if (other != null && !isCharDevice(target.real())) {
                    problems.add(option + " " + given + ": the same file as " + other
                            + "; expected a file of its own (one would overwrite the other)");
                    continue;
                }
                identities.put(id, option + " " + given);
                t.byOption.put(option, target);
            } catch (Refused r) {
                problems.add(option + " " + given + ": " + r.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("; ", problems));
        }
        return t;
    }

    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private static Target resolve(String option, Path given, Use use) throws Refused {
        Path real = given;
        if (Files.isSymbolicLink(given)) {
            try {
                real = given.toRealPath();
            } catch (IOException e) {
                throw new Refused("a symbolic link to " + linkTarget(given) + ", which does not exist;"
                        + " expected a link to a file, or a path to write");
            }
        }
        BasicFileAttributes a = attributes(real);
        if (a != null) {
            if (a.isDirectory()) {
                throw new Refused("is a directory; expected a file name");
            }
            if (!a.isRegularFile()) {
                boolean fifoOrChar = isFifo(real) || isCharDevice(real);
                if (!fifoOrChar) {
                    throw new Refused("is a " + kind(real) + "; expected a regular file");
                }
                if (!use.streamable) {
                    throw new Refused("is a " + kind(real) + "; expected a regular file (" + why(use) + ")");
                }
                return new Target(option, given, real, true);
            }
            if (use == Use.APPEND || use == Use.JOURNAL) {
                probeAppend(real);
            } else {
                probeDirectory(real.toAbsolutePath().getParent());
            }
            return new Target(option, given, real, false);
        }
        Path parent = real.toAbsolutePath().getParent();
        Path existing = nearestExisting(parent);
        if (!Files.isDirectory(existing)) {
            throw new Refused(existing + " is not a directory");
        }
        if (existing.equals(parent)) {
            probeDirectory(parent);
        } else if (!Files.isWritable(existing)) {
            throw new Refused("cannot create " + parent + ": " + existing + " is not writable");
        }
        return new Target(option, given, real, false);
    }

    private static String why(Use use) {
        return use == Use.JOURNAL ? "the journal is synced to disk and truncated after a failed write"
                : "the simulator state is locked, read and replaced atomically";
    }

    /** Creates and removes a file in {@code dir}: the only test of "can be written" that root, ACLs and read-only mounts all answer truly. */
    private static void probeDirectory(Path dir) throws Refused {
        try {
            Path probe = Files.createTempFile(dir, ".wsusctl-probe-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new Refused("cannot write in " + dir + " (" + reason(e) + ")");
        }
    }

    private static void probeAppend(Path file) throws Refused {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            Objects.requireNonNull(ch);
        } catch (IOException e) {
            throw new Refused("cannot be appended to (" + reason(e) + ")");
        }
    }

    /** Why, in words: the operating system's reason, never an exception class name. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "file exists";
        }
        return e.getMessage() == null ? "cannot be written" : e.getMessage();
    }

    private static Path nearestExisting(Path p) {
        Path cur = p;
        while (cur != null && !Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
            cur = cur.getParent();
        }
        return cur == null ? Path.of("/") : cur;
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The file's identity (device and inode): the same for two paths to one file (links, hard links). */
    private static Optional<Object> identity(Path p) {
        BasicFileAttributes a = attributes(p);
        return a == null || a.fileKey() == null ? Optional.empty() : Optional.of(a.fileKey());
    }

    /** A file still to be created: its real directory and name, so two spellings of one path compare equal. */
    private static Path newFileIdentity(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = nearestExisting(abs.getParent());
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String mode(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode");
            return mode == null ? "" : Integer.toOctalString((Integer) mode);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    private static int type(Path p) {
        String m = mode(p);
        return m.isEmpty() ? 0 : Integer.parseInt(m, 8) & 0170000;
    }

    static boolean isFifo(Path p) {
        return type(p) == 0010000;
    }

    static boolean isCharDevice(Path p) {
        return type(p) == 0020000;
    }

    private static String kind(Path p) {
        return switch (type(p)) {
            case 0010000 -> "FIFO (named pipe)";
            case 0020000 -> "character device";
            case 0060000 -> "block device";
            case 0140000 -> "socket";
            default -> "special file";
        };
    }

    /**
     * Adds the report files ({@code --report-json} unless it is {@code -}, {@code --report-junit},
     * {@code --report-html}), replaced, and {@code --log-file}, appended: the outputs every run and merge shares.
     */
    static void addReportsAndLog(CommandLine line, Map<String, Map.Entry<Path, Use>> outputs) {
        for (String report : new String[] {"report-json", "report-junit", "report-html"}) {
            String v = line.getOptionValue(report);
            if (v != null && !(report.equals("report-json") && v.equals("-"))) {
                outputs.put("--" + report, Map.entry(Path.of(v), Use.REPLACE));
            }
        }
        CommonOptions.path(line, "log-file").ifPresent(p -> outputs.put("--log-file", Map.entry(p, Use.APPEND)));
    }
}
