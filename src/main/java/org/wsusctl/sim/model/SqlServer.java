package org.wsusctl.sim.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The SQL Server that hosts SUSDB on a simulated server: which flavour (and so which service and registry
 * name), who the WinRM caller is, which logins exist, who holds sysadmin directly, and which accounts belong to
 * which Windows groups. Sysadmin through a group counts, as on a real server (xp_logininfo permission paths).
 */
final class SqlServer {
    static final String DEFAULT_CALLER = "LAB\\wsusadmin";
    static final String ADMINISTRATORS = "BUILTIN\\Administrators";
    static final String NO_PERMISSION = "User does not have permission to perform this action.";
    /** What SqlConnection.Open() says when the engine's service is stopped (named pipes, as on WID). */
    static final String CONNECT_ERROR = "A network-related or instance-specific error occurred while establishing a"
            + " connection to SQL Server. The server was not found or was not accessible. (provider: Named Pipes"
            + " Provider, error: 40 - Could not open a connection to SQL Server)";
    private static final Set<String> KEYS = Set.of("flavour", "instance", "caller", "sysadmins", "logins", "members",
            "ad_lookup_fails", "susdb");
    /**
     * What xp_logininfo raises when it cannot resolve a Windows account through Active Directory (error 15404), as
     * catalog 5.2 notes; it must make the check undecided, never "not sysadmin".
     */
    static final String AD_LOOKUP_ERROR = "Could not obtain information about Windows NT group/user '%s', error code"
            + " 0x5. (Msg 15404)";
    /** DATABASEPROPERTYEX(..., 'Status') values, and {@code missing} for a database that does not exist. */
    static final String[] SUSDB_STATES = {"ONLINE", "OFFLINE", "RESTORING", "RECOVERING", "SUSPECT", "EMERGENCY",
        "missing"};
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,15}");

    String flavour;
    String instance;
    String caller;
    final List<String> sysadmins = new ArrayList<>();
    /** Logins that exist without sysadmin. */
    final List<String> logins = new ArrayList<>();
    final Map<String, List<String>> members = new LinkedHashMap<>();
    /** xp_logininfo cannot reach Active Directory: it fails for every domain account (not for BUILTIN or local). */
    boolean adLookupFails;
    /** SUSDB's state on this SQL Server (wsus-catalog.md 5.1): ONLINE unless a scenario says otherwise. */
    String susdb;

    /**
     * Defaults: WID, caller {@value #DEFAULT_CALLER}, sysadmin held by BUILTIN\Administrators. When
     * {@code members} is not given at all, the caller is a member of BUILTIN\Administrators (the WinRM account is
     * a local administrator); when it is given, exactly the listed memberships exist.
     */
    static SqlServer parse(String path, Map<String, Object> m) {
        Simulate.onlyKeys(path, m, KEYS);
        SqlServer s = new SqlServer();
        s.flavour = Simulate.oneOf(path + ".flavour", m.get("flavour"), "wid", "wid", "default", "named");
        s.instance = Simulate.matching(path + ".instance", m.get("instance"), "WSUS", INSTANCE,
                "an instance name (letters, digits, _; at most 16)");
        s.caller = Simulate.matching(path + ".caller", m.get("caller"), DEFAULT_CALLER, Simulate.ACCOUNT,
                "a DOMAIN\\name account");
        s.sysadmins.addAll(Simulate.accounts(path + ".sysadmins", m.get("sysadmins"), List.of(ADMINISTRATORS)));
        s.logins.addAll(Simulate.accounts(path + ".logins", m.get("logins"), List.of()));
        s.adLookupFails = Simulate.bool(path + ".ad_lookup_fails", m.get("ad_lookup_fails"), false);
        s.susdb = Simulate.oneOf(path + ".susdb", m.get("susdb"), "ONLINE", SUSDB_STATES);
        if (m.get("members") == null) {
            s.members.put(ADMINISTRATORS, new ArrayList<>(List.of(s.caller)));
        } else {
            Map<String, Object> groups = Simulate.map(path + ".members", m.get("members"));
            for (Map.Entry<String, Object> g : groups.entrySet()) {
                String gp = path + ".members." + g.getKey();
                Simulate.matching(gp, g.getKey(), null, Simulate.ACCOUNT, "a DOMAIN\\group name as the key");
                s.members.put(g.getKey(), new ArrayList<>(Simulate.accounts(gp, g.getValue(), List.of())));
            }
        }
        return s;
    }

    boolean susdbOnline() {
        return "ONLINE".equals(susdb);
    }

    /**
     * What opening SUSDB says when it is not usable (SQL Server's database engine errors): 4060 for a database that
     * does not exist, 942 offline, 926 suspect, 927 restoring, 922 recovering (and, simplified, emergency); null when
     * ONLINE.
     */
    String susdbError() {
        return switch (susdb) {
            case "ONLINE" -> null;
            case "missing" -> "Cannot open database \"SUSDB\" requested by the login. The login failed.";
            case "OFFLINE" -> "Database 'SUSDB' cannot be opened because it is offline.";
            case "SUSPECT" -> "Database 'SUSDB' cannot be opened. It has been marked SUSPECT by recovery.";
            case "RESTORING" -> "Database 'SUSDB' cannot be opened. It is in the middle of a restore.";
            default -> "Database 'SUSDB' is being recovered. Waiting until recovery is finished.";
        };
    }

    /** The Windows service of the local SQL engine. */
    String serviceName() {
        switch (flavour) {
            case "default":
                return "MSSQLSERVER";
            case "named":
                return "MSSQL$" + instance;
            default:
                return "MSSQL$MICROSOFT##WID";
        }
    }

    /** What WSUS setup wrote to SqlServerName. */
    String serverName(String host) {
        String h = host.split("\\.", 2)[0].toUpperCase(Locale.ROOT);
        switch (flavour) {
            case "default":
                return h;
            case "named":
                return h + "\\" + instance;
            default:
                return "MICROSOFT##WID";
        }
    }

    /** The data source the sql.sysadmin scripts connect to. */
    String dataSource(String host) {
        return "wid".equals(flavour) ? "np:\\\\.\\pipe\\MICROSOFT##WID\\tsql\\query" : serverName(host);
    }

    String version() {
        return "wid".equals(flavour) ? "14.0.1000.169" : "15.0.2000.5";
    }

    /**
     * {@code IS_SRVROLEMEMBER(N'sysadmin', @login)}: the login form looks at the login's own server principal only.
     * It is NULL for a Windows login that has no principal of its own (one that reaches the server only through a
     * group, like the WinRM account through BUILTIN\Administrators on a default WID), and NULL when the caller may
     * not view role membership; membership through groups counts only in the caller's own token, {@code
     * IS_SRVROLEMEMBER(N'sysadmin')} without a login ({@link #effectiveSysadmin}). Source: Microsoft's
     * IS_SRVROLEMEMBER reference, "If a Windows login ... is specified for login, IS_SRVROLEMEMBER returns NULL,
     * unless the login has been granted or denied direct access to SQL Server"
     * (learn.microsoft.com/previous-versions/sql/sql-server-2012/ms176015(v=sql.110)).
     */
    Integer isSrvRoleMember(String login) {
        if (!loginExists(login)) {
            return null;
        }
        if (!login.equalsIgnoreCase(caller) && !effectiveSysadmin(caller)) {
            return null;
        }
        return directSysadmin(login) ? 1 : 0;
    }

    boolean loginExists(String account) {
        return contains(sysadmins, account) || contains(logins, account);
    }

    boolean directSysadmin(String account) {
        return contains(sysadmins, account);
    }

    /** The Windows groups (that are logins) through which {@code account} reaches the server. */
    List<String> groupsOf(String account) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> g : members.entrySet()) {
            if (contains(g.getValue(), account) && loginExists(g.getKey())) {
                out.add(g.getKey());
            }
        }
        return out;
    }

    /** Sysadmin by any path: what IS_SRVROLEMEMBER('sysadmin') says for a token of {@code account}. */
    boolean effectiveSysadmin(String account) {
        if (directSysadmin(account)) {
            return true;
        }
        return groupsOf(account).stream().anyMatch(this::directSysadmin);
    }

    /** Whether xp_logininfo fails for this account: AD unreachable and the account is a domain one. */
    boolean lookupFails(String account) {
        String domain = account.split("\\\\", 2)[0];
        return adLookupFails && !domain.equalsIgnoreCase("BUILTIN") && !domain.equalsIgnoreCase("NT AUTHORITY");
    }

    /** Rows of {@code xp_logininfo @acctname, 'all'}: privilege and permission path ("" for the login itself). */
    List<Map<String, Object>> permissionPaths(String account) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (loginExists(account)) {
            rows.add(path(directSysadmin(account) ? "admin" : "user", ""));
        }
        for (String g : groupsOf(account)) {
            rows.add(path(directSysadmin(g) ? "admin" : "user", g));
        }
        return rows;
    }

    /** CREATE LOGIN if missing, then ALTER SERVER ROLE sysadmin ADD MEMBER. */
    void grantSysadmin(String account) {
        logins.removeIf(l -> l.equalsIgnoreCase(account));
        if (!directSysadmin(account)) {
            sysadmins.add(account);
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flavour", flavour);
        m.put("instance", instance);
        m.put("caller", caller);
        m.put("sysadmins", new ArrayList<>(sysadmins));
        m.put("logins", new ArrayList<>(logins));
        Map<String, Object> g = new LinkedHashMap<>();
        members.forEach((k, v) -> g.put(k, new ArrayList<>(v)));
        m.put("members", g);
        m.put("ad_lookup_fails", adLookupFails);
        m.put("susdb", susdb);
        return m;
    }

    private static Map<String, Object> path(String privilege, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("privilege", privilege);
        m.put("path", path);
        return m;
    }

    static boolean contains(List<String> list, String account) {
        return list.stream().anyMatch(a -> a.equalsIgnoreCase(account));
    }
}
