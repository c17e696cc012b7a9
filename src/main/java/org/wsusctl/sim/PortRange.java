package org.wsusctl.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ports a fleet's listeners try, one after the other, in the system's ephemeral range. Why not port 0 (let
 * the kernel choose): Linux searches its ephemeral range for a free port on every such bind, and with thousands
 * of ports taken that search is what a 10,000-host fleet's start spent its time on (measured on the CI machine:
 * 10,000 binds to port 0 took 218 s, 10,000 binds to ports tried in turn 4 s). A port that is taken (by anyone)
 * fails its bind and the next one is tried. The ephemeral range is the one meant for ports nobody fixed; the
 * start is random, so fleets of parallel processes seldom try the same ports.
 */
final class PortRange {
    /** Linux's default ephemeral range, when the system does not say. */
    private static final int LOW = 32768;
    private static final int HIGH = 60999;

    private final int low;
    private final int size;
    private final AtomicInteger next;

    PortRange(int low, int high) {
        this.low = low;
        this.size = high - low + 1;
        this.next = new AtomicInteger(ThreadLocalRandom.current().nextInt(size));
    }

    /** The system's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range} on Linux). */
    static PortRange ephemeral() {
        try {
            String[] r = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            int low = Integer.parseInt(r[0]);
            int high = Integer.parseInt(r[1]);
            if (low > 0 && high <= 65535 && high - low >= 1000) {
                return new PortRange(low, high);
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a range too small to be worth it: the default range
        }
        return new PortRange(LOW, HIGH);
    }

    /** How many ports there are to try. */
    int size() {
        return size;
    }

    /** The next port to try, round the range. */
    int next() {
        return low + Math.floorMod(next.getAndIncrement(), size);
    }
}
