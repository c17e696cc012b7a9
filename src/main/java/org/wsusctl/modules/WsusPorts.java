package org.wsusctl.modules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HostFacts;

/**
 * The ports WSUS serves on, from its Setup key, in one place: {@code PortNumber} for HTTP (8530 on 2012+, 80 when
 * WSUS shares the Default Web Site; the shared-SUSDB article) and, with {@code UsingSSL}, the next port for HTTPS
 * (8531; 443 next to 80, as Microsoft's "Configure SSL on the WSUS server" guidance and the best-practices article's
 * "8531 when SSL is enabled" say).
 */
final class WsusPorts {
    static final long DEFAULT_HTTP = 8530;
    /** {@code <protocol> <ip>:<port>:<host>}; the IP may be {@code *} or a bracketed IPv6 address. */
    private static final Pattern BINDING = Pattern.compile("(\\S+) (.*):([0-9]{1,5}):([^:]*)");

    private WsusPorts() { }

    static long http(Facts host) {
        Long p = host.get(HostFacts.PORT_NUMBER);
        return p == null || p <= 0 ? DEFAULT_HTTP : p;
    }

    static boolean ssl(Facts host) {
        return Boolean.TRUE.equals(host.get(HostFacts.USING_SSL));
    }

    static long sslPort(long httpPort) {
        return httpPort == 80 ? 443 : httpPort + 1;
    }

    /** A binding as the site facts print it, parsed; empty when it is not {@code <protocol> <ip>:<port>:<host>}. */
    static Optional<Binding> binding(String text) {
        Matcher m = BINDING.matcher(text);
        return m.matches() ? Optional.of(new Binding(m.group(1).toLowerCase(java.util.Locale.ROOT),
                Long.parseLong(m.group(3)))) : Optional.empty();
    }

    record Binding(String protocol, long port) { }
}
