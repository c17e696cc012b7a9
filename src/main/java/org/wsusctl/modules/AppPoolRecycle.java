package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;

/** {@code iis.apppool.recycle}: recycles a Started pool (a handler after config changes); a Stopped pool is reported. */
final class AppPoolRecycle implements ActionModule {
    private static final PsScript<Mutating> ACTION = PsScript.fix("iis.apppool.recycle.action");

    @Override
    public String name() {
        return "iis.apppool.recycle";
    }

    @Override
    public String summary() {
        return "recycles the application pool if it is Started, so new settings take effect";
    }

    @Override
    public String symptom() {
        return "message 6703 / HTTP 503: a raised memory limit applies only after a recycle";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.name("pool", "WsusPool", "application pool name"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public ScriptCall<Mutating> action(ModuleArgs args) {
        return new ScriptCall<>(ACTION, Map.of("pool", args.string("pool")));
    }
}
