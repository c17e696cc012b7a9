package org.wsusctl.config;

/** One problem found in an input file: where, and what was expected versus found. */
public record Diagnostic(SourcePos pos, String message) {

    /**
     * The user-facing form: {@code file:line:col: error: message}. Messages quote input files, so anything
     * that could drive the terminal or reorder the line (see {@link TerminalText}) is replaced.
     */
    public String format() {
        return TerminalText.printable(pos + ": error: " + message);
    }
}
