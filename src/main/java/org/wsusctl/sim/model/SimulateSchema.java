package org.wsusctl.sim.model;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.wsusctl.sim.TransportKnobs;

/**
 * The {@code simulate:} schema, owned by the simulator and used by the inventory loader: the keys a mapping may
 * have and the check of a whole mapping, with the same rules the simulator applies when it starts (so what the
 * loader accepts, the simulator runs, and the README's table is the one list).
 */
public final class SimulateSchema {
    /** Every top-level key: the WinRM layer's, the WSUS model's and its work's costs. */
    public static final Set<String> TOP_LEVEL_KEYS;

    static {
        Set<String> keys = new TreeSet<>(TransportKnobs.KEYS);
        keys.addAll(WsusServer.KEYS);
        keys.add(HostCosts.KEY);
        TOP_LEVEL_KEYS = java.util.Collections.unmodifiableSet(keys);
    }

    private SimulateSchema() { }

    /**
     * What is wrong with a host's merged {@code simulate:} mapping, or empty.
     *
     * @return a message naming the key path ({@code simulate.apppool.WsusPool.state: expected ...})
     */
    public static Optional<String> check(String host, Map<String, Object> simulate) {
        try {
            TransportKnobs knobs = TransportKnobs.parse(host, simulate);
            HostCosts.parse(knobs.modelKeys().get(HostCosts.KEY));
            WsusServer.parse(host, HostCosts.withoutCosts(knobs.modelKeys()), java.time.Clock.systemUTC());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage().replaceFirst("^host \\S+: ", ""));
        }
    }
}
