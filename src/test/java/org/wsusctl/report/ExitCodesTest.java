package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

class ExitCodesTest {

    private static HostResult h(HostStatus hs, StepStatus... steps) {
        List<StepResult> list = new ArrayList<>();
        for (StepStatus st : steps) {
            list.add(Fleet.step(Fleet.PB, "s" + list.size(), "m", st, null, null, null, null, 1));
        }
        return Fleet.host("h" + hs, hs, null, list, null);
    }

    private static HostResult approval() {
        return Fleet.host("h", HostStatus.DRIFTED, null,
                List.of(Fleet.sysadmin(StepStatus.DRIFT, true, "needs approval")), null);
    }

    private static int code(Mode mode, boolean interrupted, boolean stoppedEarly, HostResult... hosts) {
        return ExitCodes.of(new RunResult(mode, List.of(Fleet.PB), Fleet.T0, Fleet.T0, List.of(hosts),
                interrupted, stoppedEarly));
    }

    private static int code(Mode mode, HostResult... hosts) {
        return code(mode, false, false, hosts);
    }

    @Test
    void compliantAuditAndFixedApplyAreZero() {
        assertEquals(0, code(Mode.AUDIT, h(HostStatus.COMPLIANT, StepStatus.OK, StepStatus.SKIPPED)));
        assertEquals(0, code(Mode.APPLY, h(HostStatus.FIXED, StepStatus.FIXED, StepStatus.OK),
                h(HostStatus.COMPLIANT, StepStatus.OK)));
        assertEquals(0, code(Mode.AUDIT));
    }

    @Test
    void driftInAuditIsTwo() {
        assertEquals(2, code(Mode.AUDIT, h(HostStatus.COMPLIANT, StepStatus.OK),
                h(HostStatus.DRIFTED, StepStatus.DRIFT)));
    }

    @Test
    void driftLeftInApplyIsTwoEvenWhenItOnlyNeedsApproval() {
        assertEquals(2, code(Mode.APPLY, h(HostStatus.FIXED, StepStatus.FIXED), approval()));
    }

    @Test
    void anyFailedOrUnknownStepIsTwo() {
        assertEquals(2, code(Mode.APPLY, h(HostStatus.FAILED, StepStatus.FAILED)));
        assertEquals(2, code(Mode.APPLY, h(HostStatus.FAILED, StepStatus.FIXED, StepStatus.UNKNOWN)));
        assertEquals(2, code(Mode.APPLY, h(HostStatus.FAILED)));
    }

    @Test
    void unreachableAloneIsThree() {
        assertEquals(3, code(Mode.AUDIT, h(HostStatus.COMPLIANT, StepStatus.OK), h(HostStatus.UNREACHABLE)));
        assertEquals(3, code(Mode.APPLY, h(HostStatus.FIXED, StepStatus.FIXED),
                h(HostStatus.UNREACHABLE, StepStatus.UNREACHABLE)));
    }

    @Test
    void failedOrDriftOutranksUnreachable() {
        assertEquals(2, code(Mode.APPLY, h(HostStatus.FAILED, StepStatus.FAILED), h(HostStatus.UNREACHABLE)));
        assertEquals(2, code(Mode.AUDIT, h(HostStatus.DRIFTED, StepStatus.DRIFT), h(HostStatus.UNREACHABLE)));
    }

    @Test
    void interruptedOutranksEverything() {
        assertEquals(99, code(Mode.APPLY, true, false, h(HostStatus.FAILED, StepStatus.FAILED),
                h(HostStatus.UNREACHABLE)));
        assertEquals(99, code(Mode.AUDIT, true, false, h(HostStatus.COMPLIANT, StepStatus.OK)));
    }

    @Test
    void applyThatStoppedStartingBatchesIsNeverZero() {
        assertEquals(2, code(Mode.APPLY, false, true, h(HostStatus.FIXED, StepStatus.FIXED)));
        assertEquals(2, code(Mode.APPLY, false, true, h(HostStatus.UNREACHABLE)));
    }

    @Test
    void mixedFleetIsTwo() {
        assertEquals(2, ExitCodes.of(Fleet.mixed(Mode.AUDIT)));
    }
}
