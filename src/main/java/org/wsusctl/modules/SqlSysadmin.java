package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.Names;
import org.wsusctl.contract.SqlFacts;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code sql.sysadmin}: the WSUS setup account holds sysadmin on the SQL Server that hosts SUSDB, directly or
 * through a Windows group (the tips article's error 0x80070643; wsus-catalog.md 5.2). {@code IS_SRVROLEMEMBER}
 * with a login sees direct membership only, hence xp_logininfo's permission paths; NULL means "cannot tell", never
 * "no". The fix (create login, add to sysadmin) is a privilege grant: approval only.
 */
final class SqlSysadmin implements CheckModule {
    /** {@code DOMAIN\name}, or empty for the WinRM account. */
    static final Pattern LOGIN = Pattern.compile("|" + Names.ACCOUNT.pattern());
    private static final PsScript<Mutating> FIX = PsScript.fix("sql.sysadmin.fix");

    @Override
    public String name() {
        return "sql.sysadmin";
    }

    @Override
    public String summary() {
        return "the WSUS setup account is SQL Server sysadmin (group membership counts); grant needs approval";
    }

    @Override
    public String symptom() {
        return "Error 0x80070643 (fatal error during installation) in WSUS setup";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.pattern("login", "", LOGIN, "DOMAIN\\name, or empty for the WinRM account",
                "the account that runs WSUS setup / postinstall; empty = the WinRM account (SUSER_SNAME())"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.APPROVAL;
    }

    @Override
    public Phase phase() {
        return Phase.SQL_RIGHTS;
    }

    private static String login(ModuleArgs args) {
        String l = args.string("login");
        return l == null ? "" : l;
    }

    private static FactRequest sql(ModuleArgs args) {
        return new FactRequest(SqlFacts.SECTION, Map.of("login", login(args)));
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(WsusServices.HOST, sql(args));
    }

    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Set.of(new Condition.ServiceUp(ServiceRole.SQL));
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> host = Read.facts(facts, WsusServices.HOST);
        if (host.isEmpty()) {
            return Read.unreadable(facts, WsusServices.HOST);
        }
        if (!host.get().get(HostFacts.INSTALLED)) {
            return Verdict.notApplicable("WSUS not installed");
        }
        Optional<Facts> read = Read.facts(facts, sql(args));
        if (read.isEmpty()) {
            return Read.unreadable(facts, sql(args));
        }
        Facts f = read.get();
        if (!f.get(SqlFacts.CONNECTED)) {
            return Verdict.undecided(Verdict.values("dataSource", f.get(SqlFacts.DATA_SOURCE)),
                    "cannot connect to SQL Server (stopped, or a WinRM double hop to a remote SQL): "
                            + f.get(SqlFacts.CONNECT_ERROR));
        }
        String login = f.get(SqlFacts.LOGIN);
        String caller = f.get(SqlFacts.CALLER);
        Long callerSa = f.get(SqlFacts.CALLER_IS_SYSADMIN);
        Long direct = f.get(SqlFacts.LOGIN_DIRECT);
        List<Facts> paths = f.get(SqlFacts.PATHS);
        Map<String, Object> observed = Verdict.values("login", login, "caller", caller, "callerIsSysadmin", callerSa,
                "loginDirect", direct, "loginExists", f.get(SqlFacts.LOGIN_EXISTS), "version", f.get(SqlFacts.VERSION),
                "paths", paths.stream().map(Facts::values).toList());
        Map<String, Object> expected = Verdict.values("sysadmin", true);
        boolean wid = String.valueOf(host.get().get(HostFacts.SQL_SERVER_NAME)).toUpperCase().contains("##WID");
        if (login != null && login.equalsIgnoreCase(caller)) {
            if (callerSa == null) {
                return undecided(observed, "IS_SRVROLEMEMBER returned NULL for the caller " + caller);
            }
            if (callerSa == 1) {
                return ok(observed, expected, login + " (the WinRM account) is sysadmin");
            }
            return drift(observed, expected, login + " is not sysadmin"
                    + (wid ? "; on WID local administrators are sysadmin only with an elevated token" : ""));
        }
        if (callerSa == null || callerSa != 1) {
            return undecided(observed, "the WinRM account " + caller
                    + " is not sysadmin and cannot view the role membership of " + login);
        }
        if (direct != null && direct == 1) {
            return ok(observed, expected, login + " is sysadmin (direct member)");
        }
        if (f.get(SqlFacts.PATHS_ERROR) != null) {
            return undecided(observed, "xp_logininfo could not resolve " + login + ": " + f.get(SqlFacts.PATHS_ERROR));
        }
        if (paths.stream().anyMatch(p -> "admin".equalsIgnoreCase(p.get(SqlFacts.PRIVILEGE)))) {
            return ok(observed, expected, login + " is sysadmin through a Windows group");
        }
        return drift(observed, expected, login + " is not sysadmin");
    }

    private static Verdict ok(Map<String, Object> observed, Map<String, Object> expected, String msg) {
        observed.put("sysadmin", true);
        return Verdict.ok(observed, expected, msg);
    }

    private static Verdict drift(Map<String, Object> observed, Map<String, Object> expected, String msg) {
        observed.put("sysadmin", false);
        return Verdict.drift(observed, expected, msg);
    }

    private static Verdict undecided(Map<String, Object> observed, String msg) {
        observed.put("sysadmin", null);
        return Verdict.undecided(observed, msg);
    }

    @Override
    public List<PsScript<Mutating>> fixScripts() {
        return List.of(FIX);
    }

    @Override
    public List<FixPlan> plan(ModuleArgs args, FactSet facts) {
        return List.of(new FixPlan(Phase.SQL_RIGHTS, new ScriptCall<>(FIX, Map.of("login", login(args)))));
    }

    /** Detail: the login; for failures, SQL Server's message. */
    @Override
    public String describeFix(UnitResult.Fix r) {
        Object login = r.after().getOrDefault("login", r.before().get("login"));
        return switch (r.outcome()) {
            case CHANGED -> "granted sysadmin to " + login + "; revoke it after setup if it was only needed there";
            case UNCHANGED -> login + " is already sysadmin";
            case REFUSED, FAILED -> "SQL Server refused the grant: " + r.detail();
        };
    }
}
