package org.wsusctl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.Condition;
import org.wsusctl.modules.FactRequest;
import org.wsusctl.modules.FactSet;
import org.wsusctl.modules.FixPolicy;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.Phase;
import org.wsusctl.modules.ServiceRole;
import org.wsusctl.modules.Verdict;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.playbook.Step;

/** Causes and consequences from verdicts alone: who blocks whom, followed to the root. */
class DiagnosisTest {
    private static final Condition WAS = new Condition.ServiceUp(ServiceRole.WAS);
    private static final Condition W3SVC = new Condition.ServiceUp(ServiceRole.W3SVC);
    private static final Condition SQL = new Condition.ServiceUp(ServiceRole.SQL);
    private static final Condition WSUS = new Condition.ServiceUp(ServiceRole.WSUS);
    private static final Condition POOL = new Condition.PoolStarted("WsusPool");

    private final List<PlannedStep> steps = new ArrayList<>();
    private final List<Verdict> verdicts = new ArrayList<>();

    private void step(String name, String module, Verdict v) {
        WsusModule m = ModuleRegistry.builtIn().find(module).orElseThrow();
        Map<String, Object> args = new HashMap<>();
        for (ArgSpec a : m.args()) {
            args.put(a.name(), a.required() ? "WsusService" : a.defaultValue());
        }
        steps.add(new PlannedStep("pb.yml", new Step(name, module, Map.of(), true, false, List.of(), List.of(), null), m,
                new ModuleArgs(args), null, false));
        verdicts.add(v);
    }

    private static Verdict ok() {
        return Verdict.ok(Map.of(), null, "ok");
    }

    private static Verdict services(boolean was, boolean w3svc, boolean sql, boolean wsus) {
        Verdict v = was && w3svc && sql && wsus ? ok() : Verdict.drift(Map.of(), null, "not running");
        return v.establishing(WAS, was).establishing(W3SVC, w3svc).establishing(SQL, sql).establishing(WSUS, wsus);
    }

    private List<Diagnosis.Finding> diagnose() {
        return Diagnosis.of(steps, verdicts);
    }

    @Test
    void aStoppedPoolBlocksTheWebProbesAndTheApiButNotWhatDoesNotNeedIt() {
        step("services", "wsus.services", services(true, true, true, true));
        step("pool", "iis.apppool.state", Verdict.drift(Map.of(), null, "Stopped").establishing(POOL, false));
        step("client.asmx", "http.status", Verdict.drift(Map.of("status", 503L), null, "503"));
        step("sync", "wsus.sync", Verdict.unreadable("503"));
        step("sysadmin", "sql.sysadmin", ok());
        step("evidence", "evidence.logs", ok());
        List<Diagnosis.Finding> f = diagnose();
        assertEquals(StepStatus.DRIFT, f.get(1).status());
        assertEquals(new Diagnosis.Finding(StepStatus.BLOCKED, List.of("pool")), f.get(2));
        assertEquals(new Diagnosis.Finding(StepStatus.BLOCKED, List.of("pool")), f.get(3));
        assertEquals(StepStatus.OK, f.get(4).status(), "sysadmin needs SQL, not the pool");
        assertEquals(StepStatus.OK, f.get(5).status());
    }

    @Test
    void aStoppedWasIsTheRootEvenOfWhatThePoolStepCouldNotRead() {
        step("services", "wsus.services", services(false, false, true, true));
        step("pool", "iis.apppool.state", Verdict.unreadable("0x80070425"));
        step("memory", "iis.apppool.private_memory", Verdict.unreadable("0x80070425"));
        step("client.asmx", "http.status", Verdict.drift(Map.of(), null, "503"));
        List<Diagnosis.Finding> f = diagnose();
        assertEquals(StepStatus.DRIFT, f.get(0).status());
        assertEquals(List.of("services"), f.get(1).blockedBy(), "IIS reads need WAS: never 'pool not found'");
        assertEquals(List.of("services"), f.get(2).blockedBy());
        assertEquals(List.of("services"), f.get(3).blockedBy(), "blocked by the root, not by the blocked pool step");
    }

    @Test
    void aConditionHoldsWhenAnyStepEstablishesIt() {
        step("W3SVC unreadable", "service.running", Verdict.unreadable("denied"));
        step("services", "wsus.services", services(true, true, true, true));
        step("pool", "iis.apppool.state", ok().establishing(POOL, true));
        step("client.asmx", "http.status", ok());
        List<Diagnosis.Finding> f = diagnose();
        assertEquals(StepStatus.OK, f.get(3).status());
        assertEquals(StepStatus.FAILED, f.get(0).status(), "its own failure still counts");
    }

    @Test
    void anUnreadablePrerequisiteBlocksAndIsTheRootCause() {
        step("services", "wsus.services", Verdict.unreadable("garbage"));
        step("sysadmin", "sql.sysadmin", Verdict.undecided(Map.of(), "cannot connect"));
        List<Diagnosis.Finding> f = diagnose();
        assertEquals(StepStatus.FAILED, f.get(0).status());
        assertEquals(new Diagnosis.Finding(StepStatus.BLOCKED, List.of("services")), f.get(1));
    }

    @Test
    void stepsWithoutAVerdictAndNotApplicableOnesAreNeverBlocked() {
        step("services", "wsus.services", services(false, true, true, true));
        step("not installed", "sql.sysadmin", Verdict.notApplicable("WSUS not installed"));
        steps.add(steps.get(0));
        verdicts.add(null);
        List<Diagnosis.Finding> f = diagnose();
        assertEquals(StepStatus.SKIPPED, f.get(1).status());
        assertNull(f.get(2));
    }

    @Test
    void severalRootsAreNamedInStepOrder() {
        step("services", "wsus.services", services(true, true, false, true));
        step("pool", "iis.apppool.state", Verdict.drift(Map.of(), null, "Stopped").establishing(POOL, false));
        step("clients", "wsus.clients.not_reporting", Verdict.unreadable("503"));
        assertEquals(List.of("services", "pool"), diagnose().get(2).blockedBy());
    }

    /**
     * A check that counts how often the diagnosis asks what it verifies: the work of one pass, counted instead of
     * timed. Half the steps establish WAS (the services steps), half need it (the pool steps), as in a long
     * playbook of both.
     */
    private static final class CountingCheck implements CheckModule {
        private final boolean verifiesWas;
        private final AtomicLong asked;

        CountingCheck(boolean verifiesWas, AtomicLong asked) {
            this.verifiesWas = verifiesWas;
            this.asked = asked;
        }

        @Override
        public Set<Condition> verifies(ModuleArgs args) {
            asked.incrementAndGet();
            return verifiesWas ? Set.of(WAS) : Set.of();
        }

        @Override
        public Set<Condition> requires(ModuleArgs args) {
            return verifiesWas ? Set.of() : Set.of(WAS);
        }

        @Override
        public List<FactRequest> facts(ModuleArgs args) {
            return List.of();
        }

        @Override
        public Verdict evaluate(ModuleArgs args, FactSet facts) {
            throw new UnsupportedOperationException("the diagnosis reads verdicts only");
        }

        @Override
        public String name() {
            return verifiesWas ? "counting.services" : "counting.pool";
        }

        @Override
        public String summary() {
            return "counts";
        }

        @Override
        public String symptom() {
            return "none";
        }

        @Override
        public List<ArgSpec> args() {
            return List.of();
        }

        @Override
        public FixPolicy fixPolicy() {
            return FixPolicy.NONE;
        }

        @Override
        public Phase phase() {
            return Phase.SERVICES;
        }
    }

    /** How often one diagnosis of {@code n} steps asks a module what it verifies; {@code wasUp} for every services step. */
    private static long verifiesAsked(int n, boolean wasUp) {
        AtomicLong asked = new AtomicLong();
        CheckModule services = new CountingCheck(true, asked);
        CheckModule pool = new CountingCheck(false, asked);
        List<PlannedStep> many = new ArrayList<>();
        List<Verdict> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean s = i % 2 == 0;
            many.add(new PlannedStep("pb.yml", new Step("step " + i, s ? services.name() : pool.name(), Map.of(), true,
                    false, List.of(), List.of(), null), s ? services : pool, new ModuleArgs(Map.of()), null, false));
            seen.add(s ? (wasUp ? ok() : Verdict.drift(Map.of(), null, "stopped")).establishing(WAS, wasUp) : ok());
        }
        List<Diagnosis.Finding> f = Diagnosis.of(many, seen);
        assertEquals(wasUp ? StepStatus.OK : StepStatus.BLOCKED, f.get(n - 1).status());
        return asked.get();
    }

    @Test
    void aPassAsksEachStepOnceWhatItVerifiesSoLongPlaybooksStayLinear() {
        // Issue 14, finding 13: every step's prerequisites were looked up by asking every other step, so 10,000
        // steps asked 50 million times (most of a 10,000-step audit's time and garbage).
        for (int n : new int[] {1_000, 10_000}) {
            assertEquals(n, verifiesAsked(n, true), n + " steps, WAS up");
        }
        // Broken, each pool step is blocked by all the services steps: the answer itself is n/2 names per step, so
        // only the questions asked are pinned here.
        assertEquals(1_000, verifiesAsked(1_000, false));
    }
}
