package org.wsusctl.engine;

import java.util.Map;
import org.wsusctl.modules.FixPolicy;
import org.wsusctl.remote.UnitResult;

/** Builds {@link StepResult}s; the one place that maps script verdicts onto report statuses. */
final class StepResults {
    private StepResults() { }

    /** Maps a check's verdict: ok, drift, not_applicable -> skipped, error/unknown -> failed. */
    static StepResult fromCheck(PlannedStep p, UnitResult result, long ms) {
        if (result instanceof UnitResult.Check c) {
            StepStatus status;
            switch (c.status()) {
                case "ok" -> status = StepStatus.OK;
                case "drift" -> status = StepStatus.DRIFT;
                case "not_applicable" -> status = StepStatus.SKIPPED;
                default -> status = StepStatus.FAILED;
            }
            boolean needsApproval = status == StepStatus.DRIFT && p.module().fixPolicy() == FixPolicy.APPROVAL
                    && !p.step().approve();
            String message = c.message();
            if (c.status().equals("unknown")) {
                message = "could not decide: " + message;
            }
            return new StepResult(p.playbook(), p.step().name(), p.module().name(), status, c.observed(), null,
                    c.expected(), message, ms, false, needsApproval, evidence(c));
        }
        String message = result instanceof UnitResult.Error e ? e.message() : "unexpected result " + result;
        return of(p, StepStatus.FAILED, message, ms);
    }

    static StepResult of(PlannedStep p, StepStatus status, String message, long ms) {
        return new StepResult(p.playbook(), p.step().name(), p.module().name(), status, null, null, null, message,
                ms, false, false, null);
    }

    static StepResult withStatus(StepResult r, StepStatus status, String message, Map<String, Object> after,
            long extraMs) {
        return new StepResult(r.playbook(), r.step(), r.module(), status, r.before(), after, r.expected(), message,
                r.durationMs() + extraMs, r.handler(), r.needsApproval(), r.evidence());
    }

    static StepResult asHandler(StepResult r) {
        return new StepResult(r.playbook(), r.step(), r.module(), r.status(), r.before(), r.after(), r.expected(),
                r.message(), r.durationMs(), true, r.needsApproval(), r.evidence());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> evidence(UnitResult.Check c) {
        Object e = c.raw().get("evidence");
        if (e instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return e == null ? null : Map.of("items", e);
    }
}
