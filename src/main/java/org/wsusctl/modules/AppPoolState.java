package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.ScriptKind.ReadOnly;
import org.wsusctl.remote.UnitResult;

/** {@code iis.apppool.state}: WsusPool is Started; the fix starts a Stopped pool and says if it stops again. */
final class AppPoolState implements CheckModule {
    private static final PsScript<ReadOnly> CHECK = PsScript.check("iis.apppool.state.check");
    private static final PsScript<Mutating> FIX = PsScript.fix("iis.apppool.state.fix");

    @Override
    public String name() {
        return "iis.apppool.state";
    }

    @Override
    public String summary() {
        return "the IIS application pool is Started";
    }

    @Override
    public String symptom() {
        return "message 6703: sync fails with HTTP 503 (WsusPool stopped)";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.name("pool", "WsusPool", "application pool name"),
                ArgSpec.integer("soak_seconds", 5L, 0, 600,
                        "after a start, seconds to wait before confirming the pool stayed up"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, Map.of("pool", args.string("pool")));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.of(new ScriptCall<>(FIX,
                Map.of("pool", args.string("pool"), "soak_seconds", args.integer("soak_seconds"))));
    }
}
