package org.wsusctl.sim.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Per-connection authentication state of one host, by the server's connection id (never reused). The server says
 * when a connection closes ({@link HttpAuthenticator#connectionClosed}) and its state goes with it; state idle
 * longer than {@link #IDLE_MS} is dropped as well, as a backstop (the server closes connections idle for 120 s).
 */
final class ConnectionTable<S> {
    static final long IDLE_MS = 5 * 60_000L;
    private static final int SWEEP_EVERY = 256;

    private record Entry<S>(S state, long lastUsedMs) { }

    private final Map<String, Entry<S>> byConnection = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final LongSupplier clock;

    ConnectionTable() {
        this(System::currentTimeMillis);
    }

    ConnectionTable(LongSupplier clock) {
        this.clock = clock;
    }

    Optional<S> get(String connection) {
        sweepSometimes();
        Entry<S> e = byConnection.get(connection);
        long now = clock.getAsLong();
        if (e == null || now - e.lastUsedMs() > IDLE_MS) {
            byConnection.remove(connection);
            return Optional.empty();
        }
        byConnection.put(connection, new Entry<>(e.state(), now));
        return Optional.of(e.state());
    }

    void put(String connection, S state) {
        byConnection.put(connection, new Entry<>(state, clock.getAsLong()));
    }

    void remove(String connection) {
        byConnection.remove(connection);
    }

    int size() {
        return byConnection.size();
    }

    private void sweepSometimes() {
        if (calls.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        long now = clock.getAsLong();
        byConnection.entrySet().removeIf(e -> now - e.getValue().lastUsedMs() > IDLE_MS);
    }
}
