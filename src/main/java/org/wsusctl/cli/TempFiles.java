package org.wsusctl.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files this process has not yet renamed into place, so that a second interrupt, which ends
 * the process at once, still removes them: before, a second Ctrl-C during report writing left
 * {@code .report.json*.tmp} files behind. A name is registered before its file is created, so there is
 * no moment at which a file exists that the clean-up does not know about.
 */
final class TempFiles {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TempFiles() { }

    /** Creates {@code dir/.NAME.RANDOM.tmp} (owner-only where POSIX), registered until {@link #done}. */
    static Path create(Path dir, String name) throws IOException {
        Path p = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        LIVE.add(p);
        try {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(p, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(p);
            }
            return p;
        } catch (IOException | RuntimeException e) {
            LIVE.remove(p);
            throw e;
        }
    }

    /** The file was renamed into place or deleted: nothing left to clean. */
    static void done(Path p) {
        LIVE.remove(p);
    }

    /** Deletes every registered file (the second interrupt, just before the process halts). */
    static void deleteAll() {
        for (Path p : LIVE) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // halting anyway: nothing better to do with it
            }
        }
        LIVE.clear();
    }
}
