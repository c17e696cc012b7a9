package org.wsusctl.contract;

import java.util.regex.Pattern;

/**
 * The framing of what a batch prints: every unit prints exactly one line, {@link #RESULT_PREFIX} followed by
 * ASCII-only JSON with a {@code schema} id, so stray output (module-load warnings, sqlcmd noise) is ignored.
 */
public final class Wire {
    /** Starts every result line. */
    public static final String RESULT_PREFIX = "##WSUSCTL## ";
    /** A fact section: {@code {schema, unit, collectedUtc, facts}}. */
    public static final String FACTS_SCHEMA = "wsusctl.facts/1";
    /** A fix or action: {@code {schema, unit, outcome, before, after, reason, detail}}. */
    public static final String FIX_SCHEMA = "wsusctl.fix/2";
    /** A unit that threw: {@code {schema, unit, message}}. */
    public static final String ERROR_SCHEMA = "wsusctl.error/1";
    /** The first line of a batch script (the preamble's header). */
    public static final String BATCH_MAGIC = "# wsusctl-batch/1";
    /** The first line of every shipped script: {@code # wsusctl-script: <id> read-only|mutating}. */
    public static final Pattern SCRIPT_HEADER = Pattern.compile(
            "^# wsusctl-script: ([a-z0-9._-]+) (read-only|mutating)[ \\t\\r]*$", Pattern.MULTILINE);
    /** A unit id inside a batch. */
    public static final Pattern UNIT_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private Wire() { }
}
