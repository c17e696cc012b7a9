package org.wsusctl.sim.model;

import java.util.Locale;
import java.util.Set;

/** The URLs the WSUS web site serves (IIS matches paths case-insensitively). */
final class WsusPaths {
    private static final Set<String> SERVED = Set.of(
            "/clientwebservice/client.asmx",
            "/selfupdate/wuident.cab",
            "/apiremoting30/webservice.asmx",
            "/simpleauthwebservice/simpleauth.asmx",
            "/reportingwebservice/reportingwebservice.asmx",
            "/serversyncwebservice/serversyncwebservice.asmx",
            "/dssauthwebservice/dssauthwebservice.asmx");

    private WsusPaths() { }

    static boolean served(String path) {
        return SERVED.contains(path.toLowerCase(Locale.ROOT));
    }
}
