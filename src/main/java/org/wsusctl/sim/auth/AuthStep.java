package org.wsusctl.sim.auth;

import java.util.Optional;

/** Where one request stands after authentication. */
public sealed interface AuthStep permits AuthStep.Accepted, AuthStep.Challenge, AuthStep.Refused {

    /**
     * The request is authenticated.
     *
     * @param account the account, as the client named it ({@code DOMAIN\\user}, {@code user}, {@code user@REALM})
     * @param mechanism {@code Basic}, {@code NTLM} or {@code Kerberos}
     * @param security the connection's message security, when the mechanism has one (NTLM, Kerberos)
     * @param replyToken a {@code WWW-Authenticate} value for the answer (Kerberos mutual authentication)
     */
    record Accepted(String account, String mechanism, Optional<SessionSecurity> security, Optional<String> replyToken)
            implements AuthStep { }

    /** A handshake leg: answer 401 with this {@code WWW-Authenticate} value and wait for the next one. */
    record Challenge(String wwwAuthenticate) implements AuthStep { }

    /** No (acceptable) credentials: answer 401 with the host's offer. {@code reason} is for the log only. */
    record Refused(String reason) implements AuthStep { }
}
