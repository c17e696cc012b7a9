package org.wsusctl.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole input file, but never more than a bound. The size a file system reports cannot be trusted
 * for this: {@code /dev/zero}, a FIFO or {@code /proc} files report 0 and then never end, so the bound is
 * applied to the bytes actually read.
 */
public final class BoundedRead {
    private BoundedRead() { }

    /** The file holds more than the bound allows. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final long max;

        TooLarge(Path file, long max) {
            super(file + ": expected a file of at most " + describe(max) + ", found more");
            this.max = max;
        }

        public long max() {
            return max;
        }
    }

    /**
     * The file's bytes.
     *
     * @throws TooLarge after reading {@code max + 1} bytes, whatever the file claimed its size was
     */
    public static byte[] read(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                java.util.Arrays.fill(bytes, (byte) 0); // it may be a password file
                throw new TooLarge(file, max);
            }
            return bytes;
        }
    }

    /** {@code 2 MB}, {@code 64 KB}, {@code 100 bytes}. */
    public static String describe(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }
}
