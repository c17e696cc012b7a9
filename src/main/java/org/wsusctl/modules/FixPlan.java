package org.wsusctl.modules;

import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;

/** A fix a module planned from the facts: the mutating call, and the phase of apply it belongs to. */
public record FixPlan(Phase phase, ScriptCall<Mutating> call) { }
