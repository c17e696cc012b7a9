package org.wsusctl.contract;

import java.util.List;

/**
 * Section {@code sql}: what the SQL Server that hosts SUSDB says about sysadmin (wsus-catalog.md 5.2): for the
 * caller's token ({@code IS_SRVROLEMEMBER('sysadmin')}, groups count), for a login ({@code IS_SRVROLEMEMBER} with a
 * login sees direct membership only and may be NULL), and xp_logininfo's permission paths. All null when it
 * could not connect.
 */
public final class SqlFacts {
    public static final Field<String> DATA_SOURCE = Field.nullableString("dataSource");
    public static final Field<Boolean> CONNECTED = Field.bool("connected");
    public static final Field<String> CONNECT_ERROR = Field.nullableString("connectError");
    public static final Field<String> CALLER = Field.nullableString("caller");
    /** 1, 0 or null, as SQL Server returned it. */
    public static final Field<Long> CALLER_IS_SYSADMIN = Field.nullableInteger("callerIsSysadmin");
    public static final Field<String> LOGIN = Field.nullableString("login");
    /** 1, 0 or null (NULL: not a login of its own, or the caller may not see role membership). */
    public static final Field<Long> LOGIN_DIRECT = Field.nullableInteger("loginDirect");
    public static final Field<Boolean> LOGIN_EXISTS = Field.nullableBool("loginExists");
    public static final Field<String> VERSION = Field.nullableString("version");
    public static final Field<String> PRIVILEGE = Field.string("privilege");
    public static final Field<String> PATH = Field.string("path");
    public static final Shape PATH_ROW = new Shape(PRIVILEGE, PATH);
    /** Rows of {@code xp_logininfo @acctname, 'all'}; empty when it was not run or failed. */
    public static final Field<List<Facts>> PATHS = Field.objects("paths", PATH_ROW);
    public static final Field<String> PATHS_ERROR = Field.nullableString("pathsError");

    public static final Section SECTION = new Section("sql", "facts.sql", new Shape(DATA_SOURCE, CONNECTED,
            CONNECT_ERROR, CALLER, CALLER_IS_SYSADMIN, LOGIN, LOGIN_DIRECT, LOGIN_EXISTS, VERSION, PATHS,
            PATHS_ERROR));

    private SqlFacts() { }
}
