package org.wsusctl.modules;

import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;

/** A module that only acts (recycle a pool, iisreset): used as a handler or an approved step in apply. */
public non-sealed interface ActionModule extends WsusModule {

    ScriptCall<Mutating> action(ModuleArgs args);
}
