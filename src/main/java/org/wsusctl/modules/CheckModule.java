package org.wsusctl.modules;

import java.util.List;
import java.util.Set;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * A module that judges facts. The split follows PowerShell DSC's Get/Test/Set and InSpec's resources and
 * expectations: read-only scripts gather {@link #facts facts} (never a verdict), this class {@link #evaluate
 * evaluates} them into a verdict without touching the network, and {@link #plan plans} a fix from the same facts;
 * the fix script keeps only its own guards.
 */
public non-sealed interface CheckModule extends WsusModule {

    /** The fact sections this check reads, with their arguments. */
    List<FactRequest> facts(ModuleArgs args);

    /** The verdict from the facts alone: pure, no I/O. */
    Verdict evaluate(ModuleArgs args, FactSet facts);

    /** What must hold for this check's facts to mean anything (the API needs WsusPool, IIS and SQL). */
    default Set<Condition> requires(ModuleArgs args) {
        return Set.of();
    }

    /** The conditions this check can establish, known before any facts (so a missing prerequisite can be added). */
    default Set<Condition> verifies(ModuleArgs args) {
        return Set.of();
    }

    /**
     * The fixes for a drift, planned from the same facts; empty when there is nothing this module may do (report
     * only, a Disabled service, a missing pool). Called only in apply, only after a drift.
     */
    default List<FixPlan> plan(ModuleArgs args, FactSet facts) {
        return List.of();
    }

    /** The phases {@link #plan} may return fixes for (most modules: just {@link #phase()}). */
    default java.util.Set<Phase> fixPhases() {
        return fixPolicy() == FixPolicy.NONE ? java.util.Set.of() : java.util.Set.of(phase());
    }

    /** The mutating scripts {@link #plan} may call (for {@code wsusctl script --fix}); empty for report only. */
    default List<PsScript<Mutating>> fixScripts() {
        return List.of();
    }

    /**
     * Whether a fix's result is final: false for a fix that started something still under way when its script
     * stopped waiting (a synchronization), which apply then reports {@code unknown} (not verified), never
     * {@code fixed}, whatever the next check shows.
     */
    default boolean settled(UnitResult.Fix result) {
        return true;
    }

    /** What a fix's result means, in words, for the report. */
    default String describeFix(UnitResult.Fix result) {
        return FixMessages.generic(result);
    }
}
