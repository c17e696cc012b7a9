package org.wsusctl.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.ServiceFacts;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code wsus.services}: the SQL engine of whatever flavour WSUS uses, WAS, W3SVC and WsusService run (the tips
 * article's "Some services are not running"; wsus-catalog.md 4.1). The fix starts stopped ones in dependency
 * order: SQL, WAS and W3SVC in the services phase, WsusService in its own phase after the pool, and only while
 * SUSDB is usable; Disabled ones are left to the operator.
 */
final class WsusServices implements CheckModule {
    static final FactRequest HOST = FactRequest.of(HostFacts.SECTION);
    static final FactRequest SERVICES = new FactRequest(ServiceFacts.SECTION,
            Map.of("names", List.of("WAS", "W3SVC", "WsusService")));
    private static final PsScript<Mutating> FIX = PsScript.fix("services.start");
    /** Start order (wsus-catalog.md 4.1: every WSUS service but Selfupdate needs SQL; W3SVC needs WAS). */
    private static final List<ServiceRole> ORDER = List.of(ServiceRole.SQL, ServiceRole.WAS, ServiceRole.W3SVC,
            ServiceRole.WSUS);

    @Override
    public String name() {
        return "wsus.services";
    }

    @Override
    public String summary() {
        return "SQL (WID / MSSQLSERVER / MSSQL$INST), WAS, W3SVC and WsusService are running";
    }

    @Override
    public String symptom() {
        return "\"Some services are not running\"";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.integer("soak_seconds", 15L, 0, 600,
                "after a start, seconds a started service must keep running (WsusService without its database "
                        + "stops within seconds, event 507)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public Phase phase() {
        return Phase.SERVICES;
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(HOST, SERVICES, Susdb.SUSDB);
    }

    /** SUSDB as the SQL Server reports it, when that could be read: WsusService stops again without it (event 507). */
    private static Optional<Facts> susdbDown(FactSet facts) {
        return Read.facts(facts, Susdb.SUSDB).filter(f -> Susdb.online(f).map(on -> !on).orElse(false));
    }

    @Override
    public Set<Condition> verifies(ModuleArgs args) {
        Set<Condition> c = new LinkedHashSet<>();
        ORDER.forEach(r -> c.add(new Condition.ServiceUp(r)));
        return c;
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> host = Read.facts(facts, HOST);
        if (host.isEmpty()) {
            return Read.unreadable(facts, HOST);
        }
        if (!host.get().get(HostFacts.INSTALLED)) {
            return Verdict.notApplicable("WSUS Setup registry key not found; WSUS role not installed");
        }
        Optional<Facts> svcFacts = Read.facts(facts, SERVICES);
        if (svcFacts.isEmpty()) {
            return Read.unreadable(facts, SERVICES);
        }
        ServiceTable table = new ServiceTable(host.get(), svcFacts.get());
        Map<String, Object> observed = new LinkedHashMap<>();
        Map<String, Object> expected = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> notRunning = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        for (ServiceRole role : ORDER) {
            Optional<String> name = table.nameOf(role);
            if (name.isEmpty()) {
                continue;
            }
            Optional<ServiceTable.Svc> s = table.find(name.get());
            expected.put(name.get(), "Running");
            if (s.isEmpty()) {
                missing.add(name.get());
                observed.put(name.get(), "missing");
                continue;
            }
            observed.put(name.get(), s.get().state());
            if (s.get().disabled()) {
                disabled.add(name.get());
            }
            if (s.get().pending()) {
                pending.add(name.get() + " (" + s.get().state() + ")");
            } else if (!s.get().running()) {
                notRunning.add(name.get());
            }
        }
        observed.put("sqlServerName", host.get().get(HostFacts.SQL_SERVER_NAME));
        observed.put("sqlService", table.sqlService().orElse(null));
        String note = table.sqlRemote() ? "; SQL is remote (" + host.get().get(HostFacts.SQL_SERVER_NAME)
                + "), not checked here" : "";
        if (!disabled.isEmpty()) {
            note += "; disabled (left to the operator): " + String.join(", ", disabled);
        }
        Optional<Facts> noDb = susdbDown(facts);
        if (noDb.isPresent() && notRunning.contains("WsusService")) {
            Facts db = noDb.get();
            note += "; WsusService is not started while SUSDB is "
                    + (Read.isTrue(db.get(org.wsusctl.contract.SusdbFacts.EXISTS))
                            ? db.get(org.wsusctl.contract.SusdbFacts.STATE) : "missing")
                    + " (it would stop again, event 507: see wsus.susdb)";
        }
        Verdict v;
        if (!missing.isEmpty() || !notRunning.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!notRunning.isEmpty()) {
                parts.add("not running: " + String.join(", ", notRunning));
            }
            if (!missing.isEmpty()) {
                parts.add("not installed (role broken?): " + String.join(", ", missing));
            }
            if (!pending.isEmpty()) {
                parts.add("pending: " + String.join(", ", pending));
            }
            v = Verdict.drift(observed, expected, String.join("; ", parts) + note);
        } else if (!pending.isEmpty()) {
            v = Verdict.undecided(observed, "pending, re-check later: " + String.join(", ", pending) + note);
        } else {
            v = Verdict.ok(observed, expected, "all WSUS services running" + note);
        }
        for (ServiceRole role : ORDER) {
            Optional<Boolean> up = table.roleRunning(role);
            if (up.isPresent()) {
                v = v.establishing(new Condition.ServiceUp(role), up.get());
            }
        }
        return v;
    }

    /**
     * Start the Stopped, not Disabled services: SQL, WAS and W3SVC in {@link Phase#SERVICES}, WsusService in
     * {@link Phase#WSUS_SERVICE}, and only once its SQL engine runs and SUSDB is not known to be unusable: without
     * SUSDB it starts and stops again (event 507), so starting it then only adds an error to its event log. The
     * script re-reads each before starting it.
     */
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
        Optional<Facts> host = Read.facts(facts, HOST);
        Optional<Facts> svc = Read.facts(facts, SERVICES);
        if (host.isEmpty() || svc.isEmpty()) {
            return List.of();
        }
        ServiceTable table = new ServiceTable(host.get(), svc.get());
        List<String> web = new ArrayList<>();
        List<String> wsus = new ArrayList<>();
        boolean sqlUp = table.roleRunning(ServiceRole.SQL).orElse(false);
        boolean dbUsable = susdbDown(facts).isEmpty();
        for (ServiceRole role : ORDER) {
            if (role == ServiceRole.WSUS && (!sqlUp || !dbUsable)) {
                continue;
            }
            table.nameOf(role).flatMap(table::find)
                    .filter(s -> s.stopped() && !s.disabled())
                    .ifPresent(s -> (role == ServiceRole.WSUS ? wsus : web).add(s.name()));
        }
        List<FixPlan> plans = new ArrayList<>();
        if (!web.isEmpty()) {
            plans.add(new FixPlan(Phase.SERVICES, start(web, args)));
        }
        if (!wsus.isEmpty()) {
            plans.add(new FixPlan(Phase.WSUS_SERVICE, start(wsus, args)));
        }
        return plans;
    }

    /** The services.start call for {@code names}, with the step's soak. */
    static ScriptCall<Mutating> start(List<String> names, ModuleArgs args) {
        return new ScriptCall<>(FIX, Map.of("names", names, "soak_seconds", args.integer("soak_seconds")));
    }

    @Override
    public String describeFix(UnitResult.Fix r) {
        return Services.describe(r);
    }
}
