package org.wsusctl.sim;

import java.util.Locale;

/** The failure a simulated host injects at the transport level ({@code simulate.fault}). */
enum SimFault {
    /** Behaves. */
    NONE("none"),
    /** Nothing listens on the port: connection refused. */
    UNREACHABLE("unreachable"),
    /** HTTP 401 to every request, whatever the credentials. */
    AUTH_REJECTED("auth-rejected"),
    /** Accepts the connection and reads the request, never answers. */
    HANG("hang"),
    /** Drops every third request (closes the connection without an answer). */
    FLAKY("flaky"),
    /** Speaks WinRM correctly, but commands print random bytes and exit 0. */
    GARBAGE("garbage"),
    // Hostile endpoints (issue 14): each answers every request with a response no client may buffer whole. What
    // each one sends is in HostileResponder; a client must fail that host alone, with a one-line reason.
    /** {@code 200}, then a header line that never ends. */
    HOSTILE_ENDLESS_HEADER("hostile-endless-header"),
    /** {@code 200}, then header lines without end. */
    HOSTILE_ENDLESS_HEADERS("hostile-endless-headers"),
    /** {@code 200} with a chunked SOAP body that never ends. */
    HOSTILE_ENDLESS_BODY("hostile-endless-body"),
    /** {@code 200} announcing a terabyte of body ({@code Content-Length}), and sending it. */
    HOSTILE_HUGE_BODY("hostile-huge-body"),
    /** A status line, then random bytes without end. */
    HOSTILE_GARBAGE_HEADERS("hostile-garbage-headers"),
    /** {@code 200} and a body that arrives one byte a second: never a read timeout, never an end. */
    HOSTILE_DRIP("hostile-drip"),
    /** Accepts the connection, reads the TLS client hello, never answers it (a handshake that never finishes). */
    HOSTILE_TLS_STALL("hostile-tls-stall");

    final String key;

    SimFault(String key) {
        this.key = key;
    }

    /** One of the hostile endpoints: speaks no WinRM at all. */
    boolean hostile() {
        return key.startsWith("hostile-");
    }

    static SimFault parse(String s) {
        for (SimFault f : values()) {
            if (f.key.equals(s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}
