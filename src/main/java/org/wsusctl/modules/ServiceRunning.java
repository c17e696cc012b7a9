package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.ScriptKind.ReadOnly;
import org.wsusctl.remote.UnitResult;

/** {@code service.running}: one Windows service, by service name, runs; the fix starts it unless Disabled. */
final class ServiceRunning implements CheckModule {
    private static final PsScript<ReadOnly> CHECK = PsScript.check("service.running.check");
    private static final PsScript<Mutating> FIX = PsScript.fix("service.running.fix");

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
        return List.of(ArgSpec.name("name", null, "service name, e.g. WsusService (not the display name)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        return new ScriptCall<>(CHECK, Map.of("name", args.string("name")));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.of(new ScriptCall<>(FIX, Map.of("name", args.string("name"))));
    }
}
