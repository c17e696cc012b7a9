package org.wsusctl.contract;

/**
 * Section {@code http}: what one GET from the server itself answered (wsus-catalog.md 3.2; the tips article's
 * HTTP 503 on :8530). The URL is the one WSUS registered (PortNumber) unless a full URL was asked for.
 */
public final class HttpFacts {
    public static final Field<String> URL = Field.string("url");
    /** The HTTP status; -1 when nothing answered (refused, reset, timed out). */
    public static final Field<Long> STATUS = Field.integer("status");
    /** WebException's status when nothing answered (ConnectFailure, Timeout, ...). */
    public static final Field<String> ERROR = Field.nullableString("error");

    public static final Section SECTION = new Section("http", "facts.http", new Shape(URL, STATUS, ERROR));

    private HttpFacts() { }
}
