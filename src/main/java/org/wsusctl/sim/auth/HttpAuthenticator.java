package org.wsusctl.sim.auth;

import java.util.List;

/** One simulated host's HTTP authentication, as its WinRM service is configured. Thread-safe. */
public interface HttpAuthenticator {

    /** The {@code WWW-Authenticate} values a 401 from this host carries. */
    List<String> offer();

    /** Authenticates one request (or its connection). */
    AuthStep authenticate(AuthRequest request);

    /** The TCP connection is closed: a logon tied to it ends with it. */
    default void connectionClosed(String connection) {
    }
}
