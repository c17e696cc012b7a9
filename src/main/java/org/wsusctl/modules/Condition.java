package org.wsusctl.modules;

import java.util.Locale;

/**
 * Something a check's result depends on and another check establishes: the WSUS web services answer only while
 * WsusPool, W3SVC, WAS and the WSUS site run; the WSUS API also needs SQL and SUSDB online; IIS reads need WAS (wsus-catalog.md 4; the tips
 * article's "Every service except for the selfupdate service requires that the SQL service is running"). When a
 * condition does not hold, the steps that need it are {@code blocked} by the steps that found it broken.
 */
public sealed interface Condition {

    /** For the report: what must hold. */
    String label();

    /** A service of a WSUS role is running. */
    record ServiceUp(ServiceRole role) implements Condition {
        @Override
        public String label() {
            return role.label() + " is running";
        }
    }

    /**
     * The WSUS web site (the one IISTargetWebSiteIndex names) is started and bound to the WSUS port: a stopped site
     * has no URL registration in HTTP.sys, so nothing answers there, not even a 503 (wsus-catalog.md 3.1).
     */
    record SiteStarted() implements Condition {
        @Override
        public String label() {
            return "the WSUS web site is started on its port";
        }
    }

    /** SUSDB exists and is ONLINE: the WSUS API and WsusService read it (wsus-catalog.md 5.1; event 507). */
    record SusdbOnline() implements Condition {
        @Override
        public String label() {
            return "SUSDB is online";
        }
    }

    /** An IIS application pool is Started. Pool names compare case-insensitively, as IIS does. */
    record PoolStarted(String pool) implements Condition {
        @Override
        public String label() {
            return pool + " is started";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PoolStarted p && p.pool.equalsIgnoreCase(pool);
        }

        @Override
        public int hashCode() {
            return pool.toLowerCase(Locale.ROOT).hashCode();
        }
    }
}
