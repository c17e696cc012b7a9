package org.wsusctl.contract;

import java.util.List;

/**
 * Section {@code wsus.health}: what WSUS's health monitor wrote to the Application log (provider "Windows Server
 * Update Services", ids 12002-12072 and 13042, by id and level, never by localized text; wsus-catalog.md 6.3, P6),
 * optionally after running {@code wsusutil checkhealth} (opt-in even in audit: it writes events and can take
 * minutes, P16). Events are those since {@code sinceUtc}: the start of checkhealth when it ran, else the window.
 */
public final class HealthFacts {
    public static final Field<Boolean> CHECKHEALTH_RAN = Field.bool("checkhealthRan");
    /** wsusutil's exit code; null when it did not run or did not finish in time. */
    public static final Field<Long> CHECKHEALTH_EXIT_CODE = Field.nullableInteger("checkhealthExitCode");
    public static final Field<Boolean> CHECKHEALTH_TIMED_OUT = Field.bool("checkhealthTimedOut");
    /** Why it could not run (wsusutil.exe not found, ...); null otherwise. */
    public static final Field<String> CHECKHEALTH_ERROR = Field.nullableString("checkhealthError");
    /** ISO-8601 UTC: events are read from here on. */
    public static final Field<String> SINCE_UTC = Field.string("sinceUtc");
    public static final Field<String> TIME_UTC = Field.string("timeUtc");
    public static final Field<Long> ID = Field.integer("id");
    /** 1 Critical, 2 Error, 3 Warning, 4 Information. */
    public static final Field<Long> LEVEL = Field.integer("level");
    /** The first line of the event's own (localized) text, for people; never matched on. */
    public static final Field<String> MESSAGE = Field.string("message");
    public static final Shape EVENT = new Shape(TIME_UTC, ID, LEVEL, MESSAGE);
    public static final Field<List<Facts>> EVENTS = Field.objects("events", EVENT);
    /** The event query failed for another reason than "no matching events". */
    public static final Field<String> QUERY_ERROR = Field.nullableString("queryError");

    public static final Section SECTION = new Section("wsus.health", "facts.wsus.health", new Shape(CHECKHEALTH_RAN,
            CHECKHEALTH_EXIT_CODE, CHECKHEALTH_TIMED_OUT, CHECKHEALTH_ERROR, SINCE_UTC, EVENTS, QUERY_ERROR));

    private HealthFacts() { }
}
