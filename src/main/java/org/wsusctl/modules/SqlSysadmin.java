package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.ScriptKind.ReadOnly;
import org.wsusctl.remote.UnitResult;

/**
 * {@code sql.sysadmin}: the WSUS setup account holds sysadmin on the SQL Server that hosts SUSDB, directly or
 * through a Windows group. The fix (create login, add to sysadmin) is a privilege grant: approval only.
 */
final class SqlSysadmin implements CheckModule {
    /** {@code DOMAIN\name} without brackets, backslashes or control characters in either part; or empty. */
    static final Pattern LOGIN = Pattern.compile("|[^\\\\\\]\\[\\x00-\\x1f]{1,64}\\\\[^\\\\\\]\\[\\x00-\\x1f]{1,104}");
    private static final PsScript<ReadOnly> CHECK = PsScript.check("sql.sysadmin.check");
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
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, Map.of("login", login(args)));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.of(new ScriptCall<>(FIX, Map.of("login", login(args))));
    }

    private static String login(ModuleArgs args) {
        String l = args.string("login");
        return l == null ? "" : l;
    }
}
