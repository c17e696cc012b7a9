package org.wsusctl.modules;

import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.SusdbFacts;

/**
 * {@code wsus.susdb}: the WSUS database exists and is ONLINE (and not held in SINGLE_USER) on the SQL Server that
 * hosts it (wsus-catalog.md 5.1). The WSUS API and WsusService read it: while it is not online, they are blocked by
 * this step (WsusService would start and stop again, event 507). Report only: attaching, restoring or bringing a
 * database online is a DBA's decision.
 */
final class Susdb implements CheckModule {
    static final FactRequest SUSDB = FactRequest.of(SusdbFacts.SECTION);

    @Override
    public String name() {
        return "wsus.susdb";
    }

    @Override
    public String summary() {
        return "SUSDB exists and is ONLINE on its SQL Server (report only)";
    }

    @Override
    public String symptom() {
        return "\"Some services are not running\" / console \"Connection Error\": WsusService stops (event 507) without SUSDB";
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

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(WsusServices.HOST, SUSDB);
    }

    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Set.of(new Condition.ServiceUp(ServiceRole.SQL));
    }

    @Override
    public Set<Condition> verifies(ModuleArgs args) {
        return Set.of(new Condition.SusdbOnline());
    }

    /** Whether the facts show SUSDB usable: empty when they cannot tell (no connection). */
    static Optional<Boolean> online(Facts f) {
        if (!f.get(SusdbFacts.CONNECTED)) {
            return Optional.empty();
        }
        return Optional.of(Read.isTrue(f.get(SusdbFacts.EXISTS)) && "ONLINE".equals(f.get(SusdbFacts.STATE))
                && !"SINGLE_USER".equals(f.get(SusdbFacts.USER_ACCESS)));
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> host = Read.facts(facts, WsusServices.HOST);
        if (host.isEmpty()) {
            return Read.unreadable(facts, WsusServices.HOST);
        }
        if (!host.get().get(HostFacts.INSTALLED)) {
            return Verdict.notApplicable("WSUS not installed");
        }
        Optional<Facts> read = Read.facts(facts, SUSDB);
        if (read.isEmpty()) {
            return Read.unreadable(facts, SUSDB);
        }
        Facts f = read.get();
        Condition online = new Condition.SusdbOnline();
        String db = f.get(SusdbFacts.DATABASE);
        String ds = f.get(SusdbFacts.DATA_SOURCE);
        Map<String, Object> observed = Verdict.values("database", db, "dataSource", ds, "exists", f.get(SusdbFacts.EXISTS),
                "state", f.get(SusdbFacts.STATE), "userAccess", f.get(SusdbFacts.USER_ACCESS));
        Map<String, Object> expected = Verdict.values("exists", true, "state", "ONLINE");
        Optional<Boolean> usable = online(f);
        if (usable.isEmpty()) {
            String sqlName = host.get().get(HostFacts.SQL_SERVER_NAME);
            if (SqlEngine.remote(sqlName, host.get().get(HostFacts.COMPUTER_NAME), host.get().get(HostFacts.FQDN))) {
                // Like a remote SQL service, nothing on this host to wait for: the API checks judge for themselves.
                return Verdict.notApplicable("SUSDB is on the remote SQL Server " + sqlName + ", which this WinRM session"
                        + " cannot reach (double hop without delegation?): " + f.get(SusdbFacts.CONNECT_ERROR))
                        .establishing(online, true);
            }
            return Verdict.undecided(observed, "cannot connect to SQL Server " + ds + ": " + f.get(SusdbFacts.CONNECT_ERROR));
        }
        if (!Read.isTrue(f.get(SusdbFacts.EXISTS))) {
            return Verdict.drift(observed, expected, "database " + db + " does not exist on " + ds
                    + " (WSUS's SqlDatabaseName); restore or re-create it (wsusutil postinstall)").establishing(online, false);
        }
        if (!usable.get()) {
            String what = !"ONLINE".equals(f.get(SusdbFacts.STATE)) ? "is " + f.get(SusdbFacts.STATE)
                    : "is in SINGLE_USER mode";
            return Verdict.drift(observed, expected, db + " " + what + " on " + ds
                    + ": the WSUS API and WsusService cannot use it; bringing it back is a DBA task")
                    .establishing(online, false);
        }
        return Verdict.ok(observed, expected, db + " is ONLINE on " + ds).establishing(online, true);
    }
}
