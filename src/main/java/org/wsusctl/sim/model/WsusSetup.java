package org.wsusctl.sim.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How WSUS was set up on a simulated server ({@code simulate.wsus}): the port it registered (PortNumber in the
 * WSUS Setup registry key; HTTPS is that port + 1) and whether it is configured for SSL (UsingSSL, set by
 * {@code wsusutil configuressl} after SSL is required on its web services; Microsoft's "Secure WSUS with the
 * Secure Sockets Layer Protocol", learn.microsoft.com/windows-server/administration/windows-server-update-services/
 * deploy/2-configure-wsus#24-secure-wsus-with-the-secure-sockets-layer-protocol).
 */
final class WsusSetup {
    private static final Set<String> KEYS = Set.of("ssl", "port", "service_stops_after_s", "api_tools");
    /**
     * The web services that require SSL once WSUS is configured for it (the article above): a plain HTTP request to
     * them gets 403.4, "SSL required". The rest (Content, Selfupdate, the reporting service) stays on HTTP.
     */
    static final Set<String> SSL_REQUIRED = Set.of("apiremoting30", "clientwebservice", "dssauthwebservice",
            "serversyncwebservice", "simpleauthwebservice");

    int port;
    boolean ssl;
    /**
     * How long WsusService runs without its database before it stops: it starts, fails its initialization and
     * stops with event 507 ("Update Services failed its initialization and stopped"; wsus-catalog.md 4.1).
     */
    long serviceStopsAfterS;
    /** The UpdateServices PowerShell module (the WSUS API tools) is installed; false: Import-Module fails. */
    boolean apiTools;

    static WsusSetup parse(String path, Map<String, Object> m) {
        Simulate.onlyKeys(path, m, KEYS);
        WsusSetup w = new WsusSetup();
        w.port = (int) Simulate.whole(path + ".port", m.get("port"), 8530, 1, 65534);
        w.ssl = Simulate.bool(path + ".ssl", m.get("ssl"), false);
        w.apiTools = Simulate.bool(path + ".api_tools", m.get("api_tools"), true);
        w.serviceStopsAfterS = Simulate.whole(path + ".service_stops_after_s", m.get("service_stops_after_s"), 10, 0, 3600);
        return w;
    }

    /** 443 beside port 80 (WSUS in the Default Web Site), else the next port ("Secure WSUS with SSL"). */
    int httpsPort() {
        return port == 80 ? 443 : port + 1;
    }

    /** Whether a path belongs to a virtual directory that requires SSL on this server. */
    boolean requiresSsl(String path) {
        String first = path.replaceFirst("^/", "").split("/", 2)[0].toLowerCase(java.util.Locale.ROOT);
        return ssl && SSL_REQUIRED.contains(first);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ssl", ssl);
        m.put("port", (long) port);
        m.put("service_stops_after_s", serviceStopsAfterS);
        m.put("api_tools", apiTools);
        return m;
    }
}
