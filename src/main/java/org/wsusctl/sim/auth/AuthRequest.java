package org.wsusctl.sim.auth;

import java.util.Optional;

/**
 * What authenticating one HTTP request needs to know.
 *
 * @param connection identifies the TCP connection the request came on (NTLM and Negotiate authenticate a
 *                   connection, not a request)
 * @param authorization the request's {@code Authorization} header, if any
 * @param tlsCertificate the DER certificate this server presented on the connection (HTTPS only), for NTLM's
 *                       channel bindings
 */
public record AuthRequest(String connection, Optional<String> authorization, Optional<byte[]> tlsCertificate) {
}
