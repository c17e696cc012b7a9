package org.wsusctl.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.sim.auth.BasicAuthenticator;
import org.wsusctl.sim.auth.HttpAuthenticator;
import org.wsusctl.sim.auth.KerberosAuthenticator;
import org.wsusctl.sim.auth.NtlmAcceptor;
import org.wsusctl.sim.auth.NtlmAuthenticator;
import org.wsusctl.sim.auth.SimKdc;

/**
 * A fleet of simulated WSUS servers, each a real WinRM (WS-Management) endpoint on 127.0.0.1 with its own
 * port, so winrm4j, pywinrm or Ansible talk to it exactly as to Windows. Start with {@link #start}, give clients
 * {@link #endpoints()}, read counters and changes afterwards, {@link #close()} at the end (which also saves
 * the state file). Thread-safe.
 */
public final class SimulatedFleet implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(SimulatedFleet.class);

    private final Map<String, SimHost> hosts;
    private final SimRuntime rt;
    private final SimServer server;
    private final TlsMaterial tls;
    private final Optional<Path> stateFile;
    /** States of hosts in the state file that this fleet does not run; written back unchanged. */
    private final Map<String, Map<String, Object>> otherStates;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The simulated domain's accounts this fleet's Kerberos hosts hold in the process's KDC. */
    private final List<String> kerberosAccounts;
    /** The state file's lock, held for the fleet's whole life; null without a state file. */
    private final SimStateFile.Lock lock;
    private final StateSaver saver;

    private SimulatedFleet(Map<String, SimHost> hosts, SimRuntime rt, SimServer server, TlsMaterial tls, Optional<Path> stateFile,
            Map<String, Map<String, Object>> otherStates, List<String> kerberosAccounts, SimStateFile.Lock lock,
            StateSaver saver) {
        this.kerberosAccounts = kerberosAccounts;
        this.hosts = hosts;
        this.rt = rt;
        this.server = server;
        this.tls = tls;
        this.stateFile = stateFile;
        this.otherStates = otherStates;
        this.lock = lock;
        this.saver = saver;
    }

    /**
     * Starts one listener per host (inventory order kept), all on one {@link SimServer}. Loads the state file if it exists.
     *
     * @throws IllegalArgumentException for a bad {@code simulate:} mapping (naming host and key) or duplicate names
     * @throws IOException when a port, the certificate or the state file cannot be had
     */
    public static SimulatedFleet start(List<SimHostSpec> hosts, SimOptions options, SimModelFactory models)
            throws IOException {
        Map<String, TransportKnobs> knobs = new LinkedHashMap<>();
        for (SimHostSpec h : hosts) {
            if (knobs.put(h.name(), TransportKnobs.parse(h.name(), h.simulate())) != null) {
                throw new IllegalArgumentException("simulated host " + h.name() + " is listed twice");
            }
        }
        // Locked before it is read: a second run on the same file refuses instead of losing the first's writes.
        SimStateFile.Lock lock = options.stateFile().isPresent() ? SimStateFile.lock(options.stateFile().get()) : null;
        Map<String, Map<String, Object>> saved;
        try {
            saved = options.stateFile().isPresent() ? SimStateFile.load(options.stateFile().get()) : new LinkedHashMap<>();
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
        StateSaver saver = new StateSaver(options.stateFile(), saved);
        boolean anyHttps = hosts.stream().anyMatch(h -> h.https() || knobs.get(h.name()).https());
        TlsMaterial tls = null;
        SimRuntime rt = new SimRuntime();
        SimServer server = new SimServer();
        Map<String, SimHost> started = new LinkedHashMap<>();
        List<String> kerberosAccounts = new ArrayList<>();
        try {
            if (anyHttps) {
                tls = options.keyStore().isPresent()
                        ? TlsMaterial.load(options.keyStore().get(), options.keyStorePassword().orElse(new char[0]))
                        : TlsMaterial.generate();
            }
            for (SimHostSpec h : hosts) {
                TransportKnobs k = knobs.get(h.name());
                SimScriptHost created = models.create(h.name(), k.modelKeys(), saved.remove(h.name()));
                if (created == null) {
                    throw new IllegalStateException("model factory returned no model for host " + h.name());
                }
                SimScriptHost model = saver.watch(h.name(), created);
                boolean https = h.https() || k.https();
                SimHost host = new SimHost(h, k, model, rt, authenticator(h, kerberosAccounts), https);
                host.start(server, https ? tls : null);
                started.put(h.name(), host);
            }
        } catch (IOException | RuntimeException e) {
            started.values().forEach(SimHost::close);
            server.close();
            releaseAccounts(kerberosAccounts);
            rt.shutdown();
            if (tls != null) {
                tls.delete();
            }
            if (lock != null) {
                lock.close();
            }
            throw e;
        }
        SimulatedFleet fleet = new SimulatedFleet(started, rt, server, tls, options.stateFile(), saved, kerberosAccounts, lock,
                saver);
        LOG.info("simulated fleet of {} host(s) listening", started.size());
        return fleet;
    }

    /** How the host authenticates requests: its {@link SimTransport} with the inventory's account and password. */
    private static HttpAuthenticator authenticator(SimHostSpec h, List<String> kerberosAccounts) {
        switch (h.transport()) {
            case NTLM:
                return new NtlmAuthenticator(new NtlmAcceptor(h.user(), h.password().orElse(""), h.name()));
            case KERBEROS:
                return kerberos(h, kerberosAccounts);
            default:
                // Windows names Negotiate next to Basic when Basic is enabled (it always takes Negotiate)
                return new BasicAuthenticator(h.user(), h.password(), true);
        }
    }

    /**
     * A host in the simulated domain: its account (user@REALM, REALM in capitals as Active Directory names it)
     * and password go to the process's simulated KDC, which the host's acceptor trusts.
     */
    private static HttpAuthenticator kerberos(SimHostSpec h, List<String> kerberosAccounts) {
        String user = h.user().orElse("");
        int at = user.lastIndexOf('@');
        if (at <= 0 || at == user.length() - 1 || user.contains("\\")) {
            throw new IllegalArgumentException("host " + h.name() + ": winrm_transport: kerberos needs winrm_user as"
                    + " user@REALM (e.g. wsusadmin@LAB.EXAMPLE), got '" + user + "'");
        }
        String realm = user.substring(at + 1);
        if (!realm.equals(realm.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("host " + h.name() + ": winrm_user " + user + ": a Kerberos realm is"
                    + " written in capitals (" + realm.toUpperCase(java.util.Locale.ROOT) + ")");
        }
        if (h.password().filter(p -> !p.isEmpty()).isEmpty()) {
            throw new IllegalArgumentException("host " + h.name() + ": winrm_transport: kerberos needs a password"
                    + " (winrm_password_env or winrm_password_file): the simulated KDC gives the account one");
        }
        SimKdc kdc = SimKdc.forRealm(realm);
        try {
            kdc.account(user, h.password().get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host " + h.name() + ": " + e.getMessage(), e);
        }
        kerberosAccounts.add(user);
        return new KerberosAuthenticator(kdc.keytab(), Optional.of(user));
    }

    private static void releaseAccounts(List<String> accounts) {
        for (String a : accounts) {
            SimKdc.forRealm(a.substring(a.lastIndexOf('@') + 1)).release(a);
        }
    }

    /** Each host's WinRM endpoint, {@code http(s)://127.0.0.1:PORT/wsman}, in inventory order. */
    public Map<String, URI> endpoints() {
        Map<String, URI> out = new LinkedHashMap<>();
        hosts.forEach((name, h) -> out.put(name, h.endpoint()));
        return out;
    }

    /** HTTP requests the host answered (including 401s and faults; not dropped or hung ones) during this fleet's life. */
    public long requests(String host) {
        return host(host).answered();
    }

    /** The requests the host answered, oldest first. */
    public List<SimRequest> requestLog(String host) {
        return host(host).requestLog();
    }

    /** Every change fixes made to the host, also those of earlier runs kept in the state file. */
    public List<SimChange> changes(String host) {
        SimHost h = host(host);
        synchronized (h.modelLock()) {
            return List.copyOf(h.model.changes());
        }
    }

    /** Changes made while this fleet ran (an audit must leave this at 0). */
    public long changesSinceStart(String host) {
        SimHost h = host(host);
        synchronized (h.modelLock()) {
            return h.model.changes().size() - h.changesAtStart;
        }
    }

    /** The served certificate as a PEM file when any host serves HTTPS, for clients to trust. */
    public Optional<Path> certificatePem() {
        return tls == null ? Optional.empty() : Optional.of(tls.pemFile);
    }

    /** Writes the state file (atomically) if one is configured; otherwise does nothing. */
    public void saveState() throws IOException {
        if (stateFile.isEmpty()) {
            return;
        }
        for (SimHost h : hosts.values()) {
            synchronized (h.modelLock()) {
                saver.snapshot(h.spec.name(), h.model);
            }
        }
        saver.save();
    }

    /**
     * Stops every listener, releases hung exchanges and pending commands, then saves the state file.
     *
     * @throws UncheckedIOException when the state file cannot be written (everything is stopped regardless)
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<SimHost> all = new ArrayList<>(hosts.values());
        all.parallelStream().forEach(SimHost::close);
        server.close();
        releaseAccounts(kerberosAccounts);
        rt.shutdown();
        try {
            saveState();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save simulator state to " + stateFile.get(), e);
        } finally {
            if (tls != null) {
                tls.delete();
            }
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException e) {
                    LOG.debug("releasing the state file lock: {}", e.toString());
                }
            }
        }
    }

    private SimHost host(String name) {
        SimHost h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no simulated host named " + name + "; the fleet has " + hosts.keySet());
        }
        return h;
    }

    /**
     * Keeps the state file current as fixes complete, so a run killed with {@code kill -9} loses no change a
     * client was told about: after a mutating script changed a host, and before its output goes back to the
     * client (the script runs under the host's model lock, inside the command), the host's state is
     * snapshot and the file saved. Saves are group commits: a save writes the newest snapshot of every host,
     * so hosts whose fixes finish together share one write. Runs on the hosts' threads; never takes a
     * host's model lock itself (the caller holds its own), so two hosts cannot deadlock.
     */
    private static final class StateSaver {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
                new com.fasterxml.jackson.databind.ObjectMapper();
        private final Optional<Path> file;
        private final Map<String, Map<String, Object>> others;
        /** Each host's latest state, as an independent copy (the model goes on changing). */
        private final Map<String, Map<String, Object>> latest = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, Integer> changesSaved = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong requested = new java.util.concurrent.atomic.AtomicLong();
        private final Object saving = new Object();
        private long saved;
        private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

        StateSaver(Optional<Path> file, Map<String, Map<String, Object>> others) {
            this.file = file;
            this.others = others;
        }

        SimScriptHost watch(String host, SimScriptHost model) {
            if (file.isEmpty()) {
                return model;
            }
            order.add(host);
            snapshot(host, model);
            return new SimScriptHost() {
                @Override
                public Map<String, Object> runScript(String scriptId, boolean mutating, Map<String, Object> args)
                        throws SimScriptException {
                    try {
                        return model.runScript(scriptId, mutating, args);
                    } finally {
                        if (mutating && model.changes().size() != changesSaved.getOrDefault(host, -1)) {
                            snapshot(host, model);
                            try {
                                save();
                            } catch (IOException | RuntimeException e) {
                                LOG.error("cannot save simulator state to {} after a change to {}: {}", file.get(),
                                        host, e.toString());
                            }
                        }
                    }
                }

                @Override
                public long processRan(List<String> scriptIds) {
                    return model.processRan(scriptIds);
                }

                @Override
                public SimWork work() {
                    return model.work();
                }

                @Override
                public List<SimChange> changes() {
                    return model.changes();
                }

                @Override
                public Map<String, Object> saveState() {
                    return model.saveState();
                }
            };
        }

        /** Call with the host's model lock held. */
        @SuppressWarnings("unchecked")
        void snapshot(String host, SimScriptHost model) {
            latest.put(host, JSON.convertValue(model.saveState(), Map.class));
            changesSaved.put(host, model.changes().size());
        }

        /** Saves the latest snapshots, unless a save that began after this call's snapshots already did. */
        void save() throws IOException {
            if (file.isEmpty()) {
                return;
            }
            long mine = requested.incrementAndGet();
            synchronized (saving) {
                if (saved >= mine) {
                    return;
                }
                long upTo = requested.get();
                Map<String, Map<String, Object>> all = new LinkedHashMap<>(others);
                for (String h : order) {
                    all.put(h, latest.get(h));
                }
                SimStateFile.save(file.get(), all);
                saved = upTo;
            }
        }
    }
}
