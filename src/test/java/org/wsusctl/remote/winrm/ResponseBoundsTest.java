package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.apache.http.HttpVersion;
import org.apache.http.message.BasicHttpResponse;
import org.apache.http.nio.ContentDecoder;
import org.junit.jupiter.api.Test;

/** The bounds on one answer's body, with a decoder that yields what the test says (the wire is in HostileEndpointsTest). */
class ResponseBoundsTest {
    /** A body of {@code total} bytes, {@code chunk} at a time, or endless when total is negative. */
    private static ContentDecoder body(long total, int chunk) {
        return new ContentDecoder() {
            private long left = total;

            @Override
            public int read(ByteBuffer dst) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(chunk, dst.remaining()), left < 0 ? Long.MAX_VALUE : left);
                dst.position(dst.position() + n);
                left = left < 0 ? left : left - n;
                return n;
            }

            @Override
            public boolean isCompleted() {
                return left == 0;
            }
        };
    }

    private static long drain(ContentDecoder d) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long n = 0;
        while (!d.isCompleted()) {
            buf.clear();
            n += Math.max(0, d.read(buf));
        }
        return n;
    }

    @Test
    void aWinRmSizedBodyPasses() throws Exception {
        assertTrue(drain(ResponseBounds.bounded(body(153_600, 4096), 153_600, 60_000)) == 153_600);
        assertDoesNotThrow(() -> drain(ResponseBounds.bounded(body(ResponseBounds.MAX_BODY, 8192), -1, 0)));
    }

    @Test
    void anEndlessBodyIsCutAtTheBound() {
        ResponseBounds.Exceeded e = assertThrows(ResponseBounds.Exceeded.class,
                () -> drain(ResponseBounds.bounded(body(-1, 8192), -1, 60_000)));
        assertTrue(e.getMessage().contains("beyond " + ResponseBounds.MAX_BODY), e.getMessage());
    }

    @Test
    void aHugeContentLengthIsRefusedBeforeItsBody() {
        assertThrows(ResponseBounds.Exceeded.class,
                () -> ResponseBounds.bounded(body(10, 10), 1_000_000_000_000L, 60_000).read(ByteBuffer.allocate(16)));
        BasicHttpResponse r = new BasicHttpResponse(HttpVersion.HTTP_1_1, 200, "OK");
        r.setHeader("Content-Length", "1000000000000");
        assertThrows(ResponseBounds.Exceeded.class, () -> ResponseBounds.checkLength(r));
        r.setHeader("Content-Length", "153600");
        assertDoesNotThrow(() -> ResponseBounds.checkLength(r));
    }

    @Test
    void aBodyStillArrivingAfterTheReadTimeoutIsRefused() throws Exception {
        ContentDecoder d = ResponseBounds.bounded(body(1_000, 1), 1_000, 50);
        d.read(ByteBuffer.allocate(1));
        Thread.sleep(100);
        ResponseBounds.Exceeded e = assertThrows(ResponseBounds.Exceeded.class, () -> d.read(ByteBuffer.allocate(1)));
        assertTrue(e.getMessage().contains("still arriving"), e.getMessage());
    }
}
