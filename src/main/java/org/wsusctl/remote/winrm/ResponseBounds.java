package org.wsusctl.remote.winrm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.http.Header;
import org.apache.http.HttpResponse;
import org.apache.http.config.MessageConstraints;
import org.apache.http.protocol.HTTP;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.http.nio.ContentDecoder;

/**
 * What a WinRM answer may be, so that an endpoint that is not a WinRM listener (or is hostile) fails its own host
 * instead of exhausting the memory every host shares (issue 14, finding 1: one endpoint answering {@code 200} and
 * a header line without end drove the HTTP client out of memory and stopped it for every host).
 *
 * <ul>
 *   <li>A header line of at most {@link #MAX_LINE} bytes and at most {@link #MAX_HEADERS} header lines: the WinRM
 *       service answers through HTTP.sys with a handful of short headers ({@code Content-Type},
 *       {@code WWW-Authenticate}, {@code Server}, {@code Date}); 16 KB is HTTP.sys's own default bound of one
 *       header ({@code MaxFieldLength}, "HTTP.sys registry settings for Windows", Microsoft Learn).</li>
 *   <li>A body of at most {@link #MAX_BODY} bytes: every request winrm4j sends asks for answers of at most
 *       {@code w:MaxEnvelopeSize} 153,600 bytes ({@code WinRmClient.MAX_ENVELOPER_SIZE}), and the server must keep
 *       to it (MS-WSMV 3.1.4.1.3.2); sealing (NTLM's MIME framing and signature) adds a few hundred bytes. 1 MiB
 *       leaves a wide margin and is still nothing to the heap.</li>
 *   <li>A body that arrives, once its headers have, within the request's read timeout: a WinRM server may hold
 *       a Receive for the whole operation timeout before it answers, but then sends the answer at once. A body
 *       dripped a byte at a time never trips a read timeout (each byte restarts it) and would hold the host for
 *       ever.</li>
 * </ul>
 */
final class ResponseBounds {
    private static final Logger LOG = LogManager.getLogger(ResponseBounds.class);
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADERS = 100;
    static final long MAX_BODY = 1 << 20;

    static final MessageConstraints HEADERS = MessageConstraints.custom()
            .setMaxLineLength(MAX_LINE).setMaxHeaderCount(MAX_HEADERS).build();

    private ResponseBounds() { }

    /** An answer beyond these bounds: the endpoint is not a WinRM listener, whatever it said its status was. */
    static final class Exceeded extends IOException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message);
        }
    }

    /** Refuses an answer whose {@code Content-Length} is beyond {@link #MAX_BODY}, before its body is read. */
    static void checkLength(HttpResponse response) throws Exceeded {
        Header h = response.getFirstHeader(HTTP.CONTENT_LEN);
        if (h == null) {
            return;
        }
        long length;
        try {
            length = Long.parseLong(h.getValue().strip());
        } catch (NumberFormatException e) {
            return; // httpcore refuses a malformed length itself
        }
        if (length > MAX_BODY) {
            throw new Exceeded(tooLong(length));
        }
    }

    private static String tooLong(long length) {
        return "the answer announces a body of " + length + " bytes; a WinRM answer has at most " + MAX_BODY
                + " (w:MaxEnvelopeSize 153600)";
    }

    /**
     * The body decoder of one response, refusing more than {@link #MAX_BODY} bytes (a {@code Content-Length}
     * above it at once, before any byte) and a body still arriving after {@code timeoutMs} (none when 0).
     */
    static ContentDecoder bounded(ContentDecoder body, long contentLength, long timeoutMs) {
        return new Bounded(body, contentLength, timeoutMs <= 0 ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), timeoutMs);
    }

    private static final class Bounded implements ContentDecoder {
        private final ContentDecoder body;
        private final long contentLength;
        private final long deadlineNanos;
        private final long timeoutMs;
        private long read;

        Bounded(ContentDecoder body, long contentLength, long deadlineNanos, long timeoutMs) {
            this.body = body;
            this.contentLength = contentLength;
            this.deadlineNanos = deadlineNanos;
            this.timeoutMs = timeoutMs;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            try {
                return boundedRead(dst);
            } catch (Exceeded e) {
                // CXF hands the reader of a body cut here an early end, not this reason: it is logged (-vv) instead
                LOG.debug("HTTP answer refused: {}", e.getMessage());
                throw e;
            }
        }

        private int boundedRead(ByteBuffer dst) throws IOException {
            if (contentLength > MAX_BODY) {
                throw new Exceeded(tooLong(contentLength));
            }
            int n = body.read(dst);
            if (n > 0) {
                read += n;
                if (read > MAX_BODY) {
                    throw new Exceeded("the answer's body goes on beyond " + MAX_BODY
                            + " bytes; a WinRM answer has at most that (w:MaxEnvelopeSize 153600)");
                }
            }
            if (!body.isCompleted() && System.nanoTime() - deadlineNanos > 0) {
                throw new Exceeded("the answer's body was still arriving " + timeoutMs / 1000
                        + " s after its headers (read timeout); a WinRM server sends an answer at once");
            }
            return n;
        }

        @Override
        public boolean isCompleted() {
            return body.isCompleted();
        }
    }
}
