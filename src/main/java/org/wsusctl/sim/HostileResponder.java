package org.wsusctl.sim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a hostile endpoint sends (issue 14, finding 1: one such endpoint drove the shared HTTP client out of memory
 * and every other host failed with it). It answers every connection, as soon as the client has sent anything,
 * with one of these shapes, and keeps sending for as long as the client reads: the stream is paced by the
 * channel's writability, so the simulator spends nothing while the client does not read, and stops when the
 * client closes.
 * <ul>
 *   <li>{@code hostile-endless-header}: {@code HTTP/1.1 200 OK}, then a header whose line never ends;</li>
 *   <li>{@code hostile-endless-headers}: {@code 200}, then one short header line after another, without end;</li>
 *   <li>{@code hostile-endless-body}: {@code 200}, {@code Transfer-Encoding: chunked}, and a SOAP envelope whose
 *       one text node never ends;</li>
 *   <li>{@code hostile-huge-body}: {@code 200} with {@code Content-Length} of a terabyte, then that body;</li>
 *   <li>{@code hostile-garbage-headers}: a status line, then random bytes (CR and LF among them) without end;</li>
 *   <li>{@code hostile-drip}: {@code 200}, {@code Content-Length: 1000000}, the start of a SOAP envelope, then
 *       one byte of its text a second: no read timeout ever fires, and the body never ends in any useful time;</li>
 *   <li>{@code hostile-tls-stall}: reads and says nothing (on an HTTPS endpoint: the client hello is never
 *       answered).</li>
 * </ul>
 */
final class HostileResponder extends ChannelInboundHandlerAdapter {
    private static final int CHUNK = 16 * 1024;
    private static final byte[] A = filled('a');
    private static final String XML_START = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
            + "<rsp:ReceiveResponse xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\">"
            + "<rsp:Stream Name=\"stdout\">";

    private final SimFault fault;
    private boolean started;
    private long sent;
    private Random random;
    private ScheduledFuture<?> drip;

    HostileResponder(SimFault fault) {
        this.fault = fault;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        if (started || fault == SimFault.HOSTILE_TLS_STALL) {
            return;
        }
        started = true;
        ctx.write(ascii(head()));
        if (fault == SimFault.HOSTILE_DRIP) {
            ctx.flush();
            drip = ctx.executor().scheduleAtFixedRate(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'a'})),
                    1, 1, TimeUnit.SECONDS);
            return;
        }
        pump(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (started && ctx.channel().isWritable()) {
            pump(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (drip != null) {
            drip.cancel(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // the client hung up mid-stream: what it should do
    }

    /** Writes until the outbound buffer is full; resumed when the client has read some. */
    private void pump(ChannelHandlerContext ctx) {
        while (ctx.channel().isActive() && ctx.channel().isWritable()) {
            ctx.write(next());
        }
        ctx.flush();
    }

    private String head() {
        return switch (fault) {
            case HOSTILE_ENDLESS_HEADER -> "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\nX-Hostile: ";
            case HOSTILE_ENDLESS_HEADERS, HOSTILE_GARBAGE_HEADERS -> "HTTP/1.1 200 OK\r\n";
            case HOSTILE_ENDLESS_BODY -> "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunk(XML_START);
            case HOSTILE_HUGE_BODY -> "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                    + "Content-Length: 1000000000000\r\n\r\n" + XML_START;
            case HOSTILE_DRIP -> "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                    + "Content-Length: 1000000\r\n\r\n" + XML_START; // well-formed so far: a parser waits for more
            default -> throw new IllegalStateException("not a streaming fault: " + fault);
        };
    }

    private ByteBuf next() {
        sent++;
        return switch (fault) {
            case HOSTILE_ENDLESS_HEADER, HOSTILE_HUGE_BODY -> Unpooled.wrappedBuffer(A);
            case HOSTILE_ENDLESS_HEADERS -> ascii("X-Hostile-" + sent + ": " + "v".repeat(40) + "\r\n");
            case HOSTILE_ENDLESS_BODY -> Unpooled.wrappedBuffer(
                    ascii(Integer.toHexString(CHUNK) + "\r\n"), Unpooled.wrappedBuffer(A), ascii("\r\n"));
            case HOSTILE_GARBAGE_HEADERS -> {
                if (random == null) {
                    random = new Random(42);
                }
                byte[] junk = new byte[CHUNK];
                random.nextBytes(junk);
                yield Unpooled.wrappedBuffer(junk);
            }
            default -> throw new IllegalStateException("not a streaming fault: " + fault);
        };
    }

    private static String chunk(String s) {
        return Integer.toHexString(s.length()) + "\r\n" + s + "\r\n";
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] filled(char c) {
        byte[] b = new byte[CHUNK];
        Arrays.fill(b, (byte) c);
        return b;
    }
}
