package org.wsusctl.remote.winrm;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.security.auth.login.LoginException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.xml.stream.XMLStreamException;
import javax.xml.ws.soap.SOAPFaultException;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.http.MessageConstraintException;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.remote.RemoteException;

/**
 * Turns whatever winrm4j, CXF or the HTTP client threw into one of the {@link RemoteException}s, with a
 * message that names the endpoint and the likely cause. winrm4j wraps failures in
 * {@code RuntimeException("failed task ...")}, {@code WebServiceException} and CXF {@code Fault}s, so the
 * whole cause chain is searched, most specific evidence first. Messages never carry a password: the
 * only inputs are exception texts (which CXF and httpclient keep free of credentials), the endpoint and
 * the user name.
 */
public final class WinRmErrors {
    private static final Pattern ATTEMPTS = Pattern.compile("failed task \"(\\w+)\" after (\\d+) attempt");
    private static final int MAX_DETAIL = 200;

    private WinRmErrors() { }

    public static RemoteException classify(Throwable t, URI endpoint, String user) {
        return classify(t, endpoint, user, null);
    }

    /**
     * @param user   the account, for auth messages (may be null)
     * @param scheme the auth scheme used, for auth messages (may be null)
     */
    public static RemoteException classify(Throwable t, URI endpoint, String user, AuthScheme scheme) {
        String where = String.valueOf(endpoint);
        String attempts = attempts(t);

        // Before SOAP faults: CXF wraps the 401 that FailOn401AuthSupplier raises in a SoapFault.
        Optional<HTTPException> http = find(t, HTTPException.class);
        String who = user == null || user.isBlank() ? "(no user)" : user;
        String how = scheme == null ? "" : " (" + scheme + ")";
        if (http.isPresent() && (http.get().getResponseCode() == 401 || http.get().getResponseCode() == 403)
                || any(t, e -> contains(e, "Invalid credentials or incompatible authentication schemes")
                        || contains(e, "Authorization loop detected"))) {
            String status = http.map(h -> "HTTP " + h.getResponseCode() + "; ").orElse("");
            String offered = find(t, FailOn401AuthSupplier.Rejected.class).map(FailOn401AuthSupplier.Rejected::offered)
                    .filter(o -> !o.isEmpty()).map(o -> "the host offers " + o + "; ").orElse("");
            return new RemoteException.AuthRejected(where + ": authentication rejected for " + who + how
                    + "; " + status + offered + "check the account, its password and winrm_transport", t);
        }
        // An answer beyond what a WinRM listener ever sends (ResponseBounds), or not HTTP at all: the endpoint is
        // not a WinRM listener, or a hostile one. Before the others: the connection closes under such an answer.
        Optional<ResponseBounds.Exceeded> bound = find(t, ResponseBounds.Exceeded.class);
        if (bound.isPresent()) {
            return new RemoteException.ProtocolError(where + ": answer refused: " + bound.get().getMessage()
                    + "; is this a WinRM listener?", t);
        }
        Optional<MessageConstraintException> headers = find(t, MessageConstraintException.class);
        if (headers.isPresent()) {
            return new RemoteException.ProtocolError(where + ": answer refused: its headers go beyond "
                    + ResponseBounds.MAX_HEADERS + " lines of " + ResponseBounds.MAX_LINE + " bytes ("
                    + shorten(lastOf(t, MessageConstraintException.class).getMessage()) + "); is this a WinRM listener?", t);
        }
        Optional<org.apache.http.ProtocolException> notHttp = find(t, org.apache.http.ProtocolException.class);
        if (notHttp.isPresent()) {
            return new RemoteException.ProtocolError(where + ": not an HTTP answer (" + shorten(notHttp.get().getMessage())
                    + "); is this a WinRM listener?", t);
        }
        Optional<LoginException> login = find(t, LoginException.class);
        if (login.isPresent()) {
            // winrm4j asks the KDC for a ticket with the password before the first request (Kerberos)
            return new RemoteException.AuthRejected(where + ": authentication rejected for " + who + how
                    + ": the KDC refused the login (" + shorten(rootMessage(login.get())) + ")", t);
        }
        Optional<SOAPFaultException> soap = find(t, SOAPFaultException.class);
        if (soap.isPresent()) {
            WsManFault fault = WsManFault.of(soap.get());
            if (fault.code().isPresent() || fault.subcode().isPresent()) {
                return new RemoteException.ProtocolError(where + ": " + fault.describe() + attempts, t);
            }
            // CXF reports answers it could not read (not XML, wrong content type, wrong RelatesTo) as
            // SOAP faults without WS-Man code or subcode; a real server fault carries at least one.
            String hint = scheme == AuthScheme.KERBEROS && "http".equalsIgnoreCase(endpoint == null ? null : endpoint.getScheme())
                    ? "; this is how Windows refuses a plain message over HTTP (AllowUnencrypted=false), and winrm4j"
                            + " cannot encrypt Kerberos messages (winrm4j issue #151): use winrm_scheme: https"
                    : "";
            return new RemoteException.ProtocolError(where + ": unparseable WinRM response ("
                    + shorten(fault.text()) + ")" + hint, t);
        }
        if (find(t, UnknownHostException.class).isPresent()) {
            return new RemoteException.Unreachable(
                    where + ": cannot resolve host name '" + endpoint.getHost() + "'", t);
        }
        if (find(t, SSLPeerUnverifiedException.class).isPresent()
                || any(t, e -> contains(e, "No subject alternative") || contains(e, "doesn't match any of the subject")
                        || contains(e, "does not match host name"))) {
            return new RemoteException.Unreachable(where + ": TLS certificate does not match host name '"
                    + endpoint.getHost() + "'; connect by the name in the certificate or set verify_tls: false", t);
        }
        if (find(t, CertificateException.class).isPresent() || any(t, e -> contains(e, "PKIX path"))) {
            return new RemoteException.Unreachable(where
                    + ": TLS certificate not trusted; set ca_file to the issuing CA (PEM) or verify_tls: false", t);
        }
        if (find(t, SSLException.class).isPresent()) {
            String detail = find(t, SSLHandshakeException.class).map(Throwable::getMessage)
                    .orElseGet(() -> find(t, SSLException.class).get().getMessage());
            return new RemoteException.Unreachable(where + ": TLS handshake failed (" + shorten(detail)
                    + "); is this an HTTPS listener, and does its certificate validate?", t);
        }
        if (any(t, WinRmErrors::isConnectTimeout)) {
            return new RemoteException.Unreachable(where + ": no answer to connect (connect timeout); "
                    + "is the host up and port " + port(endpoint) + " open?", t);
        }
        if (find(t, ConnectException.class).isPresent()) {
            return new RemoteException.Unreachable(where + ": connection refused; is a WinRM listener configured on port "
                    + port(endpoint) + "?" + attempts, t);
        }
        if (find(t, NoRouteToHostException.class).isPresent()) {
            return new RemoteException.Unreachable(where + ": no route to host", t);
        }
        if (find(t, SocketTimeoutException.class).isPresent() || find(t, InterruptedIOException.class).isPresent()
                || any(t, e -> contains(e, "Timed out waiting for response"))) {
            // winrm4j's NTLM/Kerberos client facing a server that offers another scheme sends its
            // placeholder body, gets 401 and then waits for an answer that never comes.
            String hint = scheme == AuthScheme.NTLM || scheme == AuthScheme.KERBEROS
                    ? "; if the listener does not offer " + scheme + ", this is how it looks: check winrm_transport"
                    : "";
            return new RemoteException.TimedOut(where + ": no answer within the read timeout"
                    + " (operation timeout plus margin)" + attempts + hint, t);
        }
        if (http.isPresent()) {
            HTTPException h = http.get();
            return new RemoteException.ProtocolError(where + ": HTTP " + h.getResponseCode() + " "
                    + Optional.ofNullable(h.getResponseMessage()).orElse("") + attempts, t);
        }
        if (find(t, XMLStreamException.class).isPresent() || find(t, org.xml.sax.SAXException.class).isPresent()
                || any(t, e -> contains(e, "unexpected") && contains(e, "ContentType")
                        || contains(e, "Unmarshalling Error") || contains(e, "Unexpected wrapper element"))) {
            return new RemoteException.ProtocolError(where + ": unparseable WinRM response ("
                    + shorten(rootMessage(t)) + ")", t);
        }
        if (find(t, SocketException.class).isPresent() || any(t, e -> e.getClass().getName().endsWith("NoHttpResponseException")
                || e.getClass().getName().endsWith("ConnectionClosedException"))) {
            return new RemoteException.Unreachable(where + ": connection dropped by the server ("
                    + shorten(rootMessage(t)) + ")" + attempts, t);
        }
        return new RemoteException.ProtocolError(where + ": unexpected WinRM failure: " + shorten(rootMessage(t)), t);
    }

    private static boolean isConnectTimeout(Throwable e) {
        String n = e.getClass().getName();
        return n.endsWith("ConnectTimeoutException")
                || e instanceof SocketTimeoutException && contains(e, "connect timed out");
    }

    private static int port(URI endpoint) {
        if (endpoint.getPort() > 0) {
            return endpoint.getPort();
        }
        return "https".equalsIgnoreCase(endpoint.getScheme()) ? 5986 : 5985;
    }

    private static String attempts(Throwable t) {
        for (Throwable e : chain(t)) {
            if (e.getMessage() != null) {
                Matcher m = ATTEMPTS.matcher(e.getMessage());
                if (m.find() && !"1".equals(m.group(2))) {
                    return " (" + m.group(1) + " tried " + m.group(2) + " times)";
                }
            }
        }
        return "";
    }

    static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
        for (Throwable e : chain(t)) {
            if (type.isInstance(e)) {
                return Optional.of(type.cast(e));
            }
        }
        return Optional.empty();
    }

    /** The deepest {@code type} in the chain: CXF re-wraps an I/O failure in its own type, prefixing the URL. */
    private static <T extends Throwable> T lastOf(Throwable t, Class<T> type) {
        T last = null;
        for (Throwable e : chain(t)) {
            if (type.isInstance(e)) {
                last = type.cast(e);
            }
        }
        return last;
    }

    static boolean any(Throwable t, Predicate<Throwable> test) {
        return chain(t).stream().anyMatch(test);
    }

    private static boolean contains(Throwable e, String text) {
        String m = e.getMessage();
        return m != null && m.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }

    /** The cause chain in order, guarding against exceptions that are their own cause or loop. */
    static List<Throwable> chain(Throwable t) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> ordered = new ArrayList<>();
        for (Throwable e = t; e != null && seen.put(e, Boolean.TRUE) == null; e = e.getCause()) {
            ordered.add(e);
        }
        return ordered;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        for (Throwable e : chain(t)) {
            root = e;
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= MAX_DETAIL ? one : one.substring(0, MAX_DETAIL) + "...";
    }
}
