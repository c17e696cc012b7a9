package org.wsusctl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.Condition;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
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
}
