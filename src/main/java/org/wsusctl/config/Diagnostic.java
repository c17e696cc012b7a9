package org.wsusctl.config;

/** One problem found in an input file: where, and what was expected versus found. */
public record Diagnostic(SourcePos pos, String message) {

    /** The user-facing form: {@code file:line:col: error: message}. */
    public String format() {
        return pos + ": error: " + message;
    }
}
