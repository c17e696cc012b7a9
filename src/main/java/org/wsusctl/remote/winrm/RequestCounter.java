package org.wsusctl.remote.winrm;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Counts the WinRM requests each shell sends. A bus-wide out-interceptor sees every outgoing SOAP
 * message (retries included, since each retry is a new message); it credits the counter that the
 * calling thread bound with {@link #bind}. CXF runs the out chain on the invoking thread, and every
 * winrm4j call of a shell runs inside {@code bind} on that thread, so the attribution is exact even
 * when several shells talk to the same endpoint. NTLM/Kerberos handshake round trips happen inside the
 * HTTP client and are not counted: one count is one WinRM operation put on the wire.
 */
final class RequestCounter extends AbstractPhaseInterceptor<Message> {
    private static final ThreadLocal<AtomicInteger> CURRENT = new ThreadLocal<>();

    RequestCounter() {
        super(Phase.PREPARE_SEND);
    }

    @Override
    public void handleMessage(Message message) {
        if (!Boolean.TRUE.equals(message.get(Message.REQUESTOR_ROLE))) {
            return;
        }
        AtomicInteger c = CURRENT.get();
        if (c != null) {
            c.incrementAndGet();
        }
    }

    /** Runs {@code body} with requests made on this thread credited to {@code counter}. */
    static <T> T bind(AtomicInteger counter, java.util.concurrent.Callable<T> body) throws Exception {
        AtomicInteger previous = CURRENT.get();
        CURRENT.set(counter);
        try {
            return body.call();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
