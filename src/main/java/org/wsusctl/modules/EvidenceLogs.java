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
 * {@code evidence.logs}: puts the tail of SoftwareDistribution.log and recent WSUS/WAS error events into the
 * report (status ok, the excerpt in {@code observed}), bounded so one host cannot flood it.
 */
final class EvidenceLogs implements CheckModule {
    private static final PsScript<ReadOnly> CHECK = PsScript.check("evidence.logs.check");

    @Override
    public String name() {
        return "evidence.logs";
    }

    @Override
    public String summary() {
        return "SoftwareDistribution.log tail and recent WSUS/WAS error events, into the report";
    }

    @Override
    public String symptom() {
        return "any WSUS message: the tips article points at SoftwareDistribution.log and the event logs";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.integer("lines", 20L, 1, 500, "log lines and events to keep, at most"),
                ArgSpec.integer("max_bytes", 8000L, 256, 65536, "characters of excerpt to keep, at most"),
                ArgSpec.integer("hours", 24L, 1, 720, "how far back to read the event logs"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, Map.of("lines", args.integer("lines"), "max_bytes", args.integer("max_bytes"),
                "hours", args.integer("hours")));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.empty();
    }
}
