package org.wsusctl.remote.winrm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Does a server certificate name the host we meant to reach? (RFC 6125 rules: an IP address must be an
 * iPAddress SAN; a DNS name must match a dNSName SAN, a leading {@code *} standing for exactly one label;
 * the subject CN is used only when the certificate has no dNSName at all.)
 *
 * <p>Why our own: CXF 3.3.9's async conduit (the one winrm4j needs) waits forever when its own host name
 * check fails after the handshake; doing the check in the trust manager fails the handshake instead.
 */
final class HostNameCheck {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostNameCheck() { }

    static boolean matches(String host, X509Certificate cert) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<List<?>> sans = sans(cert);
        if (isIpLiteral(h)) {
            InetAddress want = parseIp(h);
            for (List<?> san : sans) {
                if (((Integer) san.get(0)) == SAN_IP && want != null && want.equals(parseIp((String) san.get(1)))) {
                    return true;
                }
            }
            return false;
        }
        String name = h.toLowerCase(Locale.ROOT);
        boolean anyDns = false;
        for (List<?> san : sans) {
            if (((Integer) san.get(0)) == SAN_DNS) {
                anyDns = true;
                if (dnsMatches(name, ((String) san.get(1)).toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        if (anyDns) {
            return false;
        }
        String cn = commonName(cert);
        return cn != null && dnsMatches(name, cn.toLowerCase(Locale.ROOT));
    }

    /** Names the certificate is for, for error messages. */
    static String describe(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        for (List<?> san : sans(cert)) {
            names.add(String.valueOf(san.get(1)));
        }
        if (names.isEmpty()) {
            names.add("CN=" + commonName(cert));
        }
        return String.join(", ", names);
    }

    private static boolean dnsMatches(String host, String pattern) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return host.equals(pattern);
    }

    private static List<List<?>> sans(X509Certificate cert) {
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            return all == null ? List.of() : new ArrayList<>(all);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static boolean isIpLiteral(String h) {
        return h.contains(":") || h.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** Parses an IP literal without any DNS lookup. */
    private static InetAddress parseIp(String literal) {
        if (!isIpLiteral(literal)) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
