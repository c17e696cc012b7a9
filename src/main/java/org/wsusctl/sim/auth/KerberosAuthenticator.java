package org.wsusctl.sim.auth;

import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

/**
 * HTTP authentication of a host in the simulated domain: Kerberos through the JDK's GSS-API acceptor, with the
 * keytab of the simulated KDC ({@link SimKdc}). As a domain-joined Windows server offers it, the 401 names
 * {@code Negotiate} and {@code Kerberos}; the token may be SPNEGO (Negotiate) or a bare Kerberos AP-REQ (the
 * {@code Kerberos} scheme, which winrm4j uses). The answer that accepts carries the AP-REP for mutual
 * authentication (RFC 4559 section 5), as requests-kerberos insists on. Like NTLM, the logon holds for the
 * connection.
 *
 * <p>Message encryption under Kerberos is not simulated: winrm4j cannot seal Kerberos messages (winrm4j issue
 * #151) and Debian's pykerberos lacks the WinRM wrap calls pywinrm needs, so no client at hand could prove it.
 * Over HTTP a Kerberos host therefore refuses every message (plain ones as Windows does, with 500); over HTTPS
 * it serves them.
 */
public final class KerberosAuthenticator implements HttpAuthenticator {
    private static final Oid KRB5;
    private static final Oid SPNEGO;

    static {
        try {
            KRB5 = new Oid("1.2.840.113554.1.2.2");
            SPNEGO = new Oid("1.3.6.1.5.5.2");
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final GSSCredential serviceCredential;
    private final Optional<String> expectedAccount;
    private final ConnectionTable<String> connections = new ConnectionTable<>();

    /**
     * @param keytab the service keys of {@code HTTP/localhost} (the KDC's export)
     * @param account the principal the host accepts, user@REALM (case-insensitive, as Active Directory)
     */
    public KerberosAuthenticator(Path keytab, Optional<String> account) {
        this.serviceCredential = acceptorCredential(keytab);
        this.expectedAccount = account;
    }

    /** A credential that accepts tickets for any principal in the keytab, for Kerberos and SPNEGO tokens. */
    private static GSSCredential acceptorCredential(Path keytab) {
        Subject s = new Subject();
        s.getPrivateCredentials().add(KeyTab.getUnboundInstance(keytab.toFile()));
        try {
            return Subject.doAs(s, (PrivilegedExceptionAction<GSSCredential>) () -> GSSManager.getInstance()
                    .createCredential(null, GSSCredential.INDEFINITE_LIFETIME, new Oid[] {KRB5, SPNEGO},
                            GSSCredential.ACCEPT_ONLY));
        } catch (java.security.PrivilegedActionException e) {
            throw new IllegalStateException("cannot read the simulated hosts' keytab " + keytab + ": "
                    + e.getException().getMessage(), e.getException());
        }
    }

    @Override
    public List<String> offer() {
        return List.of("Negotiate", "Kerberos");
    }

    @Override
    public AuthStep authenticate(AuthRequest r) {
        if (r.authorization().isEmpty()) {
            return connections.get(r.connection())
                    .<AuthStep>map(a -> new AuthStep.Accepted(a, "Kerberos", Optional.empty(), Optional.empty()))
                    .orElse(new AuthStep.Refused("no credentials"));
        }
        String header = r.authorization().get().strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.equalsIgnoreCase("Negotiate") && !scheme.equalsIgnoreCase("Kerberos")) {
            connections.remove(r.connection());
            return new AuthStep.Refused(scheme + " is not enabled on this host (Negotiate and Kerberos only)");
        }
        byte[] token;
        try {
            token = Base64.getDecoder().decode(space < 0 ? "" : header.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return new AuthStep.Refused("Authorization token is not base64");
        }
        GSSContext ctx = null;
        try {
            ctx = GSSManager.getInstance().createContext(serviceCredential);
            byte[] reply = ctx.acceptSecContext(token, 0, token.length);
            if (!ctx.isEstablished()) {
                // A Kerberos AP-REQ completes in one leg; a multi-leg exchange means the client is not
                // doing Kerberos (e.g. NTLM inside SPNEGO), which this host does not take.
                connections.remove(r.connection());
                return new AuthStep.Refused("the client's Negotiate exchange is not Kerberos");
            }
            String account = ctx.getSrcName().toString();
            if (expectedAccount.isPresent() && !expectedAccount.get().equalsIgnoreCase(account)) {
                connections.remove(r.connection());
                return new AuthStep.Refused("account " + account + " is not the one this host accepts");
            }
            connections.put(r.connection(), account);
            Optional<String> mutual = reply == null || reply.length == 0 ? Optional.empty()
                    : Optional.of(scheme + " " + Base64.getEncoder().encodeToString(reply));
            return new AuthStep.Accepted(account, "Kerberos", Optional.empty(), mutual);
        } catch (GSSException e) {
            connections.remove(r.connection());
            return new AuthStep.Refused("Kerberos token refused: " + e.getMessage());
        } finally {
            if (ctx != null) {
                try {
                    ctx.dispose();
                } catch (GSSException ignored) {
                    // nothing to release beyond memory
                }
            }
        }
    }

    @Override
    public void connectionClosed(String connection) {
        connections.remove(connection);
    }

    @Override
    public String toString() {
        return "Kerberos (" + connections.size() + " connection(s))";
    }
}
