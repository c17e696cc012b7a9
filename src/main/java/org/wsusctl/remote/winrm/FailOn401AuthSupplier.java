package org.wsusctl.remote.winrm;

import java.net.MalformedURLException;
import java.net.URI;
import org.apache.cxf.configuration.security.AuthorizationPolicy;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transport.http.auth.DefaultBasicAuthSupplier;
import org.apache.cxf.transport.http.auth.HttpAuthSupplier;

/**
 * Ends a request at the first 401 that reaches CXF, instead of letting CXF send it again.
 *
 * <p>Why: NTLM and Kerberos handshakes run inside Apache httpclient; a 401 only reaches CXF once httpclient
 * has given up, i.e. the server refused the credentials. CXF's async conduit then retransmits the request
 * anyway ({@code AsyncHTTPConduit.authorizationRetransmit}: "HTTPClient may be handling the authorization"),
 * and with winrm4j's encryption-aware stream the retransmission announces the body's length but sends no body,
 * so the request hangs until the read timeout: a wrong NTLM password cost the operation timeout plus margin and
 * was reported as a timeout (found against the simulator's NTLM; the same hang is reported against Windows in
 * winrm4j issue #86). Under Basic, CXF would resend the same header and stop at "Authorization loop detected".
 *
 * <p>The pre-emptive header (CXF asks with {@code fullHeader == null} before the first send) is still Basic's,
 * from the client's own user and password; only the answer to a 401 challenge is refused, with the 401 itself,
 * which {@link WinRmErrors} reports as "authentication rejected".
 */
final class FailOn401AuthSupplier implements HttpAuthSupplier {
    private final HttpAuthSupplier preemptive = new DefaultBasicAuthSupplier();

    @Override
    public boolean requiresRequestCaching() {
        return false;
    }

    @Override
    public String getAuthorization(AuthorizationPolicy policy, URI uri, Message message, String fullHeader) {
        if (fullHeader == null) {
            return preemptive.getAuthorization(policy, uri, message, null);
        }
        throw new Rejected(uri, offeredSchemes(fullHeader));
    }

    /**
     * The scheme names of a {@code WWW-Authenticate} value ({@code Negotiate, Basic realm="WSMAN"} gives
     * {@code Negotiate, Basic}); never a token or parameter.
     */
    static String offeredSchemes(String fullHeader) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (String part : fullHeader.split(",")) {
            String p = part.strip();
            int end = 0;
            while (end < p.length() && (Character.isLetterOrDigit(p.charAt(end)) || p.charAt(end) == '-')) {
                end++;
            }
            // "realm=..." continues the previous challenge's parameters; only a word followed by space or end
            // (not '=') starts a challenge
            if (end > 0 && (end == p.length() || p.charAt(end) == ' ')) {
                names.add(p.substring(0, end));
            }
        }
        return String.join(", ", names);
    }

    /** The server's final 401, carried out of CXF's response handling (which declares no checked exception). */
    static final class Rejected extends RuntimeException {
        private final String offered;

        Rejected(URI uri, String offered) {
            super("HTTP 401: the server refused the credentials; it offers " + offered, http401(uri));
            this.offered = offered;
        }

        /** The schemes the host's 401 named, e.g. {@code Negotiate, Basic}. */
        String offered() {
            return offered;
        }

        private static HTTPException http401(URI uri) {
            try {
                return new HTTPException(401, "Unauthorized", uri.toURL());
            } catch (MalformedURLException | IllegalArgumentException e) {
                return new HTTPException(401, "Unauthorized", null);
            }
        }
    }
}
