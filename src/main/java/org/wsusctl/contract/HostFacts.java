package org.wsusctl.contract;

/**
 * Section {@code host}: where WSUS installed itself (the values of
 * {@code HKLM:\SOFTWARE\Microsoft\Update Services\Server\Setup}, documented in Microsoft's "Implement a shared
 * SUSDB" article; wsus-catalog.md 0.5) and what the host is. Every other check derives ports, SQL flavour and
 * names from these facts on the runner side, in one place.
 */
public final class HostFacts {
    /** The WSUS Setup registry key exists. */
    public static final Field<Boolean> INSTALLED = Field.bool("installed");
    public static final Field<Long> PORT_NUMBER = Field.nullableInteger("portNumber");
    public static final Field<Boolean> USING_SSL = Field.nullableBool("usingSsl");
    /** {@code MICROSOFT##WID}, {@code HOST}, {@code HOST\INSTANCE}, possibly {@code tcp:} or {@code ,port}. */
    public static final Field<String> SQL_SERVER_NAME = Field.nullableString("sqlServerName");
    public static final Field<String> SQL_DATABASE_NAME = Field.nullableString("sqlDatabaseName");
    public static final Field<Long> SITE_INDEX = Field.nullableInteger("siteIndex");
    /** {@code $env:COMPUTERNAME}. */
    public static final Field<String> COMPUTER_NAME = Field.string("computerName");
    /** The DNS name of the host, when it resolves. */
    public static final Field<String> FQDN = Field.nullableString("fqdn");
    public static final Field<Long> RAM_KB = Field.nullableInteger("ramKb");

    public static final Section SECTION = new Section("host", "facts.host", new Shape(INSTALLED, PORT_NUMBER,
            USING_SSL, SQL_SERVER_NAME, SQL_DATABASE_NAME, SITE_INDEX, COMPUTER_NAME, FQDN, RAM_KB));

    private HostFacts() { }
}
