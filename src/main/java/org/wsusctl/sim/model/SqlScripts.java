package org.wsusctl.sim.model;

import static org.wsusctl.sim.model.Results.map;

import java.util.List;
import java.util.Map;
import org.wsusctl.sim.SimScriptException;

/**
 * Models of sql.sysadmin: IS_SRVROLEMEMBER for the caller's token (groups count), IS_SRVROLEMEMBER for another
 * login (direct only; NULL when the caller may not look), xp_logininfo permission paths, and the grant, which
 * only a sysadmin caller can make.
 */
final class SqlScripts {
    private static final String CHECK = "sql.sysadmin";

    private SqlScripts() { }

    static void register(ScriptTable t) {
        t.check("sql.sysadmin.check", SqlScripts::check).mutating("sql.sysadmin.fix", SqlScripts::fix);
    }

    private static String login(WsusServer s, ScriptArgs a) throws SimScriptException {
        String l = a.string("login");
        if (!l.isEmpty() && !Simulate.ACCOUNT.matcher(l).matches()) {
            throw new SimScriptException("unsafe login rejected");
        }
        return l.isEmpty() ? s.sql.caller : l;
    }

    private static String connectError(WsusServer s) {
        return "A network-related or instance-specific error occurred while establishing a connection to SQL Server."
                + " The server was not found or was not accessible. (provider: Named Pipes Provider, error: 40 - Could"
                + " not open a connection to SQL Server)";
    }

    /** IS_SRVROLEMEMBER(N'sysadmin', @login) as the caller sees it: 1, 0 or null. */
    private static Integer direct(SqlServer sql, String login) {
        boolean self = login.equalsIgnoreCase(sql.caller);
        if (self) {
            return sql.effectiveSysadmin(login) ? 1 : 0;
        }
        if (!sql.effectiveSysadmin(sql.caller) || !sql.loginExists(login)) {
            return null;
        }
        return sql.directSysadmin(login) ? 1 : 0;
    }

    static Map<String, Object> check(WsusServer s, ScriptArgs a) throws SimScriptException {
        String l = login(s, a);
        SqlServer sql = s.sql;
        if (!s.sqlUp()) {
            return Results.check(CHECK, "unknown", "high", map("dataSource", sql.dataSource(s.host)),
                    null, "cannot connect to SQL Server (stopped, or a WinRM double hop to a remote SQL): "
                            + connectError(s));
        }
        boolean callerSa = sql.effectiveSysadmin(sql.caller);
        Integer loginDirect = direct(sql, l);
        Map<String, Object> o = map("login", l, "caller", sql.caller, "callerIsSysadmin", callerSa ? 1 : 0,
                "loginDirect", loginDirect, "loginExists", sql.loginExists(l), "version", sql.version(),
                "paths", List.of());
        String status = "drift";
        String msg = l + " is not sysadmin";
        if (l.equalsIgnoreCase(sql.caller)) {
            if (callerSa) {
                status = "ok";
                msg = l + " (the WinRM account) is sysadmin";
            } else if ("wid".equals(sql.flavour)) {
                msg += "; on WID local administrators are sysadmin only with an elevated token";
            }
        } else if (!callerSa) {
            status = "unknown";
            msg = "the WinRM account " + sql.caller + " is not sysadmin and cannot view the role membership of " + l;
        } else if (loginDirect != null && loginDirect == 1) {
            status = "ok";
            msg = l + " is sysadmin (direct member)";
        } else {
            List<Map<String, Object>> paths = sql.permissionPaths(l);
            o.put("paths", paths);
            if (paths.stream().anyMatch(p -> "admin".equals(p.get("privilege")))) {
                status = "ok";
                msg = l + " is sysadmin through a Windows group";
            }
        }
        o.put("sysadmin", status.equals("unknown") ? null : status.equals("ok"));
        return Results.check(CHECK, status, "high", o, map("sysadmin", true), msg);
    }

    static Map<String, Object> fix(WsusServer s, ScriptArgs a) throws SimScriptException {
        String l = login(s, a);
        SqlServer sql = s.sql;
        if (!s.sqlUp()) {
            throw new SimScriptException("Exception calling \"Open\" with \"0\" argument(s): \"" + connectError(s) + "\"");
        }
        Map<String, Object> before = map("login", l, "loginDirect", direct(sql, l));
        boolean callerSa = sql.effectiveSysadmin(sql.caller);
        boolean admin = Integer.valueOf(1).equals(before.get("loginDirect"))
                || (callerSa && sql.permissionPaths(l).stream().anyMatch(p -> "admin".equals(p.get("privilege"))));
        if (admin) {
            return Results.fix(CHECK, "unchanged", before, before, l + " is already sysadmin");
        }
        if (!callerSa) {
            return Results.fix(CHECK, "failed", before, before, "SQL Server refused the grant: "
                    + "Exception calling \"ExecuteScalar\" with \"0\" argument(s): \"" + SqlServer.NO_PERMISSION + "\"");
        }
        s.change("sysadmin granted to " + l, map("login", l, "sysadmin", false, "loginExists", sql.loginExists(l)),
                map("login", l, "sysadmin", true, "loginExists", true));
        sql.grantSysadmin(l);
        Map<String, Object> after = map("login", l, "loginDirect", direct(sql, l));
        return Results.fix(CHECK, "changed", before, after,
                "granted sysadmin to " + l + "; revoke it after setup if it was only needed there");
    }
}
