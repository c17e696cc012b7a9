package org.wsusctl.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.sim.auth.AuthRequest;
import org.wsusctl.sim.auth.AuthStep;
import org.wsusctl.sim.auth.EncryptedMessage;
import org.wsusctl.sim.auth.HttpAuthenticator;
import org.wsusctl.sim.auth.SessionSecurity;
import org.wsusctl.sim.shell.HostIdentity;
import org.wsusctl.sim.shell.ParsedCommand;
import org.wsusctl.sim.shell.ScriptRef;
import org.wsusctl.sim.shell.ShellEmulator;
import org.wsusctl.sim.shell.ShellOutput;

/**
 * One simulated Windows host: its WinRM listener on 127.0.0.1, its shells and commands, its injected transport
 * fault, and the model that answers its wsusctl scripts. Every request passes through {@link #handle}: fault
 * injection, latency, authentication ({@link HttpAuthenticator}: Basic, NTLM or Kerberos, as the host's
 * {@link SimTransport} says), unsealing of encrypted messages, then dispatch on the SOAP action; answers to an
 * encrypted request are sealed the same way.
 */
final class SimHost implements SimServer.Handler {
    private static final Logger LOG = LogManager.getLogger(SimHost.class);
    /** Every n-th authenticated request a flaky host drops. */
    static final int FLAKY_EVERY = 3;

    final SimHostSpec spec;
    final TransportKnobs knobs;
    final SimScriptHost model;
    final int changesAtStart;
    private final SimRuntime rt;
    private final HttpAuthenticator auth;
    /** Windows' {@code AllowUnencrypted=false}: over HTTP, NTLM and Kerberos hosts take only sealed messages. */
    private final boolean requireEncryption;
    private final Object modelLock = new Object();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong flaky = new AtomicLong();
    private final ConcurrentLinkedQueue<SimRequest> log = new ConcurrentLinkedQueue<>();
    private final Map<String, SimShell> shells = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private SimServer.Binding binding;
    /** An unreachable host's port: bound, never listening, so connects are refused and nobody else gets it. */
    private Socket reservedPort;
    private URI endpoint;

    SimHost(SimHostSpec spec, TransportKnobs knobs, SimScriptHost model, SimRuntime rt, HttpAuthenticator auth,
            boolean https) {
        this.spec = spec;
        this.knobs = knobs;
        this.model = model;
        this.rt = rt;
        this.auth = auth;
        this.requireEncryption = spec.transport() != SimTransport.BASIC && !https;
        this.changesAtStart = model.changes().size();
    }

    /**
     * One request on its way through: the exchange, and once authenticated, the account and (for a sealed
     * request) the security its answer is sealed with.
     */
    private record Call(SimExchange ex, Optional<String> account, Optional<SessionSecurity> seal,
            Optional<String> replyToken) {
        static Call unauthenticated(SimExchange ex) {
            return new Call(ex, Optional.empty(), Optional.empty(), Optional.empty());
        }

        SimRequest entry(Instant at, String action) {
            return entry(at, action, List.of(), false);
        }

        SimRequest entry(Instant at, String action, List<String> scripts, boolean mutating) {
            return new SimRequest(at, action, scripts, mutating, account, seal.isPresent());
        }
    }

    /**
     * Starts listening on an ephemeral loopback port. An unreachable host holds a port that is bound but never
     * listens until {@link #close()}: a connect is refused, and neither the next simulated host nor another
     * process can be given that port in the meantime (a port that was merely looked up and released could be, and
     * then the "unreachable" host answers with someone else's server).
     */
    void start(SimServer server, TlsMaterial tls) throws IOException {
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
        binding = knobs.fault().hostile()
                ? server.bindHostile(loopback, https ? tls.sslContext : null, knobs.fault())
                : server.bind(loopback, https ? tls.sslContext : null, this);
        endpoint = URI.create(scheme + "://127.0.0.1:" + binding.port() + "/wsman");
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
        if (binding != null) {
            binding.close(); // and with it every connection, held ones (fault: hang) too
        }
        if (reservedPort != null) {
            try {
                reservedPort.close();
            } catch (IOException e) {
                LOG.debug("closing the reserved port of {}: {}", spec.name(), e.toString());
            }
        }
        for (SimShell sh : shells.values()) {
            sh.commands().values().forEach(SimCommand::signal);
        }
        shells.clear();
    }

    // ---------------------------------------------------------------- transport

    @Override
    public void handle(SimExchange ex) {
        Instant at = Instant.now();
        if (knobs.fault() == SimFault.HANG || closed) {
            // keep the connection open without a thread: the client waits until its own timeout or our close()
            return;
        }
        // never on the server's event loop: a host's work (logons, the model, saving state) may take a while
        rt.later(Math.max(0, knobs.latencyMs()), () -> process(ex, ex.body(), at), true);
    }

    @Override
    public void connectionClosed(String connection) {
        auth.connectionClosed(connection);
    }

    private void process(SimExchange ex, byte[] body, Instant at) {
        Call call = Call.unauthenticated(ex);
        String relatesTo = "";
        try {
            if (!ex.path().startsWith("/wsman")) {
                reply(call, 404, null, call.entry(at, "Invalid"));
                return;
            }
            if (!"POST".equalsIgnoreCase(ex.method())) {
                reply(call, 405, null, call.entry(at, "Invalid"));
                return;
            }
            Optional<String> authorization = ex.header("Authorization");
            AuthStep step = knobs.fault() == SimFault.AUTH_REJECTED
                    ? new AuthStep.Refused("fault: auth-rejected")
                    : auth.authenticate(new AuthRequest(ex.connection(), authorization,
                            authorization.isPresent() ? ex.serverCertificate() : Optional.empty()));
            if (step instanceof AuthStep.Challenge c) {
                unauthorized(call, List.of(c.wwwAuthenticate()), call.entry(at, "Challenge"));
                return;
            }
            if (step instanceof AuthStep.Refused r) {
                LOG.debug("{}: 401: {}", spec.name(), r.reason());
                unauthorized(call, auth.offer(), call.entry(at, authorization.isPresent() ? "Unauthorized" : "Challenge"));
                return;
            }
            AuthStep.Accepted ok = (AuthStep.Accepted) step;
            // Only authenticated requests count: under NTLM each new connection first costs two 401 legs,
            // which would otherwise make every retry's logon drop its own third request.
            if (knobs.fault() == SimFault.FLAKY && flaky.incrementAndGet() % FLAKY_EVERY == 0) {
                LOG.debug("{}: dropping request {} (fault: flaky)", spec.name(), flaky.get());
                ex.drop();
                return;
            }
            call = new Call(ex, Optional.of(ok.account()), Optional.empty(), ok.replyToken());
            byte[] soap = body;
            if (EncryptedMessage.isEncrypted(ex.header("Content-Type").orElse(null))) {
                if (ok.security().isEmpty()) {
                    reply(call, 400, null, call.entry(at, "Invalid"));
                    return;
                }
                try {
                    soap = EncryptedMessage.open(body, ok.security().get());
                } catch (SessionSecurity.BadMessage e) {
                    LOG.debug("{}: 400: {}", spec.name(), e.getMessage());
                    reply(call, 400, null, call.entry(at, "Invalid"));
                    return;
                }
                call = new Call(ex, call.account(), ok.security(), ok.replyToken());
            } else if (body.length == 0 && ok.security().isPresent()) {
                // pywinrm authenticates with an empty POST before it encrypts anything; Windows answers 200
                reply(call, 200, null, call.entry(at, "Authenticated"));
                return;
            } else if (requireEncryption) {
                // Windows refuses a plain message when AllowUnencrypted=false with HTTP 500 (pywinrm #129 and
                // #208, winrm4j #151: "the server returns 500 as it is set to AllowUnEncrypted=false")
                reply(call, 500, null, call.entry(at, "Unencrypted"));
                return;
            }
            SoapRequest req;
            try {
                req = SoapRequest.parse(soap);
            } catch (SoapRequest.Malformed e) {
                fault(call, e.messageId, WsmanFault.schema(e.getMessage()), call.entry(at, "Invalid"));
                return;
            }
            relatesTo = req.messageId();
            dispatch(call, req, ok.account(), at);
        } catch (RuntimeException e) {
            LOG.error("{}: simulator failed handling a request", spec.name(), e);
            fault(call, relatesTo, new WsmanFault(false, "w:InternalError", 1359L, "An internal error occurred. (" + e + ")"),
                    call.entry(at, "Invalid"));
        }
    }

    private void fault(Call call, String relatesTo, WsmanFault f, SimRequest entry) {
        reply(call, 500, SoapWriter.fault(relatesTo, f, spec.name()), entry);
    }

    private void unauthorized(Call call, List<String> wwwAuthenticate, SimRequest entry) {
        rt.later(knobs.latencyMs(), () -> write(call, 401, null, wwwAuthenticate, entry));
    }

    /** Answers after the simulated latency. {@code xml} null: no body. */
    private void reply(Call call, int status, String xml, SimRequest entry) {
        rt.later(knobs.latencyMs(), () -> write(call, status, xml, List.of(), entry));
    }

    private void write(Call call, int status, String xml, List<String> wwwAuthenticate, SimRequest entry) {
        SimExchange ex = call.ex();
        // Counted before the answer goes out: a client that has its answer may read the count at once
        // (the report does, right after Delete), so counting afterwards raced with it.
        answered.incrementAndGet();
        log.add(entry);
        List<String[]> headers = new ArrayList<>(3);
        for (String w : wwwAuthenticate) {
            headers.add(new String[] {"WWW-Authenticate", w});
        }
        call.replyToken().ifPresent(t -> headers.add(new String[] {"WWW-Authenticate", t}));
        byte[] bytes = null;
        if (xml != null) {
            bytes = xml.getBytes(StandardCharsets.UTF_8);
            if (call.seal().isPresent()) {
                bytes = EncryptedMessage.seal(bytes, call.seal().get());
                headers.add(new String[] {"Content-Type", EncryptedMessage.contentType(call.seal().get().protocol())});
            } else {
                headers.add(new String[] {"Content-Type", "application/soap+xml;charset=UTF-8"});
            }
        }
        ex.respond(status, headers, bytes);
    }

    // ---------------------------------------------------------------- WS-Management actions

    private void dispatch(Call call, SoapRequest req, String user, Instant at) {
        String action = req.action();
        SimRequest entry = call.entry(at, Wsman.shortName(action));
        if (action.equals(Wsman.CREATE)) {
            create(call, req, user, entry);
            return;
        }
        boolean known = action.equals(Wsman.COMMAND) || action.equals(Wsman.SEND) || action.equals(Wsman.RECEIVE)
                || action.equals(Wsman.SIGNAL) || action.equals(Wsman.DELETE);
        if (!known) {
            fault(call, req.messageId(), WsmanFault.unsupportedAction(action), entry);
            return;
        }
        if (req.shellId() == null) {
            fault(call, req.messageId(), WsmanFault.schema("the ShellId selector is missing"), entry);
            return;
        }
        SimShell shell = shells.get(req.shellId());
        if (shell == null) {
            fault(call, req.messageId(), WsmanFault.unknownShell(req.shellId()), entry);
            return;
        }
        if (action.equals(Wsman.COMMAND)) {
            command(call, req, shell, at);
        } else if (action.equals(Wsman.SEND)) {
            if (!isShellElement(req.body(), "Send")) {
                fault(call, req.messageId(), WsmanFault.schema("Send needs an rsp:Send body"), entry);
            } else {
                // stdin is accepted and ignored: no emulated program reads it
                reply(call, 200, SoapWriter.sendResponse(req.messageId()), entry);
            }
        } else if (action.equals(Wsman.RECEIVE)) {
            receive(call, req, shell, entry);
        } else if (action.equals(Wsman.SIGNAL)) {
            signal(call, req, shell, entry);
        } else {
            shells.remove(shell.id());
            shell.commands().values().forEach(SimCommand::signal);
            reply(call, 200, SoapWriter.deleteResponse(req.messageId()), entry);
        }
    }

    private void create(Call call, SoapRequest req, String user, SimRequest entry) {
        String codePageOption = req.options().get("WINRS_CODEPAGE");
        Charset cs = CodePage.forOption(codePageOption);
        if (cs == null) {
            fault(call, req.messageId(), WsmanFault.invalidParameter("WINRS_CODEPAGE " + codePageOption
                    + " is not a code page this host has; expected e.g. 437 or 65001"), entry);
            return;
        }
        String key = user.toLowerCase(Locale.ROOT);
        String id = SoapWriter.newId();
        synchronized (shells) {
            long mine = shells.values().stream().filter(s -> s.ownerKey().equals(key)).count();
            if (mine >= knobs.maxShellsPerUser()) {
                fault(call, req.messageId(), WsmanFault.shellQuota(knobs.maxShellsPerUser()), entry);
                return;
            }
            shells.put(id, new SimShell(id, key, user, cs, environment(req.body())));
        }
        String clientIp = call.ex().remote() == null ? "127.0.0.1" : call.ex().remote().getAddress().getHostAddress();
        reply(call, 200, SoapWriter.created(req.messageId(), endpoint.toString(), id, user, clientIp), entry);
    }

    /** {@code rsp:Shell/rsp:Environment/rsp:Variable Name="..."} of a Create body. */
    private static Map<String, String> environment(SoapElement shellBody) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        if (shellBody == null) {
            return env;
        }
        for (SoapElement list : shellBody.children(Wsman.SHELL, "Environment")) {
            for (SoapElement v : list.children(Wsman.SHELL, "Variable")) {
                env.put(v.attribute("Name"), SoapRequest.text(v));
            }
        }
        return env;
    }

    private void command(Call call, SoapRequest req, SimShell shell, Instant at) {
        SoapElement body = req.body();
        if (!isShellElement(body, "CommandLine")) {
            fault(call, req.messageId(), WsmanFault.schema("Command needs an rsp:CommandLine body"),
                    call.entry(at, "Command"));
            return;
        }
        String command = SoapRequest.text(body.child(Wsman.SHELL, "Command"));
        List<String> args = new ArrayList<>();
        for (SoapElement a : body.children(Wsman.SHELL, "Arguments")) {
            args.add(SoapRequest.text(a));
        }
        ParsedCommand parsed = ShellEmulator.parse(command, args, new HostIdentity(spec.name(), shell.owner()),
                shell.environment());
        SimRequest entry = call.entry(at, "Command", parsed.scripts().stream().map(ScriptRef::id).toList(),
                parsed.mutating());
        SimCommand c = new SimCommand(SoapWriter.newId(), parsed);
        shell.commands().put(c.id, c);
        long startup = parsed.powershell() ? knobs.psStartupMs() : 0;
        if (startup <= 0) {
            execute(shell, c);
        } else {
            c.setPendingStart(rt.schedule(startup, () -> execute(shell, c)));
        }
        reply(call, 200, SoapWriter.commandResponse(req.messageId(), c.id), entry);
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
        byte[] stdout = CodePage.encode(out.stdout(), shell.codePage());
        byte[] stderr = CodePage.encode(out.stderr(), shell.codePage());
        int exit = out.exitCode();
        if (out.busyMs() > 0) { // the model's host-side costs (issue 15): a timer, no thread held; a signal cancels it
            c.setPendingStart(rt.schedule(out.busyMs(), () -> c.finish(stdout, stderr, exit)));
        } else {
            c.finish(stdout, stderr, exit);
        }
    }

    private void receive(Call call, SoapRequest req, SimShell shell, SimRequest entry) {
        SoapElement body = req.body();
        SoapElement desired = isShellElement(body, "Receive") ? body.child(Wsman.SHELL, "DesiredStream") : null;
        if (desired == null) {
            fault(call, req.messageId(), WsmanFault.schema("Receive needs rsp:Receive/rsp:DesiredStream"), entry);
            return;
        }
        String commandId = SoapRequest.shellAttribute(desired, "CommandId");
        SimCommand c = shell.commands().get(commandId);
        if (c == null) {
            fault(call, req.messageId(), WsmanFault.invalidParameter("no command " + commandId + " in shell " + shell.id()), entry);
            return;
        }
        int room = req.maxEnvelopeSize() - receiveOverhead(req.messageId(), commandId);
        if (room < 4) {
            fault(call, req.messageId(), WsmanFault.envelopeTooLarge(), entry);
            return;
        }
        if (c.readiness().isDone()) {
            reply(call, 200, receiveXml(req, c, room), entry);
            return;
        }
        // hold the Receive without a thread until output exists or OperationTimeout passes, as Windows does
        AtomicBoolean answeredOnce = new AtomicBoolean();
        ScheduledFuture<?> timeout = rt.schedule(req.operationTimeout().toMillis(), () -> {
            if (answeredOnce.compareAndSet(false, true)) {
                fault(call, req.messageId(), WsmanFault.timedOut(), entry);
            }
        });
        c.readiness().thenRun(() -> {
            if (answeredOnce.compareAndSet(false, true)) {
                timeout.cancel(false);
                rt.workers.execute(() -> reply(call, 200, receiveXml(req, c, room), entry));
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

    private void signal(Call call, SoapRequest req, SimShell shell, SimRequest entry) {
        SoapElement body = req.body();
        if (!isShellElement(body, "Signal")) {
            fault(call, req.messageId(), WsmanFault.schema("Signal needs an rsp:Signal body"), entry);
            return;
        }
        String commandId = SoapRequest.shellAttribute(body, "CommandId");
        String code = SoapRequest.text(body.child(Wsman.SHELL, "Code"));
        if (!code.equals(Wsman.SIGNAL_TERMINATE) && !code.equals(Wsman.SIGNAL_CTRL_C) && !code.equals(Wsman.SIGNAL_CTRL_BREAK)) {
            fault(call, req.messageId(), WsmanFault.invalidParameter("unknown signal code " + code), entry);
            return;
        }
        SimCommand c = code.equals(Wsman.SIGNAL_TERMINATE) ? shell.commands().remove(commandId) : shell.commands().get(commandId);
        if (c != null) {
            c.signal();
        }
        reply(call, 200, SoapWriter.signalResponse(req.messageId()), entry);
    }

    private static boolean isShellElement(SoapElement e, String local) {
        return e != null && e.is(Wsman.SHELL, local);
    }
}
