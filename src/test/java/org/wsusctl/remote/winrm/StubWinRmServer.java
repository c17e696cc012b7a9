package org.wsusctl.remote.winrm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Test-only WinRM responder on loopback: answers Create/Command/Receive/Signal/Delete in the shapes of a
 * real Windows server (winrm-protocol.md 2.1), or misbehaves as a test asks through {@link #onAction}.
 * Receive returns the command line as stdout and exit code 0.
 */
final class StubWinRmServer implements AutoCloseable {
    static final String CREATE = "Create";
    static final String COMMAND = "Command";
    static final String RECEIVE = "Receive";
    static final String SIGNAL = "Signal";
    static final String DELETE = "Delete";

    /** What to do for one request; return true when it answered the exchange itself. */
    interface Behaviour {
        boolean handle(HttpExchange ex, String action, int nth, String messageId) throws IOException;
    }

    /** When set, every request gets 401 before its body is read, as Windows does for bad credentials. */
    volatile String reject401With;

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, String> commands = new ConcurrentHashMap<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> shellIds = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StubWinRmServer(HttpServer server) {
        this.server = server;
        server.createContext("/wsman", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    static StubWinRmServer http() throws IOException {
        return new StubWinRmServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static StubWinRmServer https(SSLContext ssl) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new StubWinRmServer(s);
    }

    int port() {
        return server.getAddress().getPort();
    }

    int count(String action) {
        AtomicInteger c = counts.get(action);
        return c == null ? 0 : c.get();
    }

    int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    StubWinRmServer onAction(String action, Behaviour b) {
        behaviours.put(action, b);
        return this;
    }

    /** Blocks the handling thread until the server is closed: a host that accepted and never answers. */
    void hang() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            if (reject401With != null) {
                counts.computeIfAbsent("Rejected", k -> new AtomicInteger()).incrementAndGet();
                ex.getResponseHeaders().add("WWW-Authenticate", reject401With);
                send(ex, 401, "text/plain", "");
                return;
            }
            Document doc;
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            } catch (Exception notXml) {
                send(ex, 400, "text/plain", "not xml");
                return;
            }
            String actionUri = text(doc, "Action");
            String action = actionUri.substring(actionUri.lastIndexOf('/') + 1);
            int nth = counts.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
            Behaviour b = behaviours.get(action);
            String relatesTo = text(doc, "MessageID");
            if (b != null && b.handle(ex, action, nth, relatesTo)) {
                return;
            }
            String shellId = selector(doc);
            String reply;
            switch (action) {
                case CREATE -> {
                    String id = UUID.randomUUID().toString().toUpperCase();
                    shellIds.add(id);
                    reply = "<x:ResourceCreated><a:Address>http://localhost/wsman</a:Address><a:ReferenceParameters>"
                            + "<w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>"
                            + "<w:SelectorSet><w:Selector Name=\"ShellId\">" + id + "</w:Selector></w:SelectorSet>"
                            + "</a:ReferenceParameters></x:ResourceCreated>";
                }
                case COMMAND -> {
                    String id = UUID.randomUUID().toString().toUpperCase();
                    commands.put(id, shellId + "|" + text(doc, "Command"));
                    reply = "<rsp:CommandResponse><rsp:CommandId>" + id + "</rsp:CommandId></rsp:CommandResponse>";
                }
                case RECEIVE -> {
                    String id = attr(doc, "DesiredStream", "CommandId");
                    String cmd = commands.getOrDefault(id, "|?");
                    String out = Base64.getEncoder().encodeToString(
                            cmd.substring(cmd.indexOf('|') + 1).getBytes(StandardCharsets.UTF_8));
                    reply = "<rsp:ReceiveResponse>"
                            + "<rsp:Stream Name=\"stdout\" CommandId=\"" + id + "\">" + out + "</rsp:Stream>"
                            + "<rsp:Stream Name=\"stdout\" CommandId=\"" + id + "\" End=\"true\"/>"
                            + "<rsp:Stream Name=\"stderr\" CommandId=\"" + id + "\" End=\"true\"/>"
                            + "<rsp:CommandState CommandId=\"" + id + "\" State=\"http://schemas.microsoft.com/wbem/"
                            + "wsman/1/windows/shell/CommandState/Done\"><rsp:ExitCode>0</rsp:ExitCode></rsp:CommandState>"
                            + "</rsp:ReceiveResponse>";
                }
                case SIGNAL -> reply = "<rsp:SignalResponse/>";
                case DELETE -> reply = "";
                default -> {
                    send(ex, 400, "text/plain", "unknown action " + action);
                    return;
                }
            }
            send(ex, 200, "application/soap+xml;charset=UTF-8", envelope(actionUri + "Response", relatesTo, reply));
        }
    }

    static String envelope(String action, String relatesTo, String body) {
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""
                + " xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\""
                + " xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\">"
                + "<s:Header><a:Action>" + action + "</a:Action><a:MessageID>uuid:" + UUID.randomUUID()
                + "</a:MessageID><a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
                + "<a:RelatesTo>" + relatesTo + "</a:RelatesTo></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    /** A WS-Man fault as Windows sends it (HTTP 500), echoing the request's MessageID. */
    static void sendFault(HttpExchange ex, String relatesTo, String subcode, String code, String text)
            throws IOException {
        String fault = "<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:" + subcode
                + "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">" + text + "</s:Text></s:Reason>"
                + "<s:Detail><f:WSManFault xmlns:f=\"http://schemas.microsoft.com/wbem/wsman/1/wsmanfault\" Code=\""
                + code + "\" Machine=\"stub\"><f:Message>" + text + "</f:Message></f:WSManFault></s:Detail></s:Fault>";
        send(ex, 500, "application/soap+xml;charset=UTF-8",
                envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", relatesTo, fault));
    }

    static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    private static String text(Document doc, String localName) {
        NodeList l = doc.getElementsByTagNameNS("*", localName);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }

    private static String selector(Document doc) {
        NodeList l = doc.getElementsByTagNameNS("*", "Selector");
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
    }

    private static String attr(Document doc, String localName, String attr) {
        NodeList l = doc.getElementsByTagNameNS("*", localName);
        if (l.getLength() == 0) {
            return "";
        }
        Element e = (Element) l.item(0);
        String v = e.getAttribute(attr);
        if (v.isEmpty()) {
            for (int i = 0; i < e.getAttributes().getLength(); i++) {
                if (attr.equals(e.getAttributes().item(i).getLocalName())) {
                    v = e.getAttributes().item(i).getNodeValue();
                }
            }
        }
        return v;
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
