package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.IisPoolFacts;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code iis.apppool.private_memory}: the pool's private-memory recycle limit is 0 (unlimited) or at least
 * {@code minimum_kb} (wsus-catalog.md 2.2: WSUS installs 1843200 KB, which recycles and, with rapid-fail
 * protection, stops WsusPool under load). The fix raises it to {@code max(target_kb, minimum_kb)}; it never lowers
 * a higher limit, never turns 0 into a limit and does not recycle (the playbook notifies
 * {@code iis.apppool.recycle}).
 */
final class AppPoolPrivateMemory implements CheckModule {
    /** IIS stores the limit as a uint in KB. */
    static final long MAX_KB = 4294967295L;
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
    public Phase phase() {
        return Phase.POOL_CONFIG;
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(WsusServices.HOST, WsusServices.SERVICES, AppPoolState.pool(args.string("pool")));
    }

    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Set.of(new Condition.ServiceUp(ServiceRole.WAS));
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        String pool = args.string("pool");
        FactRequest req = AppPoolState.pool(pool);
        Optional<Verdict> noIis = AppPoolState.iisUnreadable(facts);
        if (noIis.isPresent()) {
            return noIis.get();
        }
        Optional<Facts> f = Read.facts(facts, req);
        if (f.isEmpty()) {
            return Read.unreadable(facts, req);
        }
        long min = args.integer("minimum_kb");
        Map<String, Object> expected = Verdict.values("privateMemoryKb", ">= " + min + " or 0 (unlimited)");
        if (!f.get().get(IisPoolFacts.EXISTS)) {
            return Verdict.drift(Verdict.values("pool", pool, "privateMemoryKb", null), expected,
                    "application pool " + pool + " not found");
        }
        Long kb = f.get().get(IisPoolFacts.PRIVATE_MEMORY_KB);
        Long ram = Read.facts(facts, WsusServices.HOST).map(h -> h.get(HostFacts.RAM_KB)).orElse(null);
        Map<String, Object> observed = Verdict.values("pool", pool, "privateMemoryKb", kb, "hostRamKb", ram);
        if (kb == null) {
            return Verdict.undecided(observed, "the pool's private memory limit could not be read");
        }
        String msg = kb == 0 ? "no private memory limit (0 = unlimited)" : "private memory limit is " + kb + " KB";
        boolean ok = kb == 0 || kb >= min;
        if (!ok) {
            msg += ", below " + min + " KB";
        }
        if (ram != null && min > 0.9 * ram) {
            msg += "; warning: the minimum exceeds 90% of host RAM, add memory or use 0";
        }
        return ok ? Verdict.ok(observed, expected, msg) : Verdict.drift(observed, expected, msg);
    }

    @Override
    public List<PsScript<Mutating>> fixScripts() {
        return List.of(FIX);
    }

    @Override
    public List<FixPlan> plan(ModuleArgs args, FactSet facts) {
        long target = Math.max(args.integer("target_kb"), args.integer("minimum_kb"));
        return List.of(new FixPlan(Phase.POOL_CONFIG, new ScriptCall<>(FIX,
                Map.of("pool", args.string("pool"), "target_kb", target))));
    }

    /** Reasons: {@code unlimited} (0 is left as is), {@code already_at_or_above} (never lowered). */
    @Override
    public String describeFix(UnitResult.Fix r) {
        Object before = r.before().get("privateMemoryKb");
        return switch (r.outcome()) {
            case CHANGED -> "private memory limit " + before + " -> " + r.after().get("privateMemoryKb")
                    + " KB (takes effect at the next recycle)";
            case UNCHANGED -> r.reason().equals("unlimited") ? "limit is 0 (unlimited); left as is"
                    : "limit " + before + " KB is already at or above the target; never lowered";
            case REFUSED, FAILED -> "the limit is " + r.after().get("privateMemoryKb") + " KB after the change ("
                    + r.reason() + ")";
        };
    }
}
