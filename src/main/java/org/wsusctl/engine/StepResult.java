package org.wsusctl.engine;

import java.util.List;
import java.util.Map;

/**
 * One step on one host.
 *
 * @param before what the first facts showed ({@code null} if the host was never reached)
 * @param after what the facts showed after a fix ({@code null} when no fix ran)
 * @param expected what compliant looks like
 * @param handler {@code true} for a handler run after the steps that notified it
 * @param needsApproval the drift has a fix that runs only with {@code approve: true}
 * @param blockedBy for a {@link StepStatus#BLOCKED} step, the names of the steps whose findings block it
 * @param implied the step was added by wsusctl to establish a prerequisite no step of the playbook checks
 */
public record StepResult(
        String playbook,
        String step,
        String module,
        StepStatus status,
        Map<String, Object> before,
        Map<String, Object> after,
        Map<String, Object> expected,
        String message,
        long durationMs,
        boolean handler,
        boolean needsApproval,
        Map<String, Object> evidence,
        List<String> blockedBy,
        boolean implied) {

    public StepResult {
        blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
    }

    /** A step result without blocking or implied flags (most of them). */
    public StepResult(String playbook, String step, String module, StepStatus status, Map<String, Object> before,
            Map<String, Object> after, Map<String, Object> expected, String message, long durationMs, boolean handler,
            boolean needsApproval, Map<String, Object> evidence) {
        this(playbook, step, module, status, before, after, expected, message, durationMs, handler, needsApproval,
                evidence, List.of(), false);
    }
}
