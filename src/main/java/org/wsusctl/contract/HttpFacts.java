package org.wsusctl.contract;

/**
 * Section {@code http}: what one GET from the server itself answered (wsus-catalog.md 3.2; the tips article's
 * HTTP 503 on :8530). For a path, the URL is where WSUS serves it as it is set up: plain HTTP on PortNumber, or,
 * on a server configured for SSL (UsingSSL), HTTPS on PortNumber + 1 by the server's DNS name for the services
 * that require SSL. A full URL is probed as given. Probes from the server to itself never go through a proxy.
 */
public final class HttpFacts {
    public static final Field<String> URL = Field.string("url");
    /** The HTTP status; {@value #NO_ANSWER} when nothing answered (refused, reset, timed out). */
    public static final Field<Long> STATUS = Field.integer("status");
    /** {@link #STATUS} when nothing answered: never an HTTP status, so never shown as one. */
    public static final long NO_ANSWER = -1;
    /** WebException's status when nothing answered (ConnectFailure, Timeout, ...). */
    public static final Field<String> ERROR = Field.nullableString("error");
    /** IIS's sub-status when the error page names one (403.4: SSL required), else null. */
    public static final Field<Long> SUB_STATUS = Field.nullableInteger("subStatus");

    public static final Section SECTION = new Section("http", "facts.http", new Shape(URL, STATUS, ERROR, SUB_STATUS));

    private HttpFacts() { }
}
