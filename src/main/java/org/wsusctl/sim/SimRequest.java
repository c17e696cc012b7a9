package org.wsusctl.sim;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP request a simulated host answered.
 *
 * @param at when it arrived
 * @param action the WS-Management action's short name ({@code Create}, {@code Command}, {@code Receive},
 *               {@code Send}, {@code Signal}, {@code Delete}); {@code Challenge} for a 401 that is a step of the
 *               handshake (a request without credentials, or an NTLM challenge), {@code Unauthorized} for a 401
 *               to credentials that were wrong, {@code Unencrypted} for a plain request refused because the
 *               host requires encryption (500), {@code Authenticated} for an empty authenticated request
 *               (pywinrm's handshake before it encrypts), {@code Invalid} for one that was not a readable SOAP
 *               envelope or failed its encryption checks
 * @param scripts the wsusctl script ids a {@code Command} carried, in order
 * @param mutating any of those scripts is a mutating one
 * @param account the account the request was authenticated as (by its own credentials, or by its connection's
 *                NTLM/Kerberos logon); empty for a request refused before authentication
 * @param sealed the request came encrypted ({@code multipart/encrypted}), and so did its answer
 */
public record SimRequest(Instant at, String action, List<String> scripts, boolean mutating, Optional<String> account,
        boolean sealed) {
    public SimRequest {
        scripts = List.copyOf(scripts);
        account = account == null ? Optional.empty() : account;
    }
}
