package org.wsusctl.modules;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the WSUS web services and API need to answer (wsus-catalog.md 3.1, 3.2, 4, 5.1, 6.1): the web services run
 * in WsusPool under W3SVC and WAS (503 while any is down) on the WSUS site (nothing answers while it is stopped);
 * the API behind the console and message 6703 ({@code AdminProxy}) also reads SUSDB, so it needs the SQL engine
 * and SUSDB online too.
 */
final class Needs {
    /** The pool the WSUS web services run in (the name WSUS setup gives it). */
    static final String WSUS_POOL = "WsusPool";

    private Needs() { }

    static Set<Condition> web() {
        Set<Condition> s = new LinkedHashSet<>();
        s.add(new Condition.ServiceUp(ServiceRole.WAS));
        s.add(new Condition.ServiceUp(ServiceRole.W3SVC));
        s.add(new Condition.SiteStarted());
        s.add(new Condition.PoolStarted(WSUS_POOL));
        return s;
    }

    static Set<Condition> api() {
        Set<Condition> s = web();
        s.add(new Condition.ServiceUp(ServiceRole.SQL));
        s.add(new Condition.SusdbOnline());
        return s;
    }
}
