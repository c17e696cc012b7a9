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
 * {@code iis.apppool.private_memory}: the pool's private-memory recycle limit is 0 (unlimited) or at least
 * {@code minimum_kb}. The fix raises it to {@code max(target_kb, minimum_kb)}; it never lowers a higher limit,
 * never turns 0 into a limit and does not recycle (the playbook notifies {@code iis.apppool.recycle}).
 */
final class AppPoolPrivateMemory implements CheckModule {
    /** IIS stores the limit as a uint in KB. */
    static final long MAX_KB = 4294967295L;
    private static final PsScript<ReadOnly> CHECK = PsScript.check("iis.apppool.private_memory.check");
    private static final PsScript<Mutating> FIX = PsScript.fix("iis.apppool.private_memory.fix");

    @Override
    public String name() {
        return "iis.apppool.private_memory";
    }

    @Override
    public String summary() {
        return "the pool's private memory limit is 0 (unlimited) or at least minimum_kb; the fix raises it";
    }

    @Override
    public String symptom() {
        return "message 6703 / HTTP 503: WsusPool recycles and stops at WSUS's default 1843200 KB limit";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.name("pool", "WsusPool", "application pool name"),
                ArgSpec.integer("minimum_kb", 4000000L, 1, MAX_KB, "lowest compliant limit in KB (0 always complies)"),
                ArgSpec.integer("target_kb", 4000000L, 1, MAX_KB,
                        "what the fix sets, in KB; never below minimum_kb (8000000+ for big environments)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, Map.of("pool", args.string("pool"), "minimum_kb", args.integer("minimum_kb")));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        long target = Math.max(args.integer("target_kb"), args.integer("minimum_kb"));
        return Optional.of(new ScriptCall<>(FIX, Map.of("pool", args.string("pool"), "target_kb", target)));
    }
}
