package org.wsusctl.sim.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What WSUS's health monitor finds broken for causes outside the rest of the model (12072: the content directory's
 * permissions or share, wsus-catalog.md 6.3): each id is logged as an Error when the server starts in this state,
 * {@code hours_ago} before now, and again by every {@code wsusutil checkhealth}, whose other errors follow from the
 * state (web services down, Selfupdate missing).
 */
final class Health {
    static final String PROVIDER = "Windows Server Update Services";
    private static final Set<String> KEYS = Set.of("errors", "hours_ago");

    final List<Long> errors = new ArrayList<>();
    long hoursAgo;

    static Health parse(String path, Map<String, Object> m) {
        Simulate.onlyKeys(path, m, KEYS);
        Health h = new Health();
        Object e = m.get("errors");
        if (e != null) {
            if (!(e instanceof List<?> l)) {
                throw Simulate.bad(path + ".errors", "a list of health event ids (12002-12072, 13042)", e);
            }
            for (int i = 0; i < l.size(); i++) {
                long id = Simulate.whole(path + ".errors[" + i + "]", l.get(i), 0, 12000, 13999);
                if (!isHealthId(id)) {
                    throw Simulate.bad(path + ".errors[" + i + "]", "a health event id (12002-12072, 13042)", l.get(i));
                }
                h.errors.add(id);
            }
        }
        h.hoursAgo = Simulate.whole(path + ".hours_ago", m.get("hours_ago"), 1, 0, 8760);
        return h;
    }

    static boolean isHealthId(long id) {
        return (id >= 12002 && id <= 12072) || id == 13042;
    }

    /**
     * The text the health monitor writes for an id. The web-service mapping (12012 API Remoting ... 12052 DSS Auth)
     * is community-reported (wsus-catalog.md 6.3): the runner never matches on it.
     */
    static String text(long id) {
        return switch ((int) id) {
            case 12002 -> "The Reporting Web Service is not working.";
            case 12012 -> "The API Remoting Web Service is not working.";
            case 12022 -> "The Client Web Service is not working.";
            case 12032 -> "The Server Synchronization Web Service is not working.";
            case 12042 -> "The SimpleAuth Web Service is not working.";
            case 12052 -> "The DSS Authentication Web Service is not working.";
            case 12072 -> "The WSUS content directory is not accessible.";
            case 13042 -> "Self-update is not working.";
            default -> "WSUS health check " + id + " failed.";
        };
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errors", new ArrayList<>(errors));
        m.put("hours_ago", hoursAgo);
        return m;
    }
}
