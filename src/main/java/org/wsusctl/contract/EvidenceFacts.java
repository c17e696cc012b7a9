package org.wsusctl.contract;

import java.util.List;

/**
 * Section {@code evidence}: the tail of SoftwareDistribution.log and recent Error events of WSUS (Application
 * log) and WAS (System log), bounded in lines and characters (wsus-catalog.md 6.3, 6.4). Events are matched by
 * provider and level, never by localized text.
 */
public final class EvidenceFacts {
    public static final Field<String> LOG_FILE = Field.string("logFile");
    public static final Field<Boolean> LOG_PRESENT = Field.bool("logPresent");
    public static final Field<List<String>> LOG_TAIL = Field.strings("logTail");
    public static final Field<String> TIME_UTC = Field.string("timeUtc");
    public static final Field<String> LOG = Field.string("log");
    public static final Field<String> PROVIDER = Field.string("provider");
    public static final Field<Long> ID = Field.integer("id");
    public static final Field<String> MESSAGE = Field.string("message");
    public static final Shape EVENT = new Shape(TIME_UTC, LOG, PROVIDER, ID, MESSAGE);
    public static final Field<List<Facts>> EVENTS = Field.objects("events", EVENT);
    /** Event-log queries that failed for another reason than "no matching events". */
    public static final Field<List<String>> QUERY_ERRORS = Field.strings("queryErrors");
    /** Lines or events were left out to stay within the character bound. */
    public static final Field<Boolean> TRUNCATED = Field.bool("truncated");

    public static final Section SECTION = new Section("evidence", "facts.evidence", new Shape(LOG_FILE,
            LOG_PRESENT, LOG_TAIL, EVENTS, QUERY_ERRORS, TRUNCATED));

    private EvidenceFacts() { }
}
