package org.wsusctl.security;

import java.io.ByteArrayInputStream;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain TCP relay on loopback that records every byte the client sends, so a test can read exactly what
 * travelled on the wire (plain HTTP only) independently of both the client and the simulator. It decodes
 * the wsusctl batches found in the recorded WinRM Commands: their script text and each unit's arguments.
 */
final class RecordingProxy implements AutoCloseable {
    /** The bootstrap's {@code $z='<base64 gzip>'} (see PsInvocation). */
    private static final Pattern BATCH = Pattern.compile("\\$z='([A-Za-z0-9+/=]+)'");
    private static final Pattern UNIT = Pattern.compile(
            "(?m)^Invoke-WsusctlUnit -Unit '([A-Za-z0-9_-]+)' -ArgsB64 '([A-Za-z0-9+/=]*)' -Body \\{\\r?\\n"
                    + "# wsusctl-script: ([a-z0-9._-]+) (read-only|mutating)");

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

    /** The decompressed batch scripts of every recorded Command, in order. */
    List<String> batches() throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = BATCH.matcher(sentText());
        while (m.find()) {
            byte[] gz = Base64.getDecoder().decode(m.group(1));
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Every unit of every recorded batch, with its arguments decoded from base64 JSON. */
    List<Unit> units() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Unit> out = new ArrayList<>();
        for (String batch : batches()) {
            Matcher m = UNIT.matcher(batch);
            while (m.find()) {
                Map<String, Object> args = json.readValue(Base64.getDecoder().decode(m.group(2)),
                        new TypeReference<Map<String, Object>>() { });
                out.add(new Unit(m.group(3), m.group(4).equals("mutating"), args));
            }
        }
        return out;
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
