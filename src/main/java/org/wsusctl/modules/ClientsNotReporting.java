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
 * {@code wsus.clients.not_reporting}: clients that have not reported for {@code days}, each classified as
 * never_reported, dns_missing, offline or reachable_not_reporting. Report only: the causes sit on the clients.
 */
final class ClientsNotReporting implements CheckModule {
    private static final PsScript<ReadOnly> CHECK = PsScript.check("wsus.clients.not_reporting.check");

    @Override
    public String name() {
        return "wsus.clients.not_reporting";
    }

    @Override
    public String summary() {
        return "lists clients that stopped reporting and whether they answer on the network (report only)";
    }

    @Override
    public String symptom() {
        return "\"Computer has not reported status\"";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.integer("days", 30L, 1, 3650, "a client is stale after this many days without a status report"),
                ArgSpec.integer("max_probe", 50L, 0, 500, "at most this many stale clients are probed (DNS, ping, TCP)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, Map.of("days", args.integer("days"), "max_probe", args.integer("max_probe")));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.empty();
    }
}
