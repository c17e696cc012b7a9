package org.wsusctl.modules;

import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/** A module that only acts (recycle a pool, iisreset): used as a handler or an approved step in apply. */
public non-sealed interface ActionModule extends WsusModule {

    ScriptCall<Mutating> action(ModuleArgs args);

    /** What the action's result means, in words, for the report. */
    default String describeFix(UnitResult.Fix result) {
        return FixMessages.generic(result);
    }
}
