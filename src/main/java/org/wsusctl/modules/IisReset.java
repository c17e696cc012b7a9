package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code iis.reset}: {@code iisreset /restart}, the tips article's "resetting the Web service". Disruptive (every
 * IIS site on the host, often a ConfigMgr management point too), so approval only (wsus-catalog.md 4.1).
 */
final class IisReset implements ActionModule {
    private static final PsScript<Mutating> ACTION = PsScript.fix("iis.reset.action");

    @Override
    public String name() {
        return "iis.reset";
    }

    @Override
    public String summary() {
        return "iisreset /restart (disruptive: every IIS site on the host)";
    }

    @Override
    public String symptom() {
        return "\"Some services are not running\": reset the Web service with iisreset";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of();
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.APPROVAL;
    }

    @Override
    public Phase phase() {
        return Phase.SERVICES;
    }

    @Override
    public ScriptCall<Mutating> action(ModuleArgs args) {
        return new ScriptCall<>(ACTION, Map.of());
    }

    /** Detail: iisreset's exit code (its text output is localized and never read). */
    @Override
    public String describeFix(UnitResult.Fix r) {
        return "iisreset /restart exit code " + r.detail() + "; " + FixMessages.changes(r.before(), r.after());
    }
}
