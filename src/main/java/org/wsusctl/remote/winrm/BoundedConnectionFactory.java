package org.wsusctl.remote.winrm;

import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSession;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.impl.io.HttpTransportMetricsImpl;
import org.apache.http.impl.nio.DefaultNHttpClientConnection;
import org.apache.http.nio.ContentDecoder;
import org.apache.http.nio.conn.ManagedNHttpClientConnection;
import org.apache.http.nio.conn.NHttpConnectionFactory;
import org.apache.http.nio.reactor.IOEventDispatch;
import org.apache.http.nio.reactor.IOSession;
import org.apache.http.nio.reactor.SessionInputBuffer;
import org.apache.http.nio.reactor.ssl.SSLIOSession;
import org.apache.http.nio.util.HeapByteBufferAllocator;

/**
 * The HTTP client's connections, holding every answer to {@link ResponseBounds}: headers through httpcore's own
 * message constraints (a line or a count beyond them fails the response with a {@code MessageConstraintException}),
 * bodies through a bounded decoder. What httpasyncclient's {@code ManagedNHttpClientConnectionFactory} makes,
 * less its wire logging; its connection class is not public, so this one is written out (what it adds to
 * httpcore's connection is the id and the session it was bound to, for TLS).
 */
final class BoundedConnectionFactory implements NHttpConnectionFactory<ManagedNHttpClientConnection> {
    private static final AtomicLong IDS = new AtomicLong();

    @Override
    public ManagedNHttpClientConnection create(IOSession session, ConnectionConfig config) {
        BoundedConnection conn = new BoundedConnection("wsusctl-http-" + IDS.incrementAndGet(), session,
                config.getBufferSize(), config.getFragmentSizeHint());
        session.setAttribute(IOEventDispatch.CONNECTION_KEY, conn);
        return conn;
    }

    private static final class BoundedConnection extends DefaultNHttpClientConnection
            implements ManagedNHttpClientConnection {
        private final String id;
        private IOSession original;

        BoundedConnection(String id, IOSession session, int bufferSize, int fragmentSizeHint) {
            super(session, bufferSize, fragmentSizeHint, HeapByteBufferAllocator.INSTANCE, null, null,
                    ResponseBounds.HEADERS, null, null, null, null);
            this.id = id;
            this.original = session;
        }

        @Override
        protected ContentDecoder createContentDecoder(long len, ReadableByteChannel channel, SessionInputBuffer buffer,
                HttpTransportMetricsImpl metrics) {
            // the socket timeout in force is the request's read timeout (CXF's receive timeout)
            return ResponseBounds.bounded(super.createContentDecoder(len, channel, buffer, metrics), len,
                    getSocketTimeout());
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void bind(IOSession session) {
            this.original = session;
            super.bind(session);
        }

        @Override
        public IOSession getIOSession() {
            return original;
        }

        @Override
        public SSLSession getSSLSession() {
            return original instanceof SSLIOSession tls ? tls.getSSLSession() : null;
        }

        @Override
        public String toString() {
            return id;
        }
    }
}
