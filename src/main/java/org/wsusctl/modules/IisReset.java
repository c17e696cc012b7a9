package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;

/** {@code iis.reset}: {@code iisreset /restart}. Restarts every site on the host, so it needs approval. */
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
    public ScriptCall<Mutating> action(ModuleArgs args) {
        return new ScriptCall<>(ACTION, Map.of());
    }
}
