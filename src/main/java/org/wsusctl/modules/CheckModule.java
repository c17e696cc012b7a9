package org.wsusctl.modules;

import java.util.Optional;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.ScriptKind.ReadOnly;
import org.wsusctl.remote.UnitResult;

/** A module with a read-only check and, where one makes sense, a fix. Verification re-runs the check. */
public non-sealed interface CheckModule extends WsusModule {

    ScriptCall<ReadOnly> check(ModuleArgs args);

    /**
     * The fix for what the check observed, or empty when this module cannot fix it (report only) or
     * nothing needs fixing. Called only in apply, only after a drift.
     */
    Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed);
}
