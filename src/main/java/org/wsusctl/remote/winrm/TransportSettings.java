package org.wsusctl.remote.winrm;

import java.time.Duration;
import java.util.Objects;

/**
 * Process-wide knobs of the WinRM transport. Per-host settings (timeouts, TLS, auth) come from
 * {@link org.wsusctl.inventory.Connection}; these apply to every host.
 *
 * @param retries        how many times a transient failure of one request (connection reset, HTTP 5xx,
 *                       a refused connection after the shell was created, a WS-Man quota fault on Create)
 *                       is retried; 0 disables retries. Never applies to the Command request itself.
 * @param retryBackoff   pause before the first retry; doubled for each further retry
 * @param receiveMargin  added to the host's operation timeout to give the HTTP read timeout: the server
 *                       may legitimately hold a Receive for the whole operation timeout
 */
public record TransportSettings(int retries, Duration retryBackoff, Duration receiveMargin) {

    public TransportSettings {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, got " + retries);
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(receiveMargin, "receiveMargin");
        if (retryBackoff.isNegative() || receiveMargin.isNegative()) {
            throw new IllegalArgumentException("retryBackoff and receiveMargin must not be negative");
        }
    }

    /** Two retries, 500 ms then 1 s apart; reads may take the operation timeout plus 10 s. */
    public static TransportSettings defaults() {
        return new TransportSettings(2, Duration.ofMillis(500), Duration.ofSeconds(10));
    }

    /** Pause before retry number {@code retry} (1-based): backoff, 2x backoff, 4x backoff... */
    long pauseMillisBefore(int retry) {
        long base = retryBackoff.toMillis();
        int shift = Math.min(Math.max(retry - 1, 0), 16);
        return base << shift;
    }
}
