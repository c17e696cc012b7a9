package org.wsusctl.contract;

/**
 * Section {@code wsus.sync}: the subscription's last synchronization as the UpdateServices API reports it
 * (ISynchronizationInfo; times UTC; wsus-catalog.md 6.2). Null when the API did not connect.
 */
public final class SyncFacts {
    /** Succeeded, Failed, Canceled, NeverRun, Unknown. */
    public static final Field<String> RESULT = Field.nullableString("result");
    /** ISO-8601 UTC; null when it never ended (NeverRun: EndTime is DateTime.MinValue). */
    public static final Field<String> END_UTC = Field.nullableString("endUtc");
    /** GetSynchronizationStatus(): NotProcessing, Running, ... */
    public static final Field<String> RUNNING = Field.nullableString("running");
    public static final Field<String> ERROR_TEXT = Field.nullableString("errorText");

    public static final Section SECTION = new Section("wsus.sync", "facts.wsus.sync", new Shape(ApiFacts.TOOLS, ApiFacts.CONNECTED,
            ApiFacts.ERROR, RESULT, END_UTC, RUNNING, ERROR_TEXT));

    private SyncFacts() { }
}
