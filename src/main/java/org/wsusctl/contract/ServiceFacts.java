package org.wsusctl.contract;

import java.util.List;

/**
 * Section {@code services}: the service manager's view (Win32_Service State and StartMode, keyed by service
 * name, never the localized display name; wsus-catalog.md 4.1) of the services asked for, plus every SQL Server
 * engine ({@code MSSQL*}), so the runner can pick the one WSUS uses without the script deciding. A service that
 * is not installed is simply absent.
 */
public final class ServiceFacts {
    public static final Field<String> NAME = Field.string("name");
    /** Running, Stopped, StartPending, StopPending, ... */
    public static final Field<String> STATE = Field.string("state");
    /** Auto, Manual, Disabled. */
    public static final Field<String> START_MODE = Field.string("startMode");
    public static final Shape SERVICE = new Shape(NAME, STATE, START_MODE);
    public static final Field<List<Facts>> SERVICES = Field.objects("services", SERVICE);

    public static final Section SECTION = new Section("services", "facts.services", new Shape(SERVICES));

    private ServiceFacts() { }
}
