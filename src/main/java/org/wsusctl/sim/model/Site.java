package org.wsusctl.sim.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The IIS site WSUS installed itself in ("WSUS Administration", the site IISTargetWebSiteIndex names), its bindings
 * and its Selfupdate virtual directory. A stopped site has no URL registration in HTTP.sys, so nothing answers on
 * its port (Mike Volodarsky, IIS team, "Where did my IIS7 server go? Troubleshooting server not found errors");
 * a missing Selfupdate directory makes {@code /selfupdate/wuident.cab} a 404 (wsus-catalog.md 3.2: 404 = missing
 * virtual directory).
 */
final class Site {
    static final long ID = 2;
    static final String NAME = "WSUS Administration";
    static final String SELFUPDATE_PATH = "C:\\Program Files\\Update Services\\Selfupdate";
    private static final Set<String> KEYS = Set.of("state", "bindings", "selfupdate");
    /** {@code <protocol> <ip>:<port>:<host>}, as the facts script prints a binding. */
    private static final Pattern BINDING = Pattern.compile("(http|https) (\\*|[0-9.]{7,15}):[0-9]{1,5}:[A-Za-z0-9.-]{0,253}");

    String state;
    final List<String> bindings = new ArrayList<>();
    boolean selfupdate;

    /** Defaults: Started, HTTP on the WSUS port and HTTPS on its SSL port (as WSUS setup binds them), Selfupdate present. */
    static Site parse(String path, Map<String, Object> m, int port, int sslPort) {
        Simulate.onlyKeys(path, m, KEYS);
        Site s = new Site();
        s.state = Simulate.oneOf(path + ".state", m.get("state"), "Started", "Started", "Stopped");
        Object b = m.get("bindings");
        if (b == null) {
            s.bindings.addAll(List.of("http *:" + port + ":", "https *:" + sslPort + ":"));
        } else if (b instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                s.bindings.add(Simulate.matching(path + ".bindings[" + i + "]", l.get(i), null, BINDING,
                        "a binding such as 'http *:8530:'"));
            }
        } else {
            throw Simulate.bad(path + ".bindings", "a list of bindings such as 'http *:8530:'", b);
        }
        s.selfupdate = Simulate.bool(path + ".selfupdate", m.get("selfupdate"), true);
        return s;
    }

    boolean started() {
        return "Started".equals(state);
    }

    /** Whether a binding of this site listens on {@code port} with {@code scheme} (http or https). */
    boolean listens(String scheme, int port) {
        return bindings.stream().anyMatch(b -> b.startsWith(scheme + " ") && b.split(":")[1].equals(String.valueOf(port)));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("bindings", new ArrayList<>(bindings));
        m.put("selfupdate", selfupdate);
        return m;
    }
}
