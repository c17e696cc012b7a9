package org.wsusctl.sim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one network server of a simulated fleet: every simulated port (HTTP, HTTPS, hostile) is a listening channel
 * of the same Netty event loops, so a fleet of 10,000 hosts costs 10,000 sockets and a handful of threads (one
 * accepts on every port, two or so carry every connection), where a JDK {@code HttpServer} per port cost a server
 * object and a dispatcher thread per host.
 *
 * <p>What it does for a host: reads one HTTP/1.1 request (a request line of at most 4 KB, 16 KB of headers, a
 * body of at most {@link #MAX_REQUEST_BYTES}, chunked or not), hands it to the host's {@link Handler} as a
 * {@link SimExchange}, and writes the answer whenever the host gives it, keeping the connection open between
 * requests (HTTP/1.1 keep-alive) as HTTP.sys does. It tells the host when a connection closes, so per-connection
 * logons (NTLM, Kerberos) end with their connection. A connection idle for {@link #IDLE_SECONDS} is closed, as
 * HTTP.sys closes idle connections after its {@code IdleConnectionTimeout} (120 s by default: "HTTP.sys registry
 * settings for Windows", Microsoft Learn). Never blocks an event loop: hosts answer from their own threads.
 */
final class SimServer implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(SimServer.class);
    /** Larger requests are not WinRM (Windows' own limit is 500 KB). */
    static final int MAX_REQUEST_BYTES = 1 << 20;
    static final int IDLE_SECONDS = 120;

    /** What a host does with its requests and connections. */
    interface Handler {
        void handle(SimExchange exchange);

        /** The connection is gone: forget what was tied to it (a logon). */
        void connectionClosed(String connection);
    }

    /** A listening port and the connections accepted on it; closing it closes them all. */
    static final class Binding implements AutoCloseable {
        private final Channel server;
        private final ChannelGroup connections;

        private Binding(Channel server, ChannelGroup connections) {
            this.server = server;
            this.connections = connections;
        }

        int port() {
            return ((InetSocketAddress) server.localAddress()).getPort();
        }

        @Override
        public void close() {
            server.close().syncUninterruptibly();
            connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
    }

    private final EventLoopGroup acceptor;
    private final EventLoopGroup io;
    private final AtomicLong connectionIds = new AtomicLong();
    private final PortRange ports = PortRange.ephemeral();

    SimServer() {
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("wsusctl-sim-accept", true),
                NioIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("wsusctl-sim-io", true), NioIoHandler.newFactory());
    }

    /** Serves WinRM for one host on an ephemeral port of {@code address}; HTTPS when {@code tls} is given. */
    Binding bind(InetAddress address, SSLContext tls, Handler host) throws IOException {
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        return bind(address, connections, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                String id = "c" + connectionIds.incrementAndGet();
                ChannelPipeline p = ch.pipeline();
                if (tls != null) {
                    SSLEngine engine = tls.createSSLEngine();
                    engine.setUseClientMode(false);
                    p.addLast("tls", new SslHandler(engine));
                }
                p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS) {
                    @Override
                    protected void channelIdle(ChannelHandlerContext ctx, io.netty.handler.timeout.IdleStateEvent e) {
                        ctx.close();
                    }
                });
                p.addLast("http", new HttpServerCodec(4096, 16 * 1024, 8192));
                p.addLast("body", new HttpObjectAggregator(MAX_REQUEST_BYTES, true));
                p.addLast("host", new RequestHandler(id, host));
            }
        });
    }

    /** A hostile endpoint (one of {@link SimFault#hostile()}) on an ephemeral port of {@code address}. */
    Binding bindHostile(InetAddress address, SSLContext tls, SimFault fault) throws IOException {
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        return bind(address, connections, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                connections.add(ch);
                if (tls != null && fault != SimFault.HOSTILE_TLS_STALL) {
                    SSLEngine engine = tls.createSSLEngine();
                    engine.setUseClientMode(false);
                    ch.pipeline().addLast("tls", new SslHandler(engine));
                }
                ch.pipeline().addLast("hostile", new HostileResponder(fault));
            }
        });
    }

    private Binding bind(InetAddress address, ChannelGroup connections, ChannelInitializer<SocketChannel> init)
            throws IOException {
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptor, io)
                .channelFactory(NioServerSocketChannel::new) // not .channel(Class): no reflection per bind
                .option(ChannelOption.SO_BACKLOG, 128)
                // Nagle's algorithm would hold each small answer for the client's delayed ACK (~40 ms a request)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(init);
        Throwable last = null;
        for (int tries = 0; tries < ports.size(); tries++) {
            io.netty.channel.ChannelFuture f = b.bind(new InetSocketAddress(address, ports.next())).awaitUninterruptibly();
            if (f.isSuccess()) {
                return new Binding(f.channel(), connections);
            }
            last = f.cause();
            if (!(last instanceof BindException)) {
                break; // not a port that is taken: another port will not help
            }
        }
        throw last instanceof IOException io ? io : new IOException("cannot listen on " + address + ": " + last, last);
    }

    /** Stops accepting and closes every connection of every binding (callers close their bindings first). */
    @Override
    public void close() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- one connection

    /** Turns aggregated requests into exchanges of one host; tells it when the connection closes. */
    private static final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String id;
        private final Handler host;

        RequestHandler(String id, Handler host) {
            super(true);
            this.id = id;
            this.host = host;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (req.decoderResult().isFailure()) {
                // not HTTP, or beyond the size limits: answered once, then the connection closes
                FullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            host.handle(new NettyExchange(ctx.channel(), id, req));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            host.connectionClosed(id);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a client that went away mid-request, a TLS handshake that failed: that connection's business only
            LOG.debug("simulator connection {}: {}", id, cause.toString());
            ctx.close();
        }
    }

    /** A request read whole, answered once through the channel it came on. */
    private static final class NettyExchange implements SimExchange {
        private final Channel channel;
        private final String id;
        private final String method;
        private final String path;
        private final io.netty.handler.codec.http.HttpHeaders headers;
        private final byte[] body;
        private final boolean keepAlive;

        NettyExchange(Channel channel, String id, FullHttpRequest req) {
            this.channel = channel;
            this.id = id;
            this.method = req.method().name();
            this.path = new QueryStringDecoder(req.uri()).path();
            this.headers = req.headers().copy();
            this.body = ByteBufUtil.getBytes(req.content());
            this.keepAlive = HttpUtil.isKeepAlive(req);
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public String connection() {
            return id;
        }

        @Override
        public InetSocketAddress remote() {
            SocketAddress a = channel.remoteAddress();
            return a instanceof InetSocketAddress i ? i : null;
        }

        @Override
        public Optional<byte[]> serverCertificate() {
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            if (tls == null) {
                return Optional.empty();
            }
            SSLSession s = tls.engine().getSession();
            Certificate[] chain = s == null ? null : s.getLocalCertificates();
            try {
                return chain == null || chain.length == 0 ? Optional.empty() : Optional.of(chain[0].getEncoded());
            } catch (CertificateEncodingException e) {
                return Optional.empty();
            }
        }

        @Override
        public void respond(int status, List<String[]> extra, byte[] content) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    content == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content));
            for (String[] h : extra) {
                r.headers().add(h[0], h[1]);
            }
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, content == null ? 0 : content.length);
            if (!keepAlive) {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                channel.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.writeAndFlush(r);
            }
        }

        @Override
        public void drop() {
            channel.close();
        }
    }
}
