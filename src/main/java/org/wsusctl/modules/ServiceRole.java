package org.wsusctl.modules;

import java.util.Locale;
import java.util.Optional;

/**
 * The services WSUS depends on, by role (the tips article's "Some services are not running"; wsus-catalog.md 4).
 * The SQL engine's service name depends on where SUSDB lives: {@link SqlEngine} derives it from the host facts.
 */
public enum ServiceRole {
    SQL(null, "the SQL engine that hosts SUSDB"),
    WAS("WAS", "WAS"),
    W3SVC("W3SVC", "W3SVC"),
    WSUS("WsusService", "WsusService");

    private final String fixedName;
    private final String label;

    ServiceRole(String fixedName, String label) {
        this.fixedName = fixedName;
        this.label = label;
    }

    /** The service name for every role but SQL. */
    public Optional<String> fixedName() {
        return Optional.ofNullable(fixedName);
    }

    public String label() {
        return label;
    }

    /** The role a service name plays without knowing the SQL flavour (WAS, W3SVC, WsusService). */
    public static Optional<ServiceRole> ofFixedName(String serviceName) {
        for (ServiceRole r : values()) {
            if (r.fixedName != null && r.fixedName.equalsIgnoreCase(serviceName)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
