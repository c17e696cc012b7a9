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
 * {@code wsus.sync}: the last synchronization succeeded within {@code max_age_hours}. Report only: starting a
 * sync is approval work that ConfigMgr-managed servers must never get, so no fix ships.
 */
final class WsusSync implements CheckModule {
    private static final PsScript<ReadOnly> CHECK = PsScript.check("wsus.sync.check");

    @Override
    public String name() {
        return "wsus.sync";
    }

    @Override
    public String summary() {
        return "the last WSUS synchronization succeeded and is recent (report only)";
    }

    @Override
    public String symptom() {
        return "message 6703: synchronization fails (often with HTTP 503 from the WSUS pool)";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.integer("max_age_hours", 48L, 1, 8760, "oldest acceptable successful sync, in hours"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, Map.of("max_age_hours", args.integer("max_age_hours")));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.empty();
    }
}
