package org.wsusctl.sim.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One IIS application pool of a simulated server: its run state and the attributes the WSUS modules read and
 * write. {@code demandKb} is the private memory the worker needs under this server's load; it is what makes a
 * low limit matter (see {@link #crashesUnderLoad()}).
 */
final class AppPool {
    static final long WSUS_DEFAULT_LIMIT_KB = 1843200L;
    private static final Set<String> KEYS = Set.of("state", "private_memory_kb", "queue_length", "idle_timeout_min",
            "pinging", "periodic_restart_min", "virtual_memory_kb", "rapid_fail", "demand_kb", "crash_on_request",
            "disallow_rotation_on_config_change");
    /** IIS's rapid-fail protection defaults: 5 worker failures within 5 minutes disable the pool. */
    static final int RAPID_FAIL_MAX_CRASHES = 5;
    static final java.time.Duration RAPID_FAIL_INTERVAL = java.time.Duration.ofMinutes(5);

    final String name;
    String state;
    long privateMemoryKb;
    long queueLength;
    long idleTimeoutMin;
    boolean pinging;
    long periodicRestartMin;
    long virtualMemoryKb;
    boolean rapidFail;
    long demandKb;
    /**
     * Every worker crashes while serving its first request (a broken module or configuration): the pool starts
     * fine and reads Started, and falls over only once requests arrive, a worker being started on demand.
     */
    boolean crashOnRequest;
    /**
     * IIS's recycling.disallowRotationOnConfigChange (false by default: WAS rotates a running pool's worker when
     * the pool's configuration changes; learn.microsoft.com/iis/configuration/system.applicationhost/
     * applicationpools/add/recycling).
     */
    boolean disallowRotation;
    /** When workers crashed, within the rapid-fail window. */
    final java.util.List<java.time.Instant> crashes = new java.util.ArrayList<>();

    private AppPool(String name) {
        this.name = name;
    }

    /**
     * A pool from its {@code simulate.apppool.NAME} mapping. WsusPool defaults to a tuned WSUS pool (4000000 KB,
     * best-practice settings); any other pool defaults to IIS's own defaults.
     */
    static AppPool parse(String path, String name, Map<String, Object> m) {
        Simulate.onlyKeys(path, m, KEYS);
        boolean wsus = name.equalsIgnoreCase("WsusPool");
        AppPool p = new AppPool(name);
        p.state = Simulate.oneOf(path + ".state", m.get("state"), "Started", "Started", "Stopped");
        p.privateMemoryKb = Simulate.whole(path + ".private_memory_kb", m.get("private_memory_kb"),
                wsus ? 4000000L : 0L, 0, 4294967295L);
        p.queueLength = Simulate.whole(path + ".queue_length", m.get("queue_length"), wsus ? 2000 : 1000, 10, 65535);
        p.idleTimeoutMin = Simulate.whole(path + ".idle_timeout_min", m.get("idle_timeout_min"), wsus ? 0 : 20, 0, 43200);
        p.pinging = Simulate.bool(path + ".pinging", m.get("pinging"), !wsus);
        p.periodicRestartMin = Simulate.whole(path + ".periodic_restart_min", m.get("periodic_restart_min"),
                wsus ? 0 : 1740, 0, 432000);
        p.virtualMemoryKb = Simulate.whole(path + ".virtual_memory_kb", m.get("virtual_memory_kb"), 0, 0, 4294967295L);
        p.rapidFail = Simulate.bool(path + ".rapid_fail", m.get("rapid_fail"), true);
        // Below WSUS's own default limit, so a stock server only falls over when a scenario says it is busy.
        p.demandKb = Simulate.whole(path + ".demand_kb", m.get("demand_kb"), 1200000L, 0, 4294967295L);
        p.crashOnRequest = Simulate.bool(path + ".crash_on_request", m.get("crash_on_request"), false);
        p.disallowRotation = Simulate.bool(path + ".disallow_rotation_on_config_change",
                m.get("disallow_rotation_on_config_change"), false);
        return p;
    }

    /**
     * The worker outgrows the private-memory limit and recycles again and again; with rapid-fail protection on,
     * WAS then disables the pool (WAS 5117 followed by 5002, wsus-catalog.md 2.3).
     */
    boolean crashesUnderLoad() {
        return rapidFail && privateMemoryKb > 0 && demandKb > privateMemoryKb;
    }

    boolean started() {
        return "Started".equals(state);
    }

    /** The pool in the simulate schema (what a state file keeps). */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state);
        m.put("private_memory_kb", privateMemoryKb);
        m.put("queue_length", queueLength);
        m.put("idle_timeout_min", idleTimeoutMin);
        m.put("pinging", pinging);
        m.put("periodic_restart_min", periodicRestartMin);
        m.put("virtual_memory_kb", virtualMemoryKb);
        m.put("rapid_fail", rapidFail);
        m.put("demand_kb", demandKb);
        m.put("crash_on_request", crashOnRequest);
        m.put("disallow_rotation_on_config_change", disallowRotation);
        return m;
    }
}
