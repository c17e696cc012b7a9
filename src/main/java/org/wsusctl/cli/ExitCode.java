package org.wsusctl.cli;

/** Process exit codes (design.md; as ansible-playbook's so CI treats both alike). */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED_OR_DRIFT = 2;
    public static final int UNREACHABLE = 3;
    public static final int INVALID_INPUT = 4;
    public static final int BAD_OPTIONS = 5;
    public static final int INTERRUPTED = 99;
    public static final int UNEXPECTED = 250;

    private ExitCode() { }
}
