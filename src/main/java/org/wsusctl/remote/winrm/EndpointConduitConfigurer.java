package org.wsusctl.remote.winrm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitConfigurer;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduit;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduitFactory;
import io.cloudsoft.winrm4j.client.encryption.AsyncHttpEncryptionAwareConduitFactory;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Applies each endpoint's TLS trust and HTTP timeouts to the CXF conduit created for it.
 *
 * <p>Why: winrm4j 0.12.3 only applies TLS settings and timeouts for NTLM/Kerberos; under Basic they are
 * silently dropped (CXF defaults: JVM truststore, 60 s read timeout). CXF consults the bus's
 * {@link HTTPConduitConfigurer} for every conduit it creates, with the conduit's target address, so
 * registering the settings here by endpoint address makes them hold for every scheme. Every conduit also gets
 * {@link FailOn401AuthSupplier}, so a refused login ends at once instead of hanging in a retransmission.
 */
final class EndpointConduitConfigurer implements HTTPConduitConfigurer {
    private static final Logger LOG = LogManager.getLogger(EndpointConduitConfigurer.class);

    /** What one endpoint's conduit gets; {@code tls} is null for plain HTTP. */
    record ConduitSettings(TLSClientParameters tls, HTTPClientPolicy policy) { }

    private final Map<String, ConduitSettings> byAddress = new ConcurrentHashMap<>();

    void register(String address, ConduitSettings settings) {
        byAddress.put(address, settings);
    }

    @Override
    public void configure(String name, String address, HTTPConduit conduit) {
        conduit.setAuthSupplier(new FailOn401AuthSupplier());
        if (conduit instanceof AsyncHTTPConduit a
                && a.getAsyncHTTPConduitFactory() instanceof AsyncHttpEncryptionAwareConduitFactory own) {
            oneConnectionPerClient(own);
        }
        ConduitSettings s = address == null ? null : byAddress.get(address);
        if (s == null) {
            LOG.debug("no transport settings registered for conduit {} ({})", name, address);
            return;
        }
        conduit.setClient(copy(s.policy()));
        if (s.tls() != null) {
            conduit.setTlsClientParameters(s.tls());
        }
    }

    /**
     * A sealing client (NTLM over HTTP) gets its own HTTP client from winrm4j. Its pool would open a second
     * connection whenever the first is not yet back in the pool when the next request starts (the async client
     * releases it on its IO thread, after the answer reached the caller). But the client has one NTLM security
     * context, while the server keeps one per connection: the second connection's logon resets the client's
     * keys, and the next message on the first connection is sealed with keys that connection never had, so the
     * server refuses it (found as intermittent HTTP 400s against the simulator, which keeps contexts per
     * connection as Windows does). One connection per route makes the next request wait for the first
     * connection instead. One IO thread is plenty for one connection; CXF's default is one per CPU, per host.
     */
    private static void oneConnectionPerClient(AsyncHttpEncryptionAwareConduitFactory f) {
        f.update(Map.of(AsyncHTTPConduitFactory.MAX_PER_HOST_CONNECTIONS, 1,
                AsyncHTTPConduitFactory.THREAD_COUNT, 1,
                AsyncHTTPConduitFactory.USE_POLICY, AsyncHTTPConduitFactory.UseAsyncPolicy.ALWAYS));
        // and its answers are bounded like everyone else's (ResponseBounds): its reactor is its own, but the heap is not
        SEALING_CLIENT.installInto(f);
    }

    /** A sealing client's HTTP client: one reactor thread, one connection (above). */
    private static final BoundedHttpClient SEALING_CLIENT = new BoundedHttpClient(1, 1, 1, 60_000);

    /** Conduits may mutate their policy (winrm4j sets auto-redirect), so each gets its own copy. */
    private static HTTPClientPolicy copy(HTTPClientPolicy p) {
        HTTPClientPolicy c = new HTTPClientPolicy();
        c.setConnectionTimeout(p.getConnectionTimeout());
        c.setConnectionRequestTimeout(p.getConnectionRequestTimeout());
        c.setReceiveTimeout(p.getReceiveTimeout());
        c.setAllowChunking(p.isAllowChunking());
        c.setAutoRedirect(p.isAutoRedirect());
        return c;
    }
}
