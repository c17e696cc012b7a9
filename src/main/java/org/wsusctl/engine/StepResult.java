package org.wsusctl.engine;

import java.util.Map;

/**
 * One step on one host.
 *
 * @param before what the first check observed ({@code null} if the host was never reached)
 * @param after what the verifying check observed after a fix ({@code null} when no fix ran)
 * @param expected what compliant looks like, from the check
 * @param handler {@code true} for a handler run after the steps that notified it
 * @param needsApproval the drift has a fix that runs only with {@code approve: true}
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
        Map<String, Object> evidence) { }
