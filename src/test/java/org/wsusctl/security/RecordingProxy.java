package org.wsusctl.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.remote.SentText;

/**
 * A plain TCP relay on loopback that records every byte the client sends, so a test can read exactly what
 * travelled on the wire (plain HTTP only) independently of both the client and the simulator. It decodes
 * the wsusctl batches found in the recorded WinRM requests: the script text each Command's launcher assembles
 * from its own code lines and the shell environment of the Creates, and each unit's arguments.
 */
final class RecordingProxy implements AutoCloseable {
    /** An environment variable of a Create ({@code rsp:Environment}), whatever the namespace prefix. */
    private static final Pattern VARIABLE = Pattern.compile(
            "<(?:[\\w-]+:)?Variable Name=\"([A-Za-z0-9_]+)\">([^<]*)</(?:[\\w-]+:)?Variable>");
    private static final Pattern COMMAND = Pattern.compile("<(?:[\\w-]+:)?Command>([^<]*)</(?:[\\w-]+:)?Command>");
    private static final Pattern ENTITY = Pattern.compile("&(?:#x([0-9A-Fa-f]+)|#([0-9]+)|(lt|gt|amp|quot|apos));");

    /** One unit as decoded from the wire. */
    record Unit(String scriptId, boolean mutating, Map<String, Object> args) { }

    private final ServerSocket server;
    private final int target;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recording-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new ArrayList<>();

    RecordingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        pumps.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Everything clients sent so far, as text (HTTP headers and SOAP bodies are ASCII/UTF-8). */
    String sentText() {
        synchronized (sent) {
            return sent.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The script text of every recorded Command that is a wsusctl launcher, assembled as PowerShell would from its
     * code lines and the environment of the recorded Creates (one shell's worth: a test records one host).
     */
    List<String> batches() {
        String wire = sentText();
        Map<String, String> env = new java.util.HashMap<>();
        Matcher v = VARIABLE.matcher(wire);
        while (v.find()) {
            env.put(v.group(1), unescape(v.group(2)));
        }
        List<String> out = new ArrayList<>();
        Matcher c = COMMAND.matcher(wire);
        while (c.find()) {
            String line = unescape(c.group(1));
            if (line.startsWith("powershell.exe ")) {
                // XML parsers deliver a CR LF as LF: compare and parse with CRLF line ends, as the batch is built
                out.add(SentText.script(line, env).replace("\r\n", "\n").replace("\n", "\r\n"));
            }
        }
        return out;
    }

    /** Every unit of every recorded batch, with its arguments decoded from hex JSON. */
    List<Unit> units() {
        List<Unit> out = new ArrayList<>();
        for (String batch : batches()) {
            for (SentText.Unit u : SentText.units(batch)) {
                out.add(new Unit(u.scriptId(), u.mutating(), u.args()));
            }
        }
        return out;
    }

    private static String unescape(String xml) {
        Matcher m = ENTITY.matcher(xml);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String r;
            if (m.group(1) != null) {
                r = String.valueOf((char) Integer.parseInt(m.group(1), 16));
            } else if (m.group(2) != null) {
                r = String.valueOf((char) Integer.parseInt(m.group(2)));
            } else {
                r = switch (m.group(3)) {
                    case "lt" -> "<";
                    case "gt" -> ">";
                    case "amp" -> "&";
                    case "quot" -> "\"";
                    default -> "'";
                };
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                pumps.execute(() -> pump(client, upstream, true));
                pumps.execute(() -> pump(upstream, client, false));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (record) {
                    synchronized (sent) {
                        sent.write(buf, 0, n);
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the relay of this connection ends
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            sockets.forEach(RecordingProxy::closeQuietly);
        }
        pumps.shutdownNow();
    }
}
