package org.wsusctl.modules;

import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/** A module that only acts (recycle a pool, iisreset): used as a handler or an approved step in apply. */
public non-sealed interface ActionModule extends WsusModule {

    ScriptCall<Mutating> action(ModuleArgs args);

    /**
     * The call when run as a handler, knowing what the fixes that notified it did (a configuration change that
     * already rotated a pool's worker makes a recycle redundant). By default the plain action.
     */
    default ScriptCall<Mutating> actionAfter(ModuleArgs args, java.util.List<UnitResult.Fix> notifying) {
        return action(args);
    }

    /** What the action's result means, in words, for the report. */
    default String describeFix(UnitResult.Fix result) {
        return FixMessages.generic(result);
    }
}
