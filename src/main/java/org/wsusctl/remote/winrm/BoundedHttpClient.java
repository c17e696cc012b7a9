package org.wsusctl.remote.winrm;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduitFactory;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.client.RedirectStrategy;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.cookie.Cookie;
import org.apache.http.impl.client.BasicCookieStore;
import org.apache.http.impl.conn.DefaultSchemePortResolver;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.impl.nio.conn.PoolingNHttpClientConnectionManager;
import org.apache.http.impl.nio.reactor.DefaultConnectingIOReactor;
import org.apache.http.impl.nio.reactor.IOReactorConfig;
import org.apache.http.nio.conn.NoopIOSessionStrategy;
import org.apache.http.nio.conn.SchemeIOSessionStrategy;
import org.apache.http.nio.conn.ssl.SSLIOSessionStrategy;
import org.apache.http.nio.reactor.IOReactorExceptionHandler;
import org.apache.http.protocol.HttpContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The Apache async HTTP client (IO reactor, connection pool) under CXF's async conduit, built as CXF builds it
 * ({@code AsyncHTTPConduitFactory.setupNIOClient}: no redirects, no cookies, the same pool and reactor settings)
 * with two differences, both so that one endpoint's answer can only fail that endpoint's request:
 * <ul>
 *   <li>its connections hold every answer to {@link ResponseBounds} ({@link BoundedConnectionFactory}); CXF's
 *       builder offers no hook for the connection factory or the message constraints;</li>
 *   <li>a runtime exception in one connection's I/O event leaves the reactor running: without a handler, the
 *       reactor stops for good and every later request of every host fails with "I/O reactor status:
 *       STOPPED". The connection concerned then fails by its read timeout.</li>
 * </ul>
 *
 * @param ioThreads   reactor threads
 * @param maxTotal    connections in all
 * @param maxPerRoute connections to one endpoint
 * @param ttlMs       a pooled connection's time to live
 */
record BoundedHttpClient(int ioThreads, int maxTotal, int maxPerRoute, int ttlMs) {
    private static final Logger LOG = LogManager.getLogger(BoundedHttpClient.class);
    /** CXF's default buffer for a response (its {@code setupNIOClient}, when the policy sets no chunk length). */
    private static final int BUFFER = 16332;

    /** A client and its pool, as {@link AsyncHTTPConduitFactory} keeps them. */
    record Built(CloseableHttpAsyncClient client, PoolingNHttpClientConnectionManager pool) { }

    /** Builds and starts a client; {@code owner}'s idle-connection sweeper (CXF's own) runs beside it. */
    Built start(AsyncHTTPConduitFactory owner) throws IOException {
        DefaultConnectingIOReactor reactor = new DefaultConnectingIOReactor(IOReactorConfig.custom()
                .setIoThreadCount(ioThreads)
                .setSelectInterval(1000)
                .setTcpNoDelay(true)
                .build());
        reactor.setExceptionHandler(new IOReactorExceptionHandler() {
            @Override
            public boolean handle(IOException ex) {
                return false; // the reactor's own I/O (its selector) failed: nothing to carry on with
            }

            @Override
            public boolean handle(RuntimeException ex) {
                LOG.warn("HTTP client: {} in one connection; the other connections carry on", ex.toString());
                LOG.debug("HTTP client: runtime exception in an I/O event", ex);
                return true;
            }
        });
        PoolingNHttpClientConnectionManager pool = new PoolingNHttpClientConnectionManager(reactor,
                new BoundedConnectionFactory(),
                RegistryBuilder.<SchemeIOSessionStrategy>create()
                        .register("http", NoopIOSessionStrategy.INSTANCE)
                        .register("https", SSLIOSessionStrategy.getSystemDefaultStrategy())
                        .build(),
                DefaultSchemePortResolver.INSTANCE, SystemDefaultDnsResolver.INSTANCE, ttlMs, TimeUnit.MILLISECONDS);
        pool.setDefaultMaxPerRoute(maxPerRoute);
        pool.setMaxTotal(maxTotal);
        pool.setDefaultConnectionConfig(ConnectionConfig.custom().setBufferSize(BUFFER)
                .setMessageConstraints(ResponseBounds.HEADERS).build());
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(pool)
                // a Content-Length beyond the bound fails the response before CXF sees it, so the reason reaches the
                // caller (a body cut later by the decoder reads as a body that ends early: CXF reports EOF)
                .addInterceptorFirst((HttpResponseInterceptor) (response, context) -> ResponseBounds.checkLength(response))
                .setRedirectStrategy(new RedirectStrategy() {
                    @Override
                    public boolean isRedirected(HttpRequest request, HttpResponse response, HttpContext context) {
                        return false;
                    }

                    @Override
                    public HttpUriRequest getRedirect(HttpRequest request, HttpResponse response, HttpContext context) {
                        return null;
                    }
                })
                .setDefaultCookieStore(new BasicCookieStore() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public void addCookie(Cookie cookie) {
                        // WinRM has no use for cookies; CXF keeps none either
                    }
                })
                .build();
        client.start();
        Thread sweeper = owner.new CloseIdleConnectionThread(pool, client);
        sweeper.setDaemon(true);
        sweeper.start();
        return new Built(client, pool);
    }

    /**
     * Gives a conduit factory this process does not create (winrm4j's per-client factory for sealed NTLM) a bounded
     * client before its first request. CXF keeps its client in package-private fields and builds it itself when
     * they are empty, so they are filled here; when that is impossible (another CXF), the factory keeps CXF's
     * own client, which is what it had before, and a debug line says so.
     */
    void installInto(AsyncHTTPConduitFactory factory) {
        try {
            Field client = AsyncHTTPConduitFactory.class.getDeclaredField("client");
            Field pool = AsyncHTTPConduitFactory.class.getDeclaredField("connectionManager");
            client.setAccessible(true);
            pool.setAccessible(true);
            synchronized (factory) { // CXF's setupNIOClient is synchronized on the factory
                if (client.get(factory) != null || factory.isShutdown()) {
                    return;
                }
                Built b = start(factory);
                pool.set(factory, b.pool());
                client.set(factory, b.client());
            }
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOG.debug("cannot give {} a bounded HTTP client; it keeps CXF's: {}", factory, e.toString());
        }
    }
}
