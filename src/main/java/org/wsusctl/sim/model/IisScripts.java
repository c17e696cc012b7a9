package org.wsusctl.sim.model;

import static org.wsusctl.sim.model.Results.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.sim.SimScriptException;

/** Models of the IIS scripts: pool state, private memory, tuning, recycle and iisreset. */
final class IisScripts {
    private IisScripts() { }

    static void register(ScriptTable t) {
        t.check("iis.apppool.state.check", IisScripts::stateCheck)
                .mutating("iis.apppool.state.fix", IisScripts::stateFix)
                .check("iis.apppool.private_memory.check", IisScripts::memoryCheck)
                .mutating("iis.apppool.private_memory.fix", IisScripts::memoryFix)
                .check("iis.apppool.settings.check", IisScripts::settingsCheck)
                .mutating("iis.apppool.settings.fix", IisScripts::settingsFix)
                .mutating("iis.apppool.recycle.action", IisScripts::recycle)
                .mutating("iis.reset.action", IisScripts::reset);
    }

    private static Map<String, Object> notFound(String check, String pool) {
        return Results.check(check, "error", null, map("pool", pool, "exists", false), null, "application pool not found");
    }

    /** What Get-ItemProperty / Get-WebAppPoolState throw for a pool that does not exist. */
    private static AppPool existing(WsusServer s, String pool) throws SimScriptException {
        AppPool p = s.pool(pool);
        if (p == null) {
            throw new SimScriptException("Cannot find path 'IIS:\\AppPools\\" + pool + "' because it does not exist.");
        }
        return p;
    }

    static Map<String, Object> stateCheck(WsusServer s, ScriptArgs a) throws SimScriptException {
        String pool = a.safeName("pool");
        AppPool p = s.pool(pool);
        if (p == null) {
            return notFound("iis.apppool.state", pool);
        }
        return Results.check("iis.apppool.state", p.started() ? "ok" : "drift", "critical",
                map("pool", pool, "state", p.state), map("state", "Started"), "pool " + pool + " is " + p.state);
    }

    static Map<String, Object> stateFix(WsusServer s, ScriptArgs a) throws SimScriptException {
        String pool = a.safeName("pool");
        AppPool p = existing(s, pool);
        String before = p.state;
        if (!"Stopped".equals(before)) {
            return Results.fix("iis.apppool.state", "unchanged", map("state", before), map("state", before),
                    "pool was " + before);
        }
        List<String> down = new ArrayList<>();
        for (String n : List.of("WAS", "W3SVC")) {
            if (!s.service(n).running()) {
                down.add(n);
            }
        }
        if (!down.isEmpty()) {
            return Results.fix("iis.apppool.state", "failed", map("state", before), map("state", before),
                    "cannot start the pool while not running: " + String.join(", ", down));
        }
        s.startPool(p);
        boolean up = p.started();
        return Results.fix("iis.apppool.state", up ? "changed" : "failed", map("state", before), map("state", p.state),
                up ? "pool started" : "pool stopped again right after start (rapid-fail protection?)");
    }

    static Map<String, Object> memoryCheck(WsusServer s, ScriptArgs a) throws SimScriptException {
        String pool = a.safeName("pool");
        AppPool p = s.pool(pool);
        if (p == null) {
            return notFound("iis.apppool.private_memory", pool);
        }
        long kb = p.privateMemoryKb;
        long min = a.integer("minimum_kb");
        boolean ok = kb == 0 || kb >= min;
        String msg = kb == 0 ? "no private memory limit (0 = unlimited)" : "private memory limit is " + kb + " KB";
        if (!ok) {
            msg += ", below " + min + " KB";
        }
        if (min > 0.9 * WsusServer.RAM_KB) {
            msg += "; warning: the minimum exceeds 90% of host RAM, add memory or use 0";
        }
        return Results.check("iis.apppool.private_memory", ok ? "ok" : "drift", "high",
                map("pool", pool, "privateMemoryKb", kb, "hostRamKb", WsusServer.RAM_KB),
                map("privateMemoryKb", ">= " + min + " or 0 (unlimited)"), msg);
    }

    static Map<String, Object> memoryFix(WsusServer s, ScriptArgs a) throws SimScriptException {
        String pool = a.safeName("pool");
        long target = a.integer("target_kb");
        if (target < 1 || target > 4294967295L) {
            throw new SimScriptException("target_kb out of range 1..4294967295");
        }
        AppPool p = existing(s, pool);
        long cur = p.privateMemoryKb;
        if (cur == 0 || cur >= target) {
            String why = cur == 0 ? "limit is 0 (unlimited); left as is"
                    : "limit " + cur + " KB is already >= " + target + " KB";
            return Results.fix("iis.apppool.private_memory", "unchanged", map("privateMemoryKb", cur),
                    map("privateMemoryKb", cur), why);
        }
        s.change("pool " + pool + " private memory limit " + cur + " -> " + target + " KB",
                map("privateMemoryKb", cur), map("privateMemoryKb", target));
        p.privateMemoryKb = target;
        return Results.fix("iis.apppool.private_memory", "changed", map("privateMemoryKb", cur),
                map("privateMemoryKb", target),
                "private memory limit " + cur + " -> " + target + " KB (takes effect at the next recycle)");
    }

    static Map<String, Object> settingsCheck(WsusServer s, ScriptArgs a) throws SimScriptException {
        String pool = a.safeName("pool");
        AppPool p = s.pool(pool);
        if (p == null) {
            return notFound("iis.apppool.settings", pool);
        }
        long queue = a.integer("queue_length");
        boolean disableRapidFail = "disable".equals(a.string("rapid_fail"));
        List<String> bad = new ArrayList<>();
        if (p.queueLength < queue) {
            bad.add("queueLength");
        }
        if (p.idleTimeoutMin != 0) {
            bad.add("idleTimeout");
        }
        if (p.pinging) {
            bad.add("pingingEnabled");
        }
        if (p.periodicRestartMin != 0) {
            bad.add("periodicRestart.time");
        }
        if (p.virtualMemoryKb != 0) {
            bad.add("periodicRestart.memory");
        }
        if (disableRapidFail && p.rapidFail) {
            bad.add("rapidFailProtection");
        }
        Map<String, Object> o = map("pool", pool, "queueLength", p.queueLength, "idleTimeoutMin", p.idleTimeoutMin,
                "pingingEnabled", p.pinging, "periodicRestartMin", p.periodicRestartMin,
                "virtualMemoryKb", p.virtualMemoryKb, "rapidFailProtection", p.rapidFail,
                "loadBalancerCapabilities", "HttpLevel", "differs", bad);
        Map<String, Object> expected = map("queueLength", ">= " + queue, "idleTimeoutMin", 0L, "pingingEnabled", false,
                "periodicRestartMin", 0L, "virtualMemoryKb", 0L,
                "rapidFailProtection", disableRapidFail ? (Object) false : "left as is");
        return Results.check("iis.apppool.settings", bad.isEmpty() ? "ok" : "drift", "medium", o, expected,
                bad.isEmpty() ? "pool " + pool + " is tuned" : "not tuned: " + String.join(", ", bad));
    }

    static Map<String, Object> settingsFix(WsusServer s, ScriptArgs a) throws SimScriptException {
        String pool = a.safeName("pool");
        AppPool p = existing(s, pool);
        long queue = a.integer("queue_length");
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        if (p.queueLength < queue) {
            record(before, after, "queueLength", String.valueOf(p.queueLength), String.valueOf(queue));
            p.queueLength = queue;
        }
        if (p.idleTimeoutMin != 0) {
            record(before, after, "processModel.idleTimeout", timeSpan(p.idleTimeoutMin), timeSpan(0));
            p.idleTimeoutMin = 0;
        }
        if (p.pinging) {
            record(before, after, "processModel.pingingEnabled", "True", "False");
            p.pinging = false;
        }
        if (p.periodicRestartMin != 0) {
            record(before, after, "recycling.periodicRestart.time", timeSpan(p.periodicRestartMin), timeSpan(0));
            p.periodicRestartMin = 0;
        }
        if (p.virtualMemoryKb != 0) {
            record(before, after, "recycling.periodicRestart.memory", String.valueOf(p.virtualMemoryKb), "0");
            p.virtualMemoryKb = 0;
        }
        if ("disable".equals(a.string("rapid_fail")) && p.rapidFail) {
            record(before, after, "failure.rapidFailProtection", "True", "False");
            p.rapidFail = false;
        }
        if (!after.isEmpty()) {
            s.change("pool " + pool + " tuned: " + String.join(", ", after.keySet()), before, after);
        }
        List<String> keys = new ArrayList<>(after.keySet());
        keys.sort(String.CASE_INSENSITIVE_ORDER);
        return Results.fix("iis.apppool.settings", after.isEmpty() ? "unchanged" : "changed", before, after,
                after.isEmpty() ? "all values already tuned" : "set " + String.join(", ", keys));
    }

    private static void record(Map<String, Object> before, Map<String, Object> after, String name, String old, String now) {
        before.put(name, old);
        after.put(name, now);
    }

    /** A TimeSpan of whole minutes as PowerShell prints it: {@code hh:mm:ss}, or {@code d.hh:mm:ss}. */
    static String timeSpan(long minutes) {
        long d = minutes / 1440;
        String hms = String.format("%02d:%02d:00", (minutes % 1440) / 60, minutes % 60);
        return d > 0 ? d + "." + hms : hms;
    }

    static Map<String, Object> recycle(WsusServer s, ScriptArgs a) throws SimScriptException {
        String pool = a.safeName("pool");
        AppPool p = existing(s, pool);
        String before = p.state;
        if (!p.started()) {
            return Results.fix("iis.apppool.recycle", "unchanged", map("state", before), map("state", before),
                    "pool " + pool + " is " + before + "; not recycled");
        }
        s.recyclePool(p);
        boolean up = p.started();
        return Results.fix("iis.apppool.recycle", up ? "changed" : "failed", map("state", before), map("state", p.state),
                up ? "pool recycled" : "pool is " + p.state + " after the recycle (rapid-fail protection?)");
    }

    static Map<String, Object> reset(WsusServer s, ScriptArgs a) {
        Map<String, Object> before = map("WAS", s.service("WAS").state, "W3SVC", s.service("W3SVC").state);
        boolean ok = s.iisReset();
        Map<String, Object> after = map("WAS", s.service("WAS").state, "W3SVC", s.service("W3SVC").state);
        return Results.fix("iis.reset", ok ? "changed" : "failed", before, after,
                "iisreset /restart exit code " + (ok ? 0 : 1));
    }
}
