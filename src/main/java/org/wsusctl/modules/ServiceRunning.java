package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.ServiceFacts;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code service.running}: one Windows service (by service name, never the localized display name) runs
 * (wsus-catalog.md 4.1). The fix starts it when it is Stopped and not Disabled.
 */
final class ServiceRunning implements CheckModule {
    private static final PsScript<Mutating> FIX = PsScript.fix("services.start");

    @Override
    public String name() {
        return "service.running";
    }

    @Override
    public String summary() {
        return "a Windows service (by service name) is running";
    }

    @Override
    public String symptom() {
        return "\"Some services are not running\"";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.name("name", null, "service name, e.g. WsusService (not the display name)"),
                ArgSpec.integer("soak_seconds", 15L, 0, 600,
                        "after a start, seconds the service must keep running"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public Phase phase() {
        return Phase.SERVICES;
    }

    private static FactRequest services(ModuleArgs args) {
        return new FactRequest(ServiceFacts.SECTION, Map.of("names", List.of(args.string("name"))));
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(WsusServices.HOST, services(args));
    }

    @Override
    public Set<Condition> verifies(ModuleArgs args) {
        return ServiceRole.ofFixedName(args.string("name"))
                .<Set<Condition>>map(r -> Set.of(new Condition.ServiceUp(r))).orElse(Set.of());
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        String name = args.string("name");
        Optional<Facts> host = Read.facts(facts, WsusServices.HOST);
        Optional<Facts> svc = Read.facts(facts, services(args));
        if (host.isEmpty()) {
            return Read.unreadable(facts, WsusServices.HOST);
        }
        if (svc.isEmpty()) {
            return Read.unreadable(facts, services(args));
        }
        ServiceTable table = new ServiceTable(host.get(), svc.get());
        Optional<ServiceTable.Svc> s = table.find(name);
        Map<String, Object> expected = Verdict.values("state", "Running");
        Verdict v;
        if (s.isEmpty()) {
            v = Verdict.drift(Verdict.values("name", name, "state", "missing"), expected,
                    "service " + name + " is not installed");
        } else if (s.get().pending()) {
            v = Verdict.undecided(observed(s.get()), "service " + name + " is " + s.get().state() + "; re-check later");
        } else if (s.get().running()) {
            v = Verdict.ok(observed(s.get()), expected, "service " + name + " is Running");
        } else {
            v = Verdict.drift(observed(s.get()), expected, "service " + name + " is " + s.get().state() + " ("
                    + s.get().startMode() + ")" + (s.get().disabled() ? "; Disabled: left to the operator" : ""));
        }
        Optional<ServiceRole> role = table.roleOf(name);
        if (role.isPresent() && (s.isEmpty() || !s.get().pending())) {
            v = v.establishing(new Condition.ServiceUp(role.get()), s.isPresent() && s.get().running());
        }
        return v;
    }

    private static Map<String, Object> observed(ServiceTable.Svc s) {
        return Verdict.values("name", s.name(), "state", s.state(), "startMode", s.startMode());
    }

    @Override
    public Set<Phase> fixPhases() {
        return Set.of(Phase.SERVICES, Phase.WSUS_SERVICE);
    }

    @Override
    public List<PsScript<Mutating>> fixScripts() {
        return List.of(FIX);
    }

    @Override
    public List<FixPlan> plan(ModuleArgs args, FactSet facts) {
        Optional<Facts> host = Read.facts(facts, WsusServices.HOST);
        Optional<Facts> svc = Read.facts(facts, services(args));
        if (host.isEmpty() || svc.isEmpty()) {
            return List.of();
        }
        Optional<ServiceTable.Svc> s = new ServiceTable(host.get(), svc.get()).find(args.string("name"));
        if (s.isEmpty() || !s.get().stopped() || s.get().disabled()) {
            return List.of();
        }
        Phase phase = ServiceRole.ofFixedName(s.get().name()).filter(r -> r == ServiceRole.WSUS).isPresent()
                ? Phase.WSUS_SERVICE : Phase.SERVICES;
        return List.of(new FixPlan(phase, WsusServices.start(List.of(s.get().name()), args)));
    }

    @Override
    public String describeFix(UnitResult.Fix r) {
        return Services.describe(r);
    }
}
