package org.wsusctl.sim.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * HTTP authentication of a host whose WinRM service takes Negotiate (NTLM), Windows' default. The exchange, as
 * Windows' HTTP.sys runs it and pywinrm (requests-ntlm) and winrm4j expect it:
 * <ol>
 *   <li>a request without credentials gets 401 {@code WWW-Authenticate: Negotiate};</li>
 *   <li>{@code Authorization: Negotiate <NEGOTIATE_MESSAGE>} (raw NTLMSSP, or the {@code NTLM} scheme name)
 *       gets 401 {@code WWW-Authenticate: Negotiate <CHALLENGE_MESSAGE>} on the same connection;</li>
 *   <li>{@code Authorization: Negotiate <AUTHENTICATE_MESSAGE>} is checked ({@link NtlmAcceptor}); the request
 *       it carries is served, and so is every later request on that connection without an Authorization
 *       header (NTLM authenticates the connection, RFC 4559 section 4).</li>
 * </ol>
 * Basic is not accepted (Windows' default {@code Auth/Basic=false}). NTLM wrapped in SPNEGO is not understood:
 * the clients WinRM users run send raw NTLMSSP under Negotiate.
 */
public final class NtlmAuthenticator implements HttpAuthenticator {
    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);

    private sealed interface State permits Challenged, Authenticated { }

    private record Challenged(NtlmAcceptor.Challenge challenge) implements State { }

    private record Authenticated(String account, NtlmSession session) implements State { }

    private final NtlmAcceptor acceptor;
    private final ConnectionTable<State> connections = new ConnectionTable<>();

    public NtlmAuthenticator(NtlmAcceptor acceptor) {
        this.acceptor = acceptor;
    }

    @Override
    public List<String> offer() {
        return List.of("Negotiate");
    }

    @Override
    public AuthStep authenticate(AuthRequest r) {
        Optional<State> state = connections.get(r.connection());
        if (r.authorization().isEmpty()) {
            if (state.isPresent() && state.get() instanceof Authenticated a) {
                return accepted(a);
            }
            return new AuthStep.Refused("no credentials");
        }
        String header = r.authorization().get().strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.equalsIgnoreCase("Negotiate") && !scheme.equalsIgnoreCase("NTLM")) {
            connections.remove(r.connection());
            return new AuthStep.Refused(scheme + " is not enabled on this host (Negotiate only)");
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(space < 0 ? "" : header.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            connections.remove(r.connection());
            return new AuthStep.Refused("Authorization token is not base64");
        }
        int type = messageType(token);
        if (type == 1) {
            try {
                NtlmAcceptor.Challenge c = acceptor.challenge(token);
                connections.put(r.connection(), new Challenged(c));
                return new AuthStep.Challenge(scheme + " " + Base64.getEncoder().encodeToString(c.challengeMessage()));
            } catch (IOException e) {
                connections.remove(r.connection());
                return new AuthStep.Refused("unreadable NEGOTIATE_MESSAGE");
            }
        }
        if (type == 3 && state.isPresent() && state.get() instanceof Challenged c) {
            NtlmAcceptor.Outcome o = acceptor.authenticate(c.challenge(), token, r.tlsCertificate());
            if (o instanceof NtlmAcceptor.Accepted ok) {
                Authenticated a = new Authenticated(ok.account(), ok.session());
                connections.put(r.connection(), a);
                return accepted(a);
            }
            connections.remove(r.connection());
            return new AuthStep.Refused(((NtlmAcceptor.Rejected) o).reason());
        }
        connections.remove(r.connection());
        return new AuthStep.Refused(type == 3 ? "AUTHENTICATE_MESSAGE without a CHALLENGE on this connection"
                : "not a raw NTLMSSP token (SPNEGO-wrapped NTLM is not understood)");
    }

    private static AuthStep accepted(Authenticated a) {
        return new AuthStep.Accepted(a.account(), "NTLM", Optional.of(a.session()), Optional.empty());
    }

    /** 1, 2 or 3 for an NTLMSSP message, else 0. */
    private static int messageType(byte[] token) {
        if (token.length < 12 || !Arrays.equals(token, 0, 8, SIGNATURE, 0, 8)) {
            return 0;
        }
        return (int) NtlmCrypto.readLe32(token, 8);
    }

    @Override
    public void connectionClosed(String connection) {
        connections.remove(connection);
    }

    @Override
    public String toString() {
        return "NTLM (" + connections.size() + " connection(s))";
    }
}
