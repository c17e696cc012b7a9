package org.wsusctl.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code shlex.split(line, comments=True)} (POSIX mode), which Ansible's ini plugin uses to cut
 * a host line into words. The details matter for what a value becomes: a backslash outside quotes escapes
 * the next character ({@code CORP\svc} is {@code CORPsvc}), inside double quotes only before {@code "} or
 * {@code \}, and {@code #} starts a comment even in the middle of a word.
 */
final class PyShlex {
    /** A word and the 0-based column where it starts in the line. */
    record Word(String text, int column) { }

    /** A line shlex cannot split; the message is Python's. */
    static final class SplitError extends Exception {
        SplitError(String message) {
            super(message);
        }
    }

    private PyShlex() { }

    static List<Word> split(String line) throws SplitError {
        List<Word> out = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        char state = ' ';
        char escapedState = 'a';
        int start = -1;
        int i = 0;
        while (true) {
            char c = i < line.length() ? line.charAt(i) : 0;
            boolean end = i >= line.length();
            i++;
            if (state == ' ') {
                if (end) {
                    break;
                }
                if (isSpace(c)) {
                    continue;
                }
                if (c == '#') {
                    break; // comment to the end of the line
                }
                start = i - 1;
                if (c == '\\') {
                    escapedState = 'a';
                    state = '\\';
                } else if (c == '\'' || c == '"') {
                    state = c;
                } else {
                    token.append(c);
                    state = 'a';
                }
            } else if (state == '\'' || state == '"') {
                if (end) {
                    throw new SplitError("No closing quotation");
                }
                if (c == state) {
                    state = 'a';
                } else if (c == '\\' && state == '"') {
                    escapedState = state;
                    state = '\\';
                } else {
                    token.append(c);
                }
            } else if (state == '\\') {
                if (end) {
                    throw new SplitError("No escaped character");
                }
                // In double quotes a backslash escapes only the quote and itself; elsewhere it is kept.
                if ((escapedState == '"' || escapedState == '\'') && c != escapedState && c != '\\') {
                    token.append('\\');
                }
                token.append(c);
                state = escapedState;
            } else { // 'a': inside a word
                if (end || isSpace(c)) {
                    out.add(new Word(token.toString(), start));
                    token.setLength(0);
                    state = ' ';
                    if (end) {
                        break;
                    }
                } else if (c == '#') {
                    out.add(new Word(token.toString(), start));
                    token.setLength(0);
                    break;
                } else if (c == '\'' || c == '"') {
                    state = c;
                } else if (c == '\\') {
                    escapedState = 'a';
                    state = '\\';
                } else {
                    token.append(c);
                }
            }
        }
        return out;
    }

    /** shlex's whitespace: space, tab, CR, LF. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
