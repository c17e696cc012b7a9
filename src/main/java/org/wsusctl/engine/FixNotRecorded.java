package org.wsusctl.engine;

/**
 * A listener could not record a fix event: the change journal could not be written (disk full, I/O error,
 * the journal closed). Thrown by {@link RunListener#fixStarting} and {@link RunListener#fixFinished}.
 *
 * <p>What the caller must do: from {@code fixStarting}, not run the fix (the journal promises the line is on
 * disk before the host is touched) and report the step {@code failed} with its observed values; from
 * {@code fixFinished}, report the step {@code unknown}, keeping {@code before} and whatever {@code after} the
 * fix reported, because the host may have changed and nothing durable says so.
 */
public final class FixNotRecorded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FixNotRecorded(String message, Throwable cause) {
        super(message, cause);
    }
}
