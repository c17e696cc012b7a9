package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code iis.apppool.recycle}: recycles a Started pool so new settings take effect (a raised memory limit applies
 * to the next worker; wsus-catalog.md 2.2 and P14). A Stopped pool is left to {@code iis.apppool.state}.
 */
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
        return List.of(ArgSpec.name("pool", "WsusPool", "application pool name"),
                ArgSpec.integer("soak_seconds", 10L, 0, 600,
                        "after the recycle, seconds of warm-up requests the new worker must survive"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public Phase phase() {
        return Phase.POOL_START;
    }

    @Override
    public ScriptCall<Mutating> action(ModuleArgs args) {
        return call(args, true);
    }

    /**
     * One recycle, not two: when every configuration fix that notified it reports that its commit already rotated
     * the worker (disallowRotationOnConfigChange is false by default), the recycle only proves the new worker
     * stays up and recycles nothing.
     */
    @Override
    public ScriptCall<Mutating> actionAfter(ModuleArgs args, List<UnitResult.Fix> notifying) {
        boolean rotated = !notifying.isEmpty()
                && notifying.stream().allMatch(f -> Boolean.TRUE.equals(f.after().get("rotated")));
        return call(args, !rotated);
    }

    private static ScriptCall<Mutating> call(ModuleArgs args, boolean rotate) {
        return new ScriptCall<>(ACTION, Map.of("pool", args.string("pool"), "soak_seconds", args.integer("soak_seconds"),
                "rotate", rotate));
    }

    /**
     * Reasons: {@code not_started} (nothing to recycle), {@code rotated_by_config_change} (the notifying change
     * already rotated the worker, which stayed up), {@code crashed_after_start} (the new worker fell over).
     */
    @Override
    public String describeFix(UnitResult.Fix r) {
        return switch (r.outcome()) {
            case CHANGED -> "pool recycled";
            case UNCHANGED, REFUSED -> r.reason().equals("rotated_by_config_change")
                    ? "not recycled again: the configuration change already rotated the worker, which stayed up"
                    : "pool is " + r.before().get("state") + "; not recycled";
            case FAILED -> "pool did not stay up after the recycle: it is " + r.after().get("state")
                    + (r.detail().isEmpty() ? "" : ", " + FixMessages.events(r.detail())) + " (rapid-fail protection?)";
        };
    }
}
