package org.wsusctl.modules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.IisPoolFacts;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code iis.apppool.settings}: the pool tuning of Microsoft's WSUS best-practices article (wsus-catalog.md 2.4):
 * queue length at least {@code queue_length}, idle timeout 0, pinging off, periodic restart 0, virtual memory 0.
 * Rapid-fail protection is contested (community only): it drifts only when the step asks for
 * {@code rapid_fail: disable}. The fix writes only what differs and never lowers the queue length.
 */
final class AppPoolSettings implements CheckModule {
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
    public Phase phase() {
        return Phase.POOL_CONFIG;
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(WsusServices.SERVICES, AppPoolState.pool(args.string("pool")));
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
        Optional<Facts> read = Read.facts(facts, req);
        if (read.isEmpty()) {
            return Read.unreadable(facts, req);
        }
        Facts f = read.get();
        long queue = args.integer("queue_length");
        boolean disableRapidFail = "disable".equals(args.string("rapid_fail"));
        Map<String, Object> expected = Verdict.values("queueLength", ">= " + queue, "idleTimeoutMin", 0L,
                "pingingEnabled", false, "periodicRestartMin", 0L, "virtualMemoryKb", 0L,
                "rapidFailProtection", disableRapidFail ? (Object) false : "left as is");
        if (!f.get(IisPoolFacts.EXISTS)) {
            return Verdict.drift(Verdict.values("pool", pool), expected, "application pool " + pool + " not found");
        }
        Long q = f.get(IisPoolFacts.QUEUE_LENGTH);
        Double idle = f.get(IisPoolFacts.IDLE_TIMEOUT_MIN);
        Boolean ping = f.get(IisPoolFacts.PINGING_ENABLED);
        Double restart = f.get(IisPoolFacts.PERIODIC_RESTART_MIN);
        Long virt = f.get(IisPoolFacts.VIRTUAL_MEMORY_KB);
        Boolean rapid = f.get(IisPoolFacts.RAPID_FAIL_PROTECTION);
        Map<String, Object> observed = Verdict.values("pool", pool, "queueLength", q, "idleTimeoutMin", whole(idle),
                "pingingEnabled", ping, "periodicRestartMin", whole(restart), "virtualMemoryKb", virt,
                "rapidFailProtection", rapid, "loadBalancerCapabilities", f.get(IisPoolFacts.LOAD_BALANCER_CAPABILITIES));
        if (q == null || idle == null || ping == null || restart == null || virt == null || rapid == null) {
            return Verdict.undecided(observed, "some pool settings could not be read");
        }
        List<String> bad = new ArrayList<>();
        if (q < queue) {
            bad.add("queueLength");
        }
        if (idle != 0) {
            bad.add("idleTimeout");
        }
        if (ping) {
            bad.add("pingingEnabled");
        }
        if (restart != 0) {
            bad.add("periodicRestart.time");
        }
        if (virt != 0) {
            bad.add("periodicRestart.memory");
        }
        if (disableRapidFail && rapid) {
            bad.add("rapidFailProtection");
        }
        return bad.isEmpty() ? Verdict.ok(observed, expected, "pool " + pool + " is tuned")
                : Verdict.drift(observed, expected, "not tuned: " + String.join(", ", bad));
    }

    /** Minutes as PowerShell's ConvertTo-Json prints a whole double: without a fraction. */
    private static Object whole(Double d) {
        return d == null ? null : d == Math.rint(d) ? (Object) d.longValue() : d;
    }

    @Override
    public List<PsScript<Mutating>> fixScripts() {
        return List.of(FIX);
    }

    @Override
    public List<FixPlan> plan(ModuleArgs args, FactSet facts) {
        return List.of(new FixPlan(Phase.POOL_CONFIG, new ScriptCall<>(FIX, Map.of("pool", args.string("pool"),
                "queue_length", args.integer("queue_length"), "rapid_fail", args.string("rapid_fail")))));
    }

    @Override
    public String describeFix(UnitResult.Fix r) {
        return switch (r.outcome()) {
            case CHANGED -> "set " + String.join(", ", new java.util.TreeSet<>(r.after().keySet()));
            case UNCHANGED -> "all values already tuned";
            case REFUSED, FAILED -> FixMessages.generic(r);
        };
    }
}
