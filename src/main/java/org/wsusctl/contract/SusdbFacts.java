package org.wsusctl.contract;

/**
 * Section {@code susdb}: the WSUS database as the SQL Server that hosts it reports it (wsus-catalog.md 5.1):
 * whether it exists ({@code DB_ID}) and its {@code DATABASEPROPERTYEX} Status and UserAccess. Its own section, not
 * part of {@code sql}: that one is gathered per login and runs xp_logininfo; this one needs neither. All null but
 * {@code connected} when it could not connect.
 */
public final class SusdbFacts {
    public static final Field<String> DATA_SOURCE = Field.nullableString("dataSource");
    public static final Field<Boolean> CONNECTED = Field.bool("connected");
    public static final Field<String> CONNECT_ERROR = Field.nullableString("connectError");
    /** The database WSUS uses: SqlDatabaseName of the WSUS Setup key, SUSDB when unset. */
    public static final Field<String> DATABASE = Field.nullableString("database");
    public static final Field<Boolean> EXISTS = Field.nullableBool("exists");
    /** ONLINE, OFFLINE, RESTORING, RECOVERING, SUSPECT, EMERGENCY; null when it does not exist. */
    public static final Field<String> STATE = Field.nullableString("state");
    /** SINGLE_USER, RESTRICTED_USER, MULTI_USER; null when it does not exist. */
    public static final Field<String> USER_ACCESS = Field.nullableString("userAccess");

    public static final Section SECTION = new Section("susdb", "facts.susdb", new Shape(DATA_SOURCE, CONNECTED,
            CONNECT_ERROR, DATABASE, EXISTS, STATE, USER_ACCESS));

    private SusdbFacts() { }
}
