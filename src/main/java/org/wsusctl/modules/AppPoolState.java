package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.IisPoolFacts;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code iis.apppool.state}: an application pool (WsusPool) is Started: a stopped WsusPool is the tips article's
 * most likely cause of message 6703 / HTTP 503 (wsus-catalog.md 2.1). The fix starts a Stopped pool.
 */
final class AppPoolState implements CheckModule {
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
                ArgSpec.choice("state", "Started", List.of("Started"), "the state the pool must be in"),
                ArgSpec.integer("soak_seconds", 10L, 0, 600,
                        "after a start, seconds of warm-up requests the pool must survive (workers start on demand;"
                                + " rapid-fail protection disables a pool after 5 crashes in 5 minutes)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public Phase phase() {
        return Phase.POOL_START;
    }

    static FactRequest pool(String pool) {
        return new FactRequest(IisPoolFacts.SECTION, Map.of("pool", pool));
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(WsusServices.SERVICES, pool(args.string("pool")));
    }

    /**
     * The IIS provider cannot be read while WAS is not running: Test-Path answers false and
     * Get-WebAppPoolState throws (0x80070425, 0x800710D8). Such a reading is unreadable, never "pool not found".
     */
    static java.util.Optional<Verdict> iisUnreadable(FactSet facts) {
        return Read.facts(facts, WsusServices.SERVICES).flatMap(f -> {
            for (org.wsusctl.contract.Facts s : f.get(org.wsusctl.contract.ServiceFacts.SERVICES)) {
                if ("WAS".equalsIgnoreCase(s.get(org.wsusctl.contract.ServiceFacts.NAME))) {
                    String state = s.get(org.wsusctl.contract.ServiceFacts.STATE);
                    return "Running".equalsIgnoreCase(state) ? java.util.Optional.<Verdict>empty()
                            : java.util.Optional.of(Verdict.unreadable("IIS cannot be read while WAS is " + state));
                }
            }
            return java.util.Optional.of(Verdict.unreadable("IIS cannot be read: WAS is not installed"));
        });
    }

    /** Reading a pool through the IIS provider needs WAS (Get-WebAppPoolState throws while it is down). */
    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Set.of(new Condition.ServiceUp(ServiceRole.WAS));
    }

    @Override
    public Set<Condition> verifies(ModuleArgs args) {
        return Set.of(new Condition.PoolStarted(args.string("pool")));
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        String pool = args.string("pool");
        FactRequest req = pool(pool);
        Optional<Verdict> noIis = iisUnreadable(facts);
        if (noIis.isPresent()) {
            return noIis.get();
        }
        Optional<Facts> f = Read.facts(facts, req);
        if (f.isEmpty()) {
            return Read.unreadable(facts, req);
        }
        Condition started = new Condition.PoolStarted(pool);
        Map<String, Object> expected = Verdict.values("state", "Started");
        if (!f.get().get(IisPoolFacts.EXISTS)) {
            return Verdict.drift(Verdict.values("pool", pool, "state", "missing"), expected,
                    "application pool " + pool + " not found").establishing(started, false);
        }
        String state = f.get().get(IisPoolFacts.STATE);
        Map<String, Object> observed = Verdict.values("pool", pool, "state", state);
        return switch (String.valueOf(state)) {
            case "Started" -> Verdict.ok(observed, expected, "pool " + pool + " is Started").establishing(started, true);
            case "Stopped" -> Verdict.drift(observed, expected, "pool " + pool + " is Stopped")
                    .establishing(started, false);
            default -> Verdict.undecided(observed, "pool " + pool + " is " + state + "; re-check later");
        };
    }

    @Override
    public List<PsScript<Mutating>> fixScripts() {
        return List.of(FIX);
    }

    @Override
    public List<FixPlan> plan(ModuleArgs args, FactSet facts) {
        Optional<Facts> f = Read.facts(facts, pool(args.string("pool")));
        if (f.isEmpty() || !f.get().get(IisPoolFacts.EXISTS) || !"Stopped".equals(f.get().get(IisPoolFacts.STATE))) {
            return List.of();
        }
        return List.of(new FixPlan(Phase.POOL_START, new ScriptCall<>(FIX,
                Map.of("pool", args.string("pool"), "soak_seconds", args.integer("soak_seconds")))));
    }

    /**
     * Reasons: {@code not_stopped} (it was not Stopped when the script looked), {@code dependency_not_running}
     * (WAS or W3SVC is down: a pool cannot start without them; detail names them), {@code crashed_after_start}
     * (it did not stay up through the warm-up requests: not Started at the end, or WAS logged 5002/5009 for it;
     * detail names the events), {@code stopped_again} (as the simulator's older model said it).
     */
    @Override
    public String describeFix(UnitResult.Fix r) {
        return switch (r.outcome()) {
            case CHANGED -> "pool started";
            case UNCHANGED -> "pool was already " + r.before().get("state");
            case REFUSED -> "cannot start the pool while not running: " + r.detail();
            case FAILED -> "pool did not stay up after its start: it is " + r.after().get("state")
                    + (r.detail().isEmpty() ? "" : ", " + FixMessages.events(r.detail()))
                    + " (worker crashes; rapid-fail protection? see iis.apppool.private_memory and the WAS events)";
        };
    }
}
