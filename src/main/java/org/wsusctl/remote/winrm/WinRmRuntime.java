package org.wsusctl.remote.winrm;

import io.cloudsoft.winrm4j.client.WinRm;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.client.WinRmFactory;
import io.cloudsoft.winrm4j.client.WinRmService;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.transport.http.HTTPConduitConfigurer;
import org.apache.cxf.transport.http.HTTPConduitFactory;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduit;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduitFactory;
import org.apache.cxf.wsdl.WSDLManager;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What every winrm4j client of the process shares, built once: the CXF bus with its interceptors, conduit
 * configurer and shared HTTP client, winrm4j's {@link WinRmClientContext}, and the caches that keep building a
 * client per host cheap (the parsed WSDL, the JAXB context). Owned by one {@link WinRmShellFactory}.
 *
 * <p>Building it is most of what a one-host audit spends on the transport before its first request (CXF's
 * bus extensions, the WSDL and its schemas, the JAXB context and a service model: ~0.4 s on the machine of
 * BENCHMARKS.md, with the class-data-sharing archive). {@link #startInBackground} builds it on its own thread while
 * the inventory and playbooks are read, so the first host waits for what is left of it, not for all of it.
 */
public final class WinRmRuntime implements AutoCloseable {
    private final Bus bus;
    private final WinRmClientContext context;
    private final EndpointConduitConfigurer conduits = new EndpointConduitConfigurer();
    /** The one HTTP client (IO reactor, connection pool) of every client that does not seal; see WinRmShellFactory. */
    private final ClientKeyedConduitFactory sharedConduits;
    /**
     * The key under which winrm4j's WSDL sits in the bus's WSDL cache, held here so it stays there. winrm4j builds
     * a JAX-WS proxy from its WSDL for every client (every host); CXF's {@link WSDLManager} caches the parsed WSDL
     * and its schemas, but keyed weakly by the URL string, and winrm4j's lookups use a fresh string each time, so
     * the entry was dropped at the next GC and the WSDL parsed again per host (a JFR profile of a 300-host audit
     * had ~1/4 of the proxy building in {@code WSDLManagerImpl.getDefinition}). Lookups compare by equals, so
     * one key held for the bus's life keeps the entry for every host.
     */
    @SuppressWarnings("unused") // held for its reachability
    private final String wsdlCacheKey;
    /**
     * One JAX-WS proxy built the way winrm4j builds each client's ({@link WinRmFactory}, same bus, same WSDL), never
     * used for a request, held for the runtime's life. Why: building a client's service model asks CXF's
     * {@code JAXBContextCache} for the JAXB context of winrm4j's classes; that cache holds its entry only while a
     * data binding that uses it is alive, and a host's client is dropped when its shell is released. When no client
     * happened to be alive across a GC (or at the start, when 100 clients are built at once), the next host built a
     * new JAXB context: ~10 % of the samples of a 300-host audit (JFR). This proxy keeps the entry alive, and
     * since it is built here, before any host, the first wave of hosts finds the context cached. Null when
     * building it failed: that only costs the caching (winrm4j reports the failure per client).
     */
    @SuppressWarnings("unused") // held for its reachability
    private final WinRm serviceModelPin;

    /** Builds the runtime on the calling thread. */
    public WinRmRuntime() {
        this.bus = BusFactory.newInstance().createBus();
        // What WinRmClientContext.configureBus does: the async (Apache httpasyncclient) conduit, always,
        // since winrm4j's NTLM and encryption support lives there.
        bus.getProperties().put(AsyncHTTPConduit.USE_ASYNC, Boolean.TRUE);
        bus.getProperties().put(AsyncHTTPConduitFactory.USE_POLICY, AsyncHTTPConduitFactory.UseAsyncPolicy.ALWAYS);
        bus.setExtension(conduits, HTTPConduitConfigurer.class);
        // Used by every client whose endpoint names no factory of its own, i.e. payload encryption OFF.
        this.sharedConduits = new ClientKeyedConduitFactory(bus);
        bus.setExtension(sharedConduits, HTTPConduitFactory.class);
        bus.getOutInterceptors().add(new RequestCounter());
        bus.getOutInterceptors().add(new DeleteClosesConnection());
        CxfClients.listenOn(bus);
        // winrm4j's SAAJ handler replaced by a stream filter: no DOM of every message (CreateResponseShellFilter)
        bus.getOutInterceptors().add(CreateResponseShellFilter.dropSaajHandler());
        bus.getInInterceptors().add(CreateResponseShellFilter.stripShell());
        this.wsdlCacheKey = pinWsdl(bus);
        this.context = WinRmClientContext.newInstance(bus);
        this.serviceModelPin = pinServiceModel(bus);
        try {
            sharedConduits.startClient();
        } catch (IOException e) {
            // only an early start: the first request starts it again and reports what fails
            log().debug("starting the shared HTTP client ahead failed: {}", e.toString());
        }
    }

    /**
     * Looked up when needed, not in a static field: {@link #startInBackground} runs on the command's thread before
     * logging is set up, and a static logger would initialise log4j there (~0.2 s) instead of on the background
     * thread.
     */
    private static Logger log() {
        return LogManager.getLogger(WinRmRuntime.class);
    }

    /**
     * Starts building a runtime on a daemon thread of its own. The caller takes it with {@link Pending#take} or,
     * if the run ends before any host, lets {@link Pending#close} shut it down once built.
     */
    public static Pending startInBackground() {
        CompletableFuture<WinRmRuntime> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(new WinRmRuntime());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        }, "winrm-runtime-start");
        t.setDaemon(true);
        t.start();
        return new Pending(f);
    }

    /** A runtime built only if and when {@link Pending#take} asks for it (a run that may well need none). */
    public static Pending onDemand() {
        return new Pending(null);
    }

    /** A runtime being built in the background; exactly one of {@link #take} or {@link #close} owns it. */
    public static final class Pending implements AutoCloseable {
        /** null: nothing started ({@link #onDemand}) */
        private final CompletableFuture<WinRmRuntime> future;
        private boolean taken;

        private Pending(CompletableFuture<WinRmRuntime> future) {
            this.future = future;
        }

        /** Waits for the runtime and hands its ownership to the caller; a failure to build it is rethrown. */
        public synchronized WinRmRuntime take() {
            if (taken) {
                throw new IllegalStateException("the WinRM runtime was already taken or closed");
            }
            taken = true;
            if (future == null) {
                return new WinRmRuntime();
            }
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return future.get();
                    } catch (InterruptedException e) {
                        interrupted = true; // building takes well under a second: finish it, keep the interrupt
                    }
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The runtime being built (tests watch it shut down). */
        CompletableFuture<WinRmRuntime> future() {
            return future;
        }

        /** If nobody took the runtime: shuts it down when built, without waiting for that here. */
        @Override
        public synchronized void close() {
            if (!taken) {
                taken = true;
                if (future != null) {
                    future.thenAccept(WinRmRuntime::close);
                }
            }
        }
    }

    Bus bus() {
        return bus;
    }

    WinRmClientContext context() {
        return context;
    }

    EndpointConduitConfigurer conduits() {
        return conduits;
    }

    /** The HTTP client every non-sealing client shares (tests read its pool). */
    ClientKeyedConduitFactory sharedConduits() {
        return sharedConduits;
    }

    private static WinRm pinServiceModel(Bus bus) {
        try {
            return WinRmFactory.newInstance(bus);
        } catch (RuntimeException e) {
            log().debug("building winrm4j's service model ahead failed: {}", e.toString());
            return null;
        }
    }

    /** Loads winrm4j's WSDL into the bus's cache under a key the caller keeps (see {@link #wsdlCacheKey}). */
    private static String pinWsdl(Bus bus) {
        // the same string winrm4j's proxy factory looks the WSDL up by (ReflectionServiceFactoryBean: URL.toString)
        String key = new String(WinRmService.WSDL_LOCATION.toString());
        try {
            bus.getExtension(WSDLManager.class).getDefinition(key);
        } catch (javax.wsdl.WSDLException | RuntimeException e) {
            // only a cache warm-up: winrm4j reports a broken WSDL itself when it builds a client
            log().debug("pre-loading winrm4j's WSDL failed: {}", e.toString());
        }
        return key;
    }

    /** Shuts winrm4j's context, the shared HTTP client and the bus down; clients built on it stop working. */
    @Override
    public void close() {
        context.shutdown();
        sharedConduits.shutdown();
        bus.shutdown(true);
    }
}
