package org.wsusctl.config;

import java.nio.file.Path;

/** A 1-based position in an input file, printed the way compilers do so CI logs can link to it. */
public record SourcePos(Path file, int line, int column) {

    public static SourcePos fileOnly(Path file) {
        return new SourcePos(file, 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return String.valueOf(file);
        }
        return file + ":" + line + ":" + column;
    }
}
