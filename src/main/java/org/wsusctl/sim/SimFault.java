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
    GARBAGE("garbage");

    final String key;

    SimFault(String key) {
        this.key = key;
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
