package org.wsusctl.remote.winrm;

import io.cloudsoft.winrm4j.client.retry.RetryDecision;
import io.cloudsoft.winrm4j.client.retry.RetryPolicy;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;
import javax.xml.ws.WebServiceException;
import org.apache.cxf.transport.http.HTTPException;

/**
 * winrm4j's retry hook for one shell. winrm4j consults it for every operation except Command (which it
 * never retries, so a fix never runs twice) when the failure was an IOException. Its default retries
 * everything once after 5 s, including HTTP 401, which makes a wrong password cost seconds; this one
 * retries only what a second attempt can cure:
 * <ul>
 *   <li>connection reset / closed / no HTTP response, and HTTP 5xx;</li>
 *   <li>a refused connection, but only once the shell exists (the listener answered before, so a
 *       refusal now is a restart or an overloaded listener; a refusal on the first request means no
 *       listener, and failing fast is kinder).</li>
 * </ul>
 * Never retried: 401/403, DNS and TLS failures, read/connect timeouts (a hanging host would multiply
 * the wait; a Receive retried after a timeout can also lose output), and anything once the shell was
 * aborted.
 */
final class TransientFailureRetryPolicy implements RetryPolicy {
    private final TransportSettings settings;
    private final BooleanSupplier established;
    private final BooleanSupplier aborted;

    /**
     * @param established true once the shell was created (the listener is known to exist)
     * @param aborted     true once the shell was closed from outside; stops all retries
     */
    TransientFailureRetryPolicy(TransportSettings settings, BooleanSupplier established, BooleanSupplier aborted) {
        this.settings = settings;
        this.established = established;
        this.aborted = aborted;
    }

    @Override
    public RetryDecision onWebServiceException(WebServiceException e, int attempts) {
        if (aborted.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            return decision(false, 0, "shell aborted");
        }
        if (attempts > settings.retries()) {
            return decision(false, 0, "attempt " + attempts + " of " + (settings.retries() + 1));
        }
        String why = transientReason(e);
        if (why == null) {
            return decision(false, 0, "not transient");
        }
        return decision(true, settings.pauseMillisBefore(attempts), why + ", attempt " + attempts + " of "
                + (settings.retries() + 1));
    }

    /** Why {@code e} is worth another attempt, or null if it is not. */
    String transientReason(Throwable e) {
        Optional<HTTPException> http = WinRmErrors.find(e, HTTPException.class);
        if (http.isPresent()) {
            int code = http.get().getResponseCode();
            return code >= 500 && code <= 599 ? "HTTP " + code : null;
        }
        if (WinRmErrors.find(e, UnknownHostException.class).isPresent()
                || WinRmErrors.find(e, SSLException.class).isPresent()
                || WinRmErrors.find(e, SocketTimeoutException.class).isPresent()
                || WinRmErrors.any(e, t -> t.getClass().getName().endsWith("ConnectTimeoutException"))) {
            return null;
        }
        if (WinRmErrors.find(e, ConnectException.class).isPresent()) {
            return established.getAsBoolean() ? "connection refused after the shell was created" : null;
        }
        if (WinRmErrors.find(e, SocketException.class).isPresent()
                || WinRmErrors.any(e, t -> t.getClass().getName().endsWith("NoHttpResponseException")
                        || t.getClass().getName().endsWith("ConnectionClosedException"))) {
            return "connection dropped";
        }
        return null;
    }

    private static RetryDecision decision(boolean retry, long pauseMillis, String reason) {
        return new RetryDecision() {
            @Override
            public boolean shouldRetry() {
                return retry;
            }

            @Override
            public long pauseTimeMillis() {
                return pauseMillis;
            }

            @Override
            public Optional<String> reason() {
                return Optional.of(reason);
            }
        };
    }
}
