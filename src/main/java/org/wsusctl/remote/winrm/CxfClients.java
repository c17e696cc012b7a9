package org.wsusctl.remote.winrm;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.cxf.Bus;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.service.factory.AbstractServiceFactoryBean;
import org.apache.cxf.service.factory.FactoryBeanListener;
import org.apache.cxf.service.factory.FactoryBeanListenerManager;

/**
 * The CXF client proxies winrm4j builds for one of our shells, so the shell can close them when it is done.
 *
 * <p>Why: winrm4j's {@code WinRmClient.close} leaves its JAX-WS proxy as it is, and CXF's proxy class has a
 * finalizer. An unclosed proxy therefore waits for the finalizer thread with its whole client (service model,
 * conduit, interceptor chains), survives collections meanwhile and is promoted with it: a heap dump in the middle
 * of a 1000-host audit held 1001 CXF clients and service models with 36 hosts in flight, the proxies reachable
 * only from {@code java.lang.ref.Finalizer}. A closed proxy has let go of its client (CXF's
 * {@link ClientProxy#close}: the client destroyed, the reference dropped); what still waits for finalization is a
 * few bytes.
 *
 * <p>How: CXF announces every proxy it builds to the bus's {@link FactoryBeanListenerManager}
 * ({@link FactoryBeanListener.Event#PROXY_CREATED}, with the proxy's invocation handler), on the thread that builds
 * it; winrm4j builds a shell's client on the thread that asks for it ({@link #capture}).
 */
final class CxfClients implements FactoryBeanListener {
    private static final ThreadLocal<List<Closeable>> CAPTURING = new ThreadLocal<>();

    /** Registers the listener with {@code bus} (once per bus). */
    static void listenOn(Bus bus) {
        FactoryBeanListenerManager m = bus.getExtension(FactoryBeanListenerManager.class);
        if (m != null) {
            m.addListener(new CxfClients());
        }
    }

    /** Runs {@code build}; the CXF client proxies it created on this thread are added to {@code into}. */
    static <T> T capture(List<Closeable> into, Supplier<T> build) {
        List<Closeable> previous = CAPTURING.get();
        List<Closeable> mine = new ArrayList<>();
        CAPTURING.set(mine);
        try {
            return build.get();
        } finally {
            if (previous == null) {
                CAPTURING.remove();
            } else {
                CAPTURING.set(previous);
            }
            into.addAll(mine);
        }
    }

    @Override
    public void handleEvent(Event ev, AbstractServiceFactoryBean factory, Object... args) {
        // PROXY_CREATED carries (interfaces, invocation handler, proxy)
        if (ev != Event.PROXY_CREATED || args.length < 2 || !(args[1] instanceof ClientProxy handler)) {
            return;
        }
        List<Closeable> into = CAPTURING.get();
        if (into != null) {
            into.add(handler);
        }
    }
}
