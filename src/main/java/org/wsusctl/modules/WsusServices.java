package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.ScriptKind.ReadOnly;
import org.wsusctl.remote.UnitResult;

/**
 * {@code wsus.services}: the SQL engine of whatever flavour WSUS uses (found in the WSUS Setup registry), WAS,
 * W3SVC and WsusService run. The fix starts stopped ones in that dependency order and skips Disabled ones.
 */
final class WsusServices implements CheckModule {
    private static final PsScript<ReadOnly> CHECK = PsScript.check("wsus.services.check");
    private static final PsScript<Mutating> FIX = PsScript.fix("wsus.services.fix");

    @Override
    public String name() {
        return "wsus.services";
    }

    @Override
    public String summary() {
        return "SQL (WID / MSSQLSERVER / MSSQL$INST), WAS, W3SVC and WsusService are running";
    }

    @Override
    public String symptom() {
        return "\"Some services are not running\"";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of();
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, Map.of());
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.of(new ScriptCall<>(FIX, Map.of()));
    }
}
