package org.wsusctl.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.w3c.dom.Element;
import org.wsusctl.sim.shell.HostIdentity;
import org.wsusctl.sim.shell.ParsedCommand;
import org.wsusctl.sim.shell.ScriptRef;
import org.wsusctl.sim.shell.ShellEmulator;
import org.wsusctl.sim.shell.ShellOutput;

/**
 * One simulated Windows host: its WinRM listener on 127.0.0.1, its shells and commands, its injected transport
 * fault, and the model that answers its wsusctl scripts. Every request passes through {@link #handle}: fault
 * injection, latency, Basic authentication, then dispatch on the SOAP action.
 */
final class SimHost {
    private static final Logger LOG = LogManager.getLogger(SimHost.class);
    /** Larger requests are not WinRM (Windows' own limit is 500 KB). */
    private static final int MAX_REQUEST_BYTES = 1 << 20;
    /** Every n-th request a flaky host drops. */
    static final int FLAKY_EVERY = 3;

    final SimHostSpec spec;
    final TransportKnobs knobs;
    final SimScriptHost model;
    final int changesAtStart;
    private final SimRuntime rt;
    private final Object modelLock = new Object();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final ConcurrentLinkedQueue<SimRequest> log = new ConcurrentLinkedQueue<>();
    private final Map<String, SimShell> shells = new ConcurrentHashMap<>();
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private HttpServer server;
    /** An unreachable host's port: bound, never listening, so connects are refused and nobody else gets it. */
    private Socket reservedPort;
    private URI endpoint;

    SimHost(SimHostSpec spec, TransportKnobs knobs, SimScriptHost model, SimRuntime rt) {
        this.spec = spec;
        this.knobs = knobs;
        this.model = model;
        this.rt = rt;
        this.changesAtStart = model.changes().size();
    }

    /**
     * Starts listening on an ephemeral loopback port. An unreachable host holds a port that is bound but never
     * listens until {@link #close()}: a connect is refused, and neither the next simulated host nor another
     * process can be given that port in the meantime (a port that was merely looked up and released could be, and
     * then the "unreachable" host answers with someone else's server).
     */
    void start(TlsMaterial tls) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        boolean https = tls != null;
        String scheme = https ? "https" : "http";
        if (knobs.fault() == SimFault.UNREACHABLE) {
            Socket reserve = new Socket();
            try {
                reserve.setReuseAddress(false);
                reserve.bind(new InetSocketAddress(loopback, 0));
            } catch (IOException e) {
                reserve.close();
                throw e;
            }
            reservedPort = reserve;
            endpoint = URI.create(scheme + "://127.0.0.1:" + reserve.getLocalPort() + "/wsman");
            return;
        }
        HttpServer s;
        if (https) {
            HttpsServer hs = HttpsServer.create(new InetSocketAddress(loopback, 0), 64);
            hs.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext));
            s = hs;
        } else {
            s = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
        }
        s.createContext("/wsman", this::handle);
        s.setExecutor(rt.workers);
        s.start();
        server = s;
        endpoint = URI.create(scheme + "://127.0.0.1:" + s.getAddress().getPort() + "/wsman");
    }

    URI endpoint() {
        return endpoint;
    }

    long answered() {
        return answered.get();
    }

    List<SimRequest> requestLog() {
        return List.copyOf(log);
    }

    Object modelLock() {
        return modelLock;
    }

    /** Stops the listener, drops hung exchanges and pending commands. */
    void close() {
        closed = true;
        if (server != null) {
            server.stop(0);
        }
        if (reservedPort != null) {
            try {
                reservedPort.close();
            } catch (IOException e) {
                LOG.debug("closing the reserved port of {}: {}", spec.name(), e.toString());
            }
        }
        for (HttpExchange ex : held) {
            ex.close();
        }
        held.clear();
        for (SimShell sh : shells.values()) {
            sh.commands().values().forEach(SimCommand::signal);
        }
        shells.clear();
    }

    // ---------------------------------------------------------------- transport

    private void handle(HttpExchange ex) {
        Instant at = Instant.now();
        long n = received.incrementAndGet();
        if (knobs.fault() == SimFault.HANG) {
            // keep the exchange open without a thread: the client waits until its own timeout or our close()
            held.add(ex);
            if (closed) {
                held.remove(ex);
                ex.close();
            }
            return;
        }
        if (knobs.fault() == SimFault.FLAKY && n % FLAKY_EVERY == 0) {
            LOG.debug("{}: dropping request {} (fault: flaky)", spec.name(), n);
            ex.close();
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        } catch (IOException e) {
            ex.close();
            return;
        }
        if (body.length > MAX_REQUEST_BYTES) {
            ex.close();
            return;
        }
        rt.later(knobs.latencyMs(), () -> process(ex, body, at));
    }

    private void process(HttpExchange ex, byte[] body, Instant at) {
        String relatesTo = "";
        try {
            if (!"POST".equalsIgnoreCase(ex.getRequestMethod())) {
                reply(ex, 405, null, new SimRequest(at, "Invalid", List.of(), false));
                return;
            }
            Optional<String> user = authenticate(ex);
            if (user.isEmpty()) {
                reply(ex, 401, null, new SimRequest(at, "Unauthorized", List.of(), false));
                return;
            }
            SoapRequest req;
            try {
                req = SoapRequest.parse(body);
            } catch (SoapRequest.Malformed e) {
                fault(ex, e.messageId, WsmanFault.schema(e.getMessage()), new SimRequest(at, "Invalid", List.of(), false));
                return;
            }
            relatesTo = req.messageId();
            dispatch(ex, req, user.get(), at);
        } catch (RuntimeException e) {
            LOG.error("{}: simulator failed handling a request", spec.name(), e);
            fault(ex, relatesTo, new WsmanFault(false, "w:InternalError", 1359L, "An internal error occurred. (" + e + ")"),
                    new SimRequest(at, "Invalid", List.of(), false));
        }
    }

    /** The user name the request authenticated as, or empty for a 401. Passwords are compared, never logged. */
    private Optional<String> authenticate(HttpExchange ex) {
        if (knobs.fault() == SimFault.AUTH_REJECTED) {
            return Optional.empty();
        }
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String user = null;
        byte[] password = null;
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    user = decoded.substring(0, colon);
                    password = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                user = null;
            }
        }
        if (spec.user().isEmpty() && spec.password().isEmpty()) {
            return Optional.of(user == null || user.isEmpty() ? "Administrator" : user);
        }
        if (user == null) {
            return Optional.empty();
        }
        if (spec.user().isPresent() && !spec.user().get().equalsIgnoreCase(user)) {
            return Optional.empty();
        }
        if (spec.password().isPresent()
                && !MessageDigest.isEqual(spec.password().get().getBytes(StandardCharsets.UTF_8), password)) {
            return Optional.empty();
        }
        return Optional.of(user);
    }

    private void fault(HttpExchange ex, String relatesTo, WsmanFault f, SimRequest entry) {
        reply(ex, 500, SoapWriter.fault(relatesTo, f, spec.name()), entry);
    }

    /** Answers after the simulated latency. {@code xml} null: no body. */
    private void reply(HttpExchange ex, int status, String xml, SimRequest entry) {
        rt.later(knobs.latencyMs(), () -> write(ex, status, xml, entry));
    }

    private void write(HttpExchange ex, int status, String xml, SimRequest entry) {
        // Counted before the answer goes out: a client that has its answer may read the count at once
        // (the report does, right after Delete), so counting afterwards raced with it.
        answered.incrementAndGet();
        log.add(entry);
        try {
            if (status == 401) {
                // what Windows offers when Basic is enabled next to Negotiate
                ex.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
            }
            if (xml == null) {
                ex.sendResponseHeaders(status, -1);
            } else {
                byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/soap+xml;charset=UTF-8");
                ex.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: client went away before the answer: {}", spec.name(), e.toString());
        } finally {
            ex.close();
        }
    }

    // ---------------------------------------------------------------- WS-Management actions

    private void dispatch(HttpExchange ex, SoapRequest req, String user, Instant at) {
        String action = req.action();
        SimRequest entry = new SimRequest(at, Wsman.shortName(action), List.of(), false);
        if (action.equals(Wsman.CREATE)) {
            create(ex, req, user, entry);
            return;
        }
        boolean known = action.equals(Wsman.COMMAND) || action.equals(Wsman.SEND) || action.equals(Wsman.RECEIVE)
                || action.equals(Wsman.SIGNAL) || action.equals(Wsman.DELETE);
        if (!known) {
            fault(ex, req.messageId(), WsmanFault.unsupportedAction(action), entry);
            return;
        }
        if (req.shellId() == null) {
            fault(ex, req.messageId(), WsmanFault.schema("the ShellId selector is missing"), entry);
            return;
        }
        SimShell shell = shells.get(req.shellId());
        if (shell == null) {
            fault(ex, req.messageId(), WsmanFault.unknownShell(req.shellId()), entry);
            return;
        }
        if (action.equals(Wsman.COMMAND)) {
            command(ex, req, shell, at);
        } else if (action.equals(Wsman.SEND)) {
            if (!isShellElement(req.body(), "Send")) {
                fault(ex, req.messageId(), WsmanFault.schema("Send needs an rsp:Send body"), entry);
            } else {
                // stdin is accepted and ignored: no emulated program reads it
                reply(ex, 200, SoapWriter.sendResponse(req.messageId()), entry);
            }
        } else if (action.equals(Wsman.RECEIVE)) {
            receive(ex, req, shell, entry);
        } else if (action.equals(Wsman.SIGNAL)) {
            signal(ex, req, shell, entry);
        } else {
            shells.remove(shell.id());
            shell.commands().values().forEach(SimCommand::signal);
            reply(ex, 200, SoapWriter.deleteResponse(req.messageId()), entry);
        }
    }

    private void create(HttpExchange ex, SoapRequest req, String user, SimRequest entry) {
        String codePageOption = req.options().get("WINRS_CODEPAGE");
        Charset cs = CodePage.forOption(codePageOption);
        if (cs == null) {
            fault(ex, req.messageId(), WsmanFault.invalidParameter("WINRS_CODEPAGE " + codePageOption
                    + " is not a code page this host has; expected e.g. 437 or 65001"), entry);
            return;
        }
        String key = user.toLowerCase(Locale.ROOT);
        String id = SoapWriter.newId();
        synchronized (shells) {
            long mine = shells.values().stream().filter(s -> s.ownerKey().equals(key)).count();
            if (mine >= knobs.maxShellsPerUser()) {
                fault(ex, req.messageId(), WsmanFault.shellQuota(knobs.maxShellsPerUser()), entry);
                return;
            }
            shells.put(id, new SimShell(id, key, user, cs, environment(req.body())));
        }
        String clientIp = ex.getRemoteAddress() == null ? "127.0.0.1" : ex.getRemoteAddress().getAddress().getHostAddress();
        reply(ex, 200, SoapWriter.created(req.messageId(), endpoint.toString(), id, user, clientIp), entry);
    }

    /** {@code rsp:Shell/rsp:Environment/rsp:Variable Name="..."} of a Create body. */
    private static Map<String, String> environment(Element shellBody) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        if (shellBody == null) {
            return env;
        }
        for (Element list : SoapRequest.children(shellBody, Wsman.SHELL, "Environment")) {
            for (Element v : SoapRequest.children(list, Wsman.SHELL, "Variable")) {
                env.put(v.getAttribute("Name"), SoapRequest.text(v));
            }
        }
        return env;
    }

    private void command(HttpExchange ex, SoapRequest req, SimShell shell, Instant at) {
        Element body = req.body();
        if (!isShellElement(body, "CommandLine")) {
            fault(ex, req.messageId(), WsmanFault.schema("Command needs an rsp:CommandLine body"),
                    new SimRequest(at, "Command", List.of(), false));
            return;
        }
        String command = SoapRequest.text(SoapRequest.child(body, Wsman.SHELL, "Command"));
        List<String> args = new ArrayList<>();
        for (Element a : SoapRequest.children(body, Wsman.SHELL, "Arguments")) {
            args.add(SoapRequest.text(a));
        }
        ParsedCommand parsed = ShellEmulator.parse(command, args, new HostIdentity(spec.name(), shell.owner()),
                shell.environment());
        SimRequest entry = new SimRequest(at, "Command", parsed.scripts().stream().map(ScriptRef::id).toList(),
                parsed.mutating());
        SimCommand c = new SimCommand(SoapWriter.newId(), parsed);
        shell.commands().put(c.id, c);
        long startup = parsed.powershell() ? knobs.psStartupMs() : 0;
        if (startup <= 0) {
            execute(shell, c);
        } else {
            c.setPendingStart(rt.schedule(startup, () -> execute(shell, c)));
        }
        reply(ex, 200, SoapWriter.commandResponse(req.messageId(), c.id), entry);
    }

    /** Runs the command's program (or, for a garbage host, makes up output) and stores the encoded output. */
    private void execute(SimShell shell, SimCommand c) {
        if (c.readiness().isDone()) {
            return;
        }
        if (knobs.fault() == SimFault.GARBAGE) {
            // deterministic per host and command number, so a failing test can be replayed
            Random r = new Random(spec.name().hashCode() * 31L + commands.incrementAndGet());
            byte[] junk = new byte[200 + r.nextInt(800)];
            r.nextBytes(junk);
            c.finish(junk, new byte[0], 0);
            return;
        }
        ShellOutput out;
        try {
            synchronized (modelLock) {
                out = c.parsed.run(model);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: simulated command failed", spec.name(), e);
            out = new ShellOutput("", "simulator: command failed: " + e + "\r\n", 1);
        }
        c.finish(CodePage.encode(out.stdout(), shell.codePage()), CodePage.encode(out.stderr(), shell.codePage()),
                out.exitCode());
    }

    private void receive(HttpExchange ex, SoapRequest req, SimShell shell, SimRequest entry) {
        Element body = req.body();
        Element desired = isShellElement(body, "Receive") ? SoapRequest.child(body, Wsman.SHELL, "DesiredStream") : null;
        if (desired == null) {
            fault(ex, req.messageId(), WsmanFault.schema("Receive needs rsp:Receive/rsp:DesiredStream"), entry);
            return;
        }
        String commandId = SoapRequest.shellAttribute(desired, "CommandId");
        SimCommand c = shell.commands().get(commandId);
        if (c == null) {
            fault(ex, req.messageId(), WsmanFault.invalidParameter("no command " + commandId + " in shell " + shell.id()), entry);
            return;
        }
        int room = req.maxEnvelopeSize() - receiveOverhead(req.messageId(), commandId);
        if (room < 4) {
            fault(ex, req.messageId(), WsmanFault.envelopeTooLarge(), entry);
            return;
        }
        if (c.readiness().isDone()) {
            reply(ex, 200, receiveXml(req, c, room), entry);
            return;
        }
        // hold the Receive without a thread until output exists or OperationTimeout passes, as Windows does
        AtomicBoolean answeredOnce = new AtomicBoolean();
        ScheduledFuture<?> timeout = rt.schedule(req.operationTimeout().toMillis(), () -> {
            if (answeredOnce.compareAndSet(false, true)) {
                fault(ex, req.messageId(), WsmanFault.timedOut(), entry);
            }
        });
        c.readiness().thenRun(() -> {
            if (answeredOnce.compareAndSet(false, true)) {
                timeout.cancel(false);
                rt.workers.execute(() -> reply(ex, 200, receiveXml(req, c, room), entry));
            }
        });
    }

    private static String receiveXml(SoapRequest req, SimCommand c, int room) {
        SimCommand.Chunk k = c.take(room);
        return SoapWriter.receiveResponse(req.messageId(), c.id, k.stdoutB64(), k.done(), k.stderrB64(), k.done(), k.exitCode());
    }

    /** Bytes a ReceiveResponse takes besides the base64 data (all ASCII, so chars = bytes), with a small margin. */
    private static int receiveOverhead(String relatesTo, String commandId) {
        String probe = SoapWriter.receiveResponse(relatesTo, commandId, "A", true, "A", true, Integer.MIN_VALUE);
        return probe.getBytes(StandardCharsets.UTF_8).length - 2 + 32;
    }

    private void signal(HttpExchange ex, SoapRequest req, SimShell shell, SimRequest entry) {
        Element body = req.body();
        if (!isShellElement(body, "Signal")) {
            fault(ex, req.messageId(), WsmanFault.schema("Signal needs an rsp:Signal body"), entry);
            return;
        }
        String commandId = SoapRequest.shellAttribute(body, "CommandId");
        String code = SoapRequest.text(SoapRequest.child(body, Wsman.SHELL, "Code"));
        if (!code.equals(Wsman.SIGNAL_TERMINATE) && !code.equals(Wsman.SIGNAL_CTRL_C) && !code.equals(Wsman.SIGNAL_CTRL_BREAK)) {
            fault(ex, req.messageId(), WsmanFault.invalidParameter("unknown signal code " + code), entry);
            return;
        }
        SimCommand c = code.equals(Wsman.SIGNAL_TERMINATE) ? shell.commands().remove(commandId) : shell.commands().get(commandId);
        if (c != null) {
            c.signal();
        }
        reply(ex, 200, SoapWriter.signalResponse(req.messageId()), entry);
    }

    private static boolean isShellElement(Element e, String local) {
        return e != null && Wsman.SHELL.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }
}
