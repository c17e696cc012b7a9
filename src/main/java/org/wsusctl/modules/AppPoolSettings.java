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
 * {@code iis.apppool.settings}: the best-practice pool tuning (queue length, idle timeout, pinging, periodic
 * restart, virtual memory limit). Rapid-fail protection is contested, so the module leaves it alone unless the
 * step says {@code rapid_fail: disable}: that explicit argument is the approval for it, which keeps one
 * module with one fix policy (AUTO) instead of splitting approval inside a module.
 */
final class AppPoolSettings implements CheckModule {
    private static final PsScript<ReadOnly> CHECK = PsScript.check("iis.apppool.settings.check");
    private static final PsScript<Mutating> FIX = PsScript.fix("iis.apppool.settings.fix");

    @Override
    public String name() {
        return "iis.apppool.settings";
    }

    @Override
    public String summary() {
        return "pool tuning: queue >= 2000, idle timeout 0, pinging off, periodic restart 0, virtual memory 0";
    }

    @Override
    public String symptom() {
        return "HTTP 503 under load: WsusPool recycles, times out or queues too few requests";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.name("pool", "WsusPool", "application pool name"),
                ArgSpec.integer("queue_length", 2000L, 10, 65535, "lowest compliant request queue length (never lowered)"),
                ArgSpec.pattern("rapid_fail", "leave", Pattern.compile("leave|disable"), "leave or disable",
                        "rapid-fail protection: leave (report only) or disable (explicitly approved change)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, scriptArgs(args));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.of(new ScriptCall<>(FIX, scriptArgs(args)));
    }

    private static Map<String, Object> scriptArgs(ModuleArgs args) {
        return Map.of("pool", args.string("pool"), "queue_length", args.integer("queue_length"),
                "rapid_fail", args.string("rapid_fail"));
    }
}
