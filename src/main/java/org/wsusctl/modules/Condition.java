package org.wsusctl.modules;

import java.util.Locale;

/**
 * Something a check's result depends on and another check establishes: the WSUS web services answer only while
 * WsusPool, W3SVC and WAS run; the WSUS API also needs SQL; IIS reads need WAS (wsus-catalog.md 4; the tips
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
