package org.wsusctl.remote.winrm;

import io.cloudsoft.winrm4j.client.ntlm.NTCredentialsWithEncryption;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.cxf.Bus;
import org.apache.cxf.message.Message;
import org.apache.cxf.service.model.EndpointInfo;
import org.apache.cxf.transport.http.Address;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduit;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduitFactory;
import org.apache.cxf.transport.http.asyncclient.CXFHttpRequest;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.addressing.EndpointReferenceType;
import org.apache.http.auth.Credentials;
import org.apache.http.auth.KerberosCredentials;
import org.apache.http.auth.NTCredentials;
import org.apache.http.client.config.AuthSchemes;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;

/**
 * The one HTTP client (IO reactor, connection pool) that every winrm4j client without payload encryption shares,
 * with each client's NTLM or Kerberos connections kept to that client.
 *
 * <p>Why: NTLM and Kerberos authenticate a TCP connection, not a request. Apache httpclient's pool hands an idle
 * connection to any request with the same route and the same "user token", and CXF uses the account's name as
 * that token. So a second winrm4j client for the same endpoint and account, with another (wrong) password, was
 * given the connection the first client had logged in, and its requests ran as the first client: winrm4j issue
 * #63, reproduced here by {@code e2e/NtlmFleetTest} (an alias of a host with a wrong password came out compliant).
 * Each conduit belongs to one winrm4j client, so this factory's conduits replace the client's credentials on each
 * request with a copy whose principal also names the conduit: the pool then keys connections per client. Basic
 * is untouched (its credentials travel in every request, and CXF puts no credentials object in the message).
 *
 * <p>The HTTP client itself is a {@link BoundedHttpClient}: one endpoint's answer, however long or malformed, can
 * fail only its own request, never the client every other host shares (issue 14, finding 1).
 */
final class ClientKeyedConduitFactory extends AsyncHTTPConduitFactory {
    /**
     * CXF's defaults for its shared client (a reactor thread per CPU, 5000 connections) but one connection per
     * endpoint: a shell sends one request at a time, and with more allowed the pool opened a second connection
     * whenever the next request started before the last connection was back in the pool (it is released on the IO
     * thread after the answer reached the caller). That second connection cost a TCP connect (and a logon, for
     * NTLM over HTTPS) and outlived the host: the Delete closes only its own connection
     * ({@link DeleteClosesConnection}). The next request now waits those microseconds for the one connection.
     */
    private static final BoundedHttpClient CLIENT = new BoundedHttpClient(Runtime.getRuntime().availableProcessors(),
            5000, 1, 60_000);
    private final AtomicLong clients = new AtomicLong();
    /** The HTTP client, bounded ({@link BoundedHttpClient}) instead of the one CXF would build. */
    private BoundedHttpClient.Built http;

    ClientKeyedConduitFactory(Bus bus) {
        super(bus);
    }

    /**
     * The shared HTTP client, built on first use. Should its reactor ever stop all the same (an Error in an I/O
     * thread), the next winrm4j client gets a new one instead of a dead client for the rest of the run.
     */
    @Override
    public synchronized CloseableHttpAsyncClient createClient(AsyncHTTPConduit c) throws IOException {
        if (isShutdown()) {
            throw new IOException("the HTTP client is shut down");
        }
        if (http == null || !http.client().isRunning()) {
            if (http != null) {
                http.client().close();
            }
            http = CLIENT.start(this);
        }
        return http.client();
    }

    /**
     * Starts the shared HTTP client now rather than at the first request: its start-up (the JDK's default TLS
     * context with its trust store, the public-suffix list, the IO reactor) is ~0.1 s of a one-host audit's wall
     * time, which {@link WinRmRuntime} spends on its background thread instead.
     */
    synchronized void startClient() throws IOException {
        createClient(null);
    }

    /** The shared pool's connections now, leased and idle (tests); zeros before the client is started. */
    synchronized org.apache.http.pool.PoolStats poolStats() {
        return http == null ? new org.apache.http.pool.PoolStats(0, 0, 0, 0) : http.pool().getTotalStats();
    }

    @Override
    public synchronized void shutdown() {
        super.shutdown();
        if (http != null) {
            try {
                http.client().close();
            } catch (IOException e) {
                // closing: nothing left to tell anyone
            }
            http = null;
        }
    }

    @Override
    public HTTPConduit createConduit(Bus bus, EndpointInfo localInfo, EndpointReferenceType target) throws IOException {
        if (isShutdown()) {
            return null;
        }
        return new ClientKeyedConduit(bus, localInfo, target, this, clients.incrementAndGet());
    }

    /** The account plus the client it belongs to; equal only within one winrm4j client. */
    record ClientPrincipal(Principal account, long client) implements Principal {
        @Override
        public String getName() {
            return account == null ? "" : account.getName();
        }

        @Override
        public String toString() {
            return getName() + "#" + client;
        }
    }

    private static final class ClientKeyedConduit extends AsyncHTTPConduit {
        private final long client;
        private Credentials original;
        private Credentials keyed;

        ClientKeyedConduit(Bus bus, EndpointInfo ei, EndpointReferenceType t, AsyncHTTPConduitFactory factory,
                long client) throws IOException {
            super(bus, ei, t, factory);
            this.client = client;
        }

        @Override
        protected void setupConnection(Message message, Address address, HTTPClientPolicy csPolicy) throws IOException {
            super.setupConnection(message, address, csPolicy);
            Object c = message.getContextualProperty(Credentials.class.getName());
            if (c instanceof Credentials creds) {
                // the message's own entry wins over the request context's in getContextualProperty
                message.put(Credentials.class.getName(), keyed(creds));
                preferOnly(message, creds);
            }
        }

        /**
         * The schemes winrm4j registered for these credentials, as its own conduit sets them: otherwise httpclient
         * prefers its default list and warns at every 401 that names a scheme it has no factory for (a domain
         * member offers Negotiate and Kerberos; winrm4j's Kerberos client registers Kerberos only).
         */
        private static void preferOnly(Message message, Credentials creds) {
            CXFHttpRequest request = message.get(CXFHttpRequest.class);
            if (request == null) {
                return;
            }
            List<String> schemes = creds instanceof KerberosCredentials ? List.of(AuthSchemes.KERBEROS)
                    : List.of(AuthSchemes.NTLM, AuthSchemes.SPNEGO);
            RequestConfig config = request.getConfig() == null ? RequestConfig.DEFAULT : request.getConfig();
            request.setConfig(RequestConfig.copy(config).setTargetPreferredAuthSchemes(schemes).build());
        }

        private synchronized Credentials keyed(Credentials creds) {
            if (creds == keyed) {
                return keyed;
            }
            if (creds != original) {
                original = creds;
                keyed = rekey(creds, client);
            }
            return keyed;
        }
    }

    static Credentials rekey(Credentials creds, long client) {
        ClientPrincipal p = new ClientPrincipal(creds.getUserPrincipal(), client);
        if (creds instanceof NTCredentialsWithEncryption nt) {
            return new KeyedNtlmWithEncryption(nt, p);
        }
        if (creds instanceof NTCredentials nt) {
            return new KeyedNtlm(nt, p);
        }
        if (creds instanceof KerberosCredentials k) {
            return new KeyedKerberos(k, p);
        }
        return creds;
    }

    /** winrm4j's NTLM credentials (its NTLM scheme checks for this type) with a per-client principal. */
    private static final class KeyedNtlmWithEncryption extends NTCredentialsWithEncryption {
        private final ClientPrincipal principal;

        KeyedNtlmWithEncryption(NTCredentials c, ClientPrincipal principal) {
            super(c.getUserName(), c.getPassword(), c.getWorkstation(), c.getDomain());
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }
    }

    private static final class KeyedNtlm extends NTCredentials {
        private static final long serialVersionUID = 1L;
        private final ClientPrincipal principal;

        KeyedNtlm(NTCredentials c, ClientPrincipal principal) {
            super(c.getUserName(), c.getPassword(), c.getWorkstation(), c.getDomain());
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }
    }

    private static final class KeyedKerberos extends KerberosCredentials {
        private static final long serialVersionUID = 1L;
        private final ClientPrincipal principal;

        KeyedKerberos(KerberosCredentials c, ClientPrincipal principal) {
            super(c.getGSSCredential());
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }
    }
}
