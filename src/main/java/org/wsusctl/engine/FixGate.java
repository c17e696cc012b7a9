package org.wsusctl.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import org.wsusctl.inventory.Group;
import org.wsusctl.inventory.Host;

/**
 * Limits how many hosts of a group are fixed at the same time ({@code max_parallel_fixes}), e.g. WSUS
 * servers that share one SUSDB. Permits are taken in group-name order so two hosts never deadlock.
 */
final class FixGate {
    private final Map<String, Semaphore> byGroup = new TreeMap<>();
    /** Stops the calling host's deadline clock while it waits here: this queue is ours, not the host's. */
    private final java.util.function.Supplier<DeadlineWatch.Queued> queued;

    FixGate(Map<String, Group> groups) {
        this(groups, () -> DeadlineWatch.Queued.NONE);
    }

    FixGate(Map<String, Group> groups, java.util.function.Supplier<DeadlineWatch.Queued> queued) {
        this.queued = queued;
        for (Group g : groups.values()) {
            if (g.limitsFixes()) {
                byGroup.put(g.name(), new Semaphore(g.maxParallelFixes(), true));
            }
        }
    }

    /** Blocks until the host may be fixed; the returned handle releases the permits. */
    Permit enter(Host host) throws InterruptedException {
        List<Semaphore> taken = new ArrayList<>();
        try (DeadlineWatch.Queued waiting = queued.get()) {
            for (Map.Entry<String, Semaphore> e : byGroup.entrySet()) {
                if (host.groups().contains(e.getKey())) {
                    e.getValue().acquire();
                    taken.add(e.getValue());
                }
            }
        } catch (InterruptedException ie) {
            taken.forEach(Semaphore::release);
            throw ie;
        }
        return () -> taken.forEach(Semaphore::release);
    }

    interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
