package org.wsusctl.remote.winrm;

import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientBuilder;
import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.cxf.Bus;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.http.client.config.AuthSchemes;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.remote.RemoteShellFactory;

/**
 * Opens WinRM shells with winrm4j. One per process: it owns the {@link WinRmRuntime} (the CXF bus and one winrm4j
 * client context shared by all hosts, as winrm4j recommends) and the worker threads that carry the blocking calls.
 *
 * <p>Per host, {@link #open} builds a {@link WinRmClient} with the auth scheme always set explicitly
 * (winrm4j defaults to NTLM and hangs on a mismatch), registers the host's TLS trust and timeouts with
 * the bus's conduit configurer (so they hold under Basic too, which winrm4j 0.12.3 ignores) and creates
 * one shell that serves every command of the run.
 *
 * <p>Clients without payload encryption share one HTTP client: the bus's {@link ClientKeyedConduitFactory}, owned
 * and shut down here. winrm4j otherwise gives every client its own {@code AsyncHttpEncryptionAwareConduitFactory}
 * (an Apache async HTTP client with an IO reactor and its threads), which at 1000 hosts was a large share of the
 * audit's CPU. It gets there by turning winrm4j's payload encryption OFF, which also decides whether messages
 * are sealed:
 * <ul>
 *   <li>Basic: never sealed (sealing is NTLM's). Basic sends the Authorization header pre-emptively on every
 *       request, from the client's own user and password.</li>
 *   <li>NTLM over HTTPS: TLS protects the messages; Windows takes them plain there.</li>
 *   <li>Kerberos: winrm4j cannot seal Kerberos messages anyway (winrm4j issue #151), so nothing changes on the
 *       wire.</li>
 *   <li>NTLM over HTTP keeps winrm4j's default (sealed messages, Windows' {@code AllowUnencrypted=false}) and
 *       with it a conduit factory per client: winrm4j installs its encryption-aware factory for every client
 *       that may encrypt, and offers no way to share one.</li>
 * </ul>
 * NTLM and Kerberos authenticate a connection, so on the shared pool each client's connections are its own
 * ({@link ClientKeyedConduitFactory}): otherwise a client with the same account and a wrong password was handed
 * a connection another client had logged in (winrm4j issue #63).
 */
public final class WinRmShellFactory implements RemoteShellFactory {
    private static final Logger LOG = LogManager.getLogger(WinRmShellFactory.class);

    private final Function<Host, Optional<String>> passwords;
    private final TransportSettings settings;
    private final WinRmRuntime runtime;
    private final ExecutorService workers;
    private final Set<String> warnedInsecure = ConcurrentHashMap.newKeySet();

    /**
     * @param passwords the password of a host, resolved from its {@code SecretRef} by the caller; empty
     *                  when none is configured (accepted only by simulated hosts and Kerberos ticket use)
     */
    public WinRmShellFactory(Function<Host, Optional<String>> passwords, TransportSettings settings) {
        this(new WinRmRuntime(), passwords, settings);
    }

    /**
     * A factory on a runtime built ahead ({@link WinRmRuntime#startInBackground}); the factory owns it from now
     * on and shuts it down in {@link #close}.
     */
    public WinRmShellFactory(WinRmRuntime runtime, Function<Host, Optional<String>> passwords,
            TransportSettings settings) {
        this.passwords = passwords;
        this.settings = settings;
        this.runtime = runtime;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "winrm-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The CXF bus every client of this factory runs on (tests inspect its caches). */
    Bus bus() {
        return runtime.bus();
    }

    /** What every client of this factory shares (tests inspect it). */
    WinRmRuntime runtime() {
        return runtime;
    }

    public TransportSettings settings() {
        return settings;
    }

    @Override
    public RemoteShell open(Host host) throws RemoteException {
        return open(host, Map.of());
    }

    @Override
    public RemoteShell open(Host host, Map<String, String> environment) throws RemoteException {
        Connection c = host.connection();
        URI endpoint = c.endpoint();
        List<String> problems = ConnectionPolicy.problems(host);
        if (!problems.isEmpty()) {
            throw new RemoteException.Unreachable(endpoint + ": refusing to connect: " + String.join("; ", problems),
                    null);
        }
        TlsTrust tls = null;
        if (c.scheme() == Scheme.HTTPS) {
            try {
                tls = TlsTrust.forConnection(c);
            } catch (GeneralSecurityException | IOException e) {
                throw new RemoteException.Unreachable(endpoint + ": cannot set up TLS trust (ca_file "
                        + c.caFile().map(Object::toString).orElse("none") + "): " + e.getMessage(), e);
            }
            if (!c.verifyTls() && warnedInsecure.add(host.name())) {
                LOG.warn("host {}: TLS certificate and host name checks are OFF for {} (verify_tls: false); "
                        + "anyone on the path can impersonate this host", host.name(), endpoint);
            }
        }
        long connectMs = c.connectTimeout().toMillis();
        long operationMs = c.operationTimeout().toMillis();
        long receiveMs = operationMs + settings.receiveMargin().toMillis();
        runtime.conduits().register(endpoint.toString(),
                new EndpointConduitConfigurer.ConduitSettings(tlsParameters(tls), policy(connectMs, receiveMs)));

        String account = c.user().orElse("");
        // NTLM carries the domain separately; Basic sends the account as typed (Windows accepts
        // DOMAIN\\user and user@domain there) and Kerberos takes user@REALM as is.
        AccountName name = c.auth() == AuthScheme.NTLM ? AccountName.parse(account) : new AccountName(null, account);
        String password = passwords.apply(host).orElse("");
        TlsTrust finalTls = tls;
        WinRmShell shell;
        try {
            shell = newShell(c, endpoint, account, name, password, finalTls, environment, operationMs, connectMs,
                    receiveMs);
        } catch (RuntimeException e) {
            // Building the client is where winrm4j logs in to the KDC (Kerberos with a password): a refused
            // login surfaces here, before any request, as a RuntimeException around a LoginException.
            throw WinRmErrors.classify(e, endpoint, account, c.auth());
        }
        try {
            shell.create();
        } catch (RemoteException | RuntimeException e) {
            shell.close();
            throw e;
        }
        return shell;
    }

    private WinRmShell newShell(Connection c, URI endpoint, String account, AccountName name, String password,
            TlsTrust finalTls, Map<String, String> environment, long operationMs, long connectMs, long receiveMs) {
        return new WinRmShell(endpoint, account, c.auth(), settings, workers, policy -> {
            WinRmClientBuilder b = WinRmClient.builder(endpoint.toString())
                    .authenticationScheme(winrm4jScheme(c.auth()))
                    .credentials(name.domain(), name.user(), password)
                    .context(runtime.context())
                    .operationTimeout(operationMs)
                    .connectionTimeout(connectMs)
                    .connectionRequestTimeout(connectMs)
                    .receiveTimeout(receiveMs)
                    .failureRetryPolicy(policy)
                    .retryReceiveAfterOperationTimeout(WinRmClientBuilder.alwaysRetryReceiveAfterOperationTimeout());
            if (!sealsMessages(c)) {
                // No per-client conduit factory: the bus's shared one carries the requests (class comment).
                b.payloadEncryptionMode(PayloadEncryptionMode.OFF);
            }
            if (!environment.isEmpty()) {
                b.environment(environment); // rsp:Environment on Create: every process of the shell sees it
            }
            if (c.auth() == AuthScheme.KERBEROS && !password.isEmpty()) {
                b.requestNewKerberosTicket(true);
            }
            if (finalTls != null && c.auth() != AuthScheme.BASIC) {
                // winrm4j's NTLM/Kerberos branch replaces the conduit's TLS parameters with the builder's,
                // so hand it the same trust there.
                try {
                    b.sslContext(finalTls.sslContext());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("TLS context for " + endpoint + ": " + e.getMessage(), e);
                }
                // The trust managers check the host name; CXF's own check can hang the async conduit.
                b.hostnameVerifier((hostname, session) -> true);
            }
            return b.build();
        });
    }

    /** Shuts the worker threads and the CXF bus down; open shells stop working. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        runtime.close();
    }

    /**
     * Whether winrm4j seals this host's messages: only NTLM over HTTP (class comment). Over HTTPS pywinrm does
     * not seal either ({@code message_encryption='auto'}).
     */
    static boolean sealsMessages(Connection c) {
        return c.auth() == AuthScheme.NTLM && c.scheme() == Scheme.HTTP;
    }

    static String winrm4jScheme(AuthScheme a) {
        if (a == AuthScheme.BASIC) {
            return AuthSchemes.BASIC;
        }
        if (a == AuthScheme.KERBEROS) {
            return AuthSchemes.KERBEROS;
        }
        return AuthSchemes.NTLM;
    }

    private static HTTPClientPolicy policy(long connectMs, long receiveMs) {
        HTTPClientPolicy p = new HTTPClientPolicy();
        p.setConnectionTimeout(connectMs);
        p.setConnectionRequestTimeout(connectMs);
        p.setReceiveTimeout(receiveMs);
        // Windows' WinRM listener rejects chunked requests; winrm4j master turns chunking off everywhere.
        p.setAllowChunking(false);
        p.setAutoRedirect(false);
        return p;
    }

    private static TLSClientParameters tlsParameters(TlsTrust tls) {
        if (tls == null) {
            return null;
        }
        TLSClientParameters p = new TLSClientParameters();
        p.setTrustManagers(tls.trustManagers());
        // Host names are checked inside the trust managers (HostNameCheck); CXF's async conduit waits
        // forever when its own check fails, so it is always off.
        p.setDisableCNCheck(true);
        return p;
    }
}
