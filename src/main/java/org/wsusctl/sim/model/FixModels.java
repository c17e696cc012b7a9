package org.wsusctl.sim.model;

import static org.wsusctl.sim.model.FixModels.Maps.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wsusctl.contract.Envelope;
import org.wsusctl.contract.FixOutcome;
import org.wsusctl.sim.SimScriptException;

/**
 * What each fix or action script does to the server, guards included, and what it prints
 * ({@code wsusctl.fix/2}: outcome, the values its guard read before and after, a reason code). Every change goes
 * through {@link WsusServer}, which records it.
 */
final class FixModels {
    private FixModels() { }

    static void register(ScriptTable t) {
        t.mutating("services.start", FixModels::startServices)
                .mutating("iis.apppool.state.fix", FixModels::startPool)
                .mutating("iis.apppool.private_memory.fix", FixModels::raiseMemory)
                .mutating("iis.apppool.settings.fix", FixModels::tunePool)
                .mutating("iis.apppool.recycle.action", FixModels::recycle)
                .mutating("iis.reset.action", FixModels::reset)
                .mutating("sql.sysadmin.fix", FixModels::grantSysadmin)
                .mutating("iis.site.state.fix", FixModels::startSite)
                .mutating("wsus.sync.fix", FixModels::startSync);
    }

    /** Small map builder: values may be null, unlike Map.of. */
    static final class Maps {
        private Maps() { }

        static Map<String, Object> map(Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            return m;
        }
    }

    private static Map<String, Object> result(FixOutcome o, Map<String, Object> before, Map<String, Object> after,
            String reason, String detail) {
        return Envelope.fix(o, before, after, reason, detail);
    }

    /** services.start: starts each named Stopped, not Disabled service in order; reads them all back. */
    static Map<String, Object> startServices(WsusServer s, ScriptArgs a) throws SimScriptException {
        List<String> names = new ArrayList<>();
        for (String n : a.strings("names")) {
            names.add(a.checkedName(n));
        }
        Map<String, Object> before = states(s, names);
        java.time.Instant began = s.now();
        List<String> started = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String n : names) {
            Service svc = s.service(n);
            if (svc == null || !"Stopped".equals(svc.state)) {
                skipped.add(n);
                continue;
            }
            if (svc.disabled()) {
                disabled.add(svc.name);
                continue;
            }
            s.startService(svc);
            started.add(svc.name);
        }
        if (!started.isEmpty()) {
            s.advance(java.time.Duration.ofSeconds(Math.max(0, a.integer("soak_seconds"))));
        }
        Map<String, Object> after = states(s, names);
        List<String> down = new ArrayList<>(started.stream().filter(n -> !"Running".equals(after.get(n))).toList());
        if (started.stream().anyMatch(n -> n.equalsIgnoreCase("WsusService"))
                && !s.eventsSince(began, java.util.Set.of(507), null).isEmpty()) {
            down.removeIf(n -> n.equalsIgnoreCase("WsusService"));
            down.add("WsusService (event 507)");
        }
        if (!down.isEmpty()) {
            return result(FixOutcome.FAILED, before, after, "still_not_running", String.join(", ", down));
        }
        if (!started.isEmpty()) {
            return result(FixOutcome.CHANGED, before, after, "", "");
        }
        if (!disabled.isEmpty()) {
            return result(FixOutcome.REFUSED, before, after, "disabled", String.join(", ", disabled));
        }
        return result(FixOutcome.UNCHANGED, before, after, "not_stopped", String.join(", ", skipped));
    }

    private static Map<String, Object> states(WsusServer s, List<String> names) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String n : names) {
            Service svc = s.service(n);
            if (svc != null) {
                m.put(svc.name, svc.state);
            }
        }
        return m;
    }

    /** What Get-ItemProperty / Get-WebAppPoolState throw for a pool that does not exist. */
    private static AppPool existing(WsusServer s, String pool) throws SimScriptException {
        AppPool p = s.pool(pool);
        if (p == null) {
            throw new SimScriptException("Cannot find path 'IIS:\\AppPools\\" + pool + "' because it does not exist.");
        }
        return p;
    }

    /**
     * What the pool fix and the recycle do after the start: warm-up requests to client.asmx (as set up: HTTPS on
     * an SSL server) every 2 s for the soak; then the verdict of the script's own guard: Started, and no WAS
     * 5002/5009 for the pool since {@code began}.
     */
    private static Map<String, Object> stayedUp(WsusServer s, AppPool p, String before, java.time.Instant began,
            ScriptArgs a) throws SimScriptException {
        long soak = Math.max(0, a.integer("soak_seconds"));
        if (p.started()) {
            String path = "/ClientWebService/client.asmx";
            long requests = Math.max(1, (soak + 1) / 2);
            for (long i = 0; i < requests; i++) {
                if (s.setup.requiresSsl(path)) {
                    s.get("https", s.fqdn(), s.setup.httpsPort(), path);
                } else {
                    s.get("http", "localhost", s.setup.port, path);
                }
                s.advance(java.time.Duration.ofSeconds(2));
            }
        }
        List<Map<String, Object>> crashes = s.eventsSince(began, java.util.Set.of(5002, 5009), p.name);
        if (p.started() && crashes.isEmpty()) {
            return result(FixOutcome.CHANGED, map("state", before), map("state", p.state), "", "");
        }
        return result(FixOutcome.FAILED, map("state", before), map("state", p.state), "crashed_after_start",
                String.join(", ", crashes.stream().map(e -> "WAS " + e.get("id")).toList()));
    }

    static Map<String, Object> startPool(WsusServer s, ScriptArgs a) throws SimScriptException {
        AppPool p = existing(s, a.safeName("pool"));
        String before = p.state;
        if (!"Stopped".equals(before)) {
            return result(FixOutcome.UNCHANGED, map("state", before), map("state", before), "not_stopped", "");
        }
        List<String> down = new ArrayList<>();
        for (String n : List.of("WAS", "W3SVC")) {
            if (!s.service(n).running()) {
                down.add(n);
            }
        }
        if (!down.isEmpty()) {
            return result(FixOutcome.REFUSED, map("state", before), map("state", before), "dependency_not_running",
                    String.join(", ", down));
        }
        java.time.Instant began = s.now();
        // Start-WebAppPool, retried (at most 3 tries) while WAS settles after its own start: 0x80070425.
        for (int attempt = 1; ; attempt++) {
            try {
                s.startPool(p);
                break;
            } catch (SimScriptException e) {
                if (attempt >= 3 || !e.getMessage().contains("0x80070425")) {
                    throw e;
                }
            }
        }
        return stayedUp(s, p, before, began, a);
    }

    /** iis.site.state.fix: starts the WSUS site only when it is Stopped, and only under WAS and W3SVC. */
    static Map<String, Object> startSite(WsusServer s, ScriptArgs a) {
        String before = s.site.state;
        if (!"Stopped".equals(before)) {
            return result(FixOutcome.UNCHANGED, map("state", before), map("state", before), "not_stopped", "");
        }
        List<String> down = new ArrayList<>();
        for (String n : List.of("WAS", "W3SVC")) {
            if (!s.service(n).running()) {
                down.add(n);
            }
        }
        if (!down.isEmpty()) {
            return result(FixOutcome.REFUSED, map("state", before), map("state", before), "dependency_not_running",
                    String.join(", ", down));
        }
        s.startSite();
        return s.site.started() ? result(FixOutcome.CHANGED, map("state", before), map("state", s.site.state), "", "")
                : result(FixOutcome.FAILED, map("state", before), map("state", s.site.state), "not_started", "");
    }

    /**
     * wsus.sync.fix: never on a ConfigMgr software update point, never while one runs, only when the API connects;
     * starts one synchronization and waits at most {@code wait_seconds}. The simulator does not wait: a sync of
     * {@code duration_s} within the bound ends with {@code next_result} now; a longer one is still running, and
     * stays so (the simulated clock does not advance between runs).
     */
    static Map<String, Object> startSync(WsusServer s, ScriptArgs a) throws SimScriptException {
        Sync y = s.sync;
        String api = s.apiError();
        if (api != null) {
            return result(FixOutcome.REFUSED, Map.of(), Map.of(), "api_unavailable", api);
        }
        Map<String, Object> before = syncState(y);
        if (y.configMgr) {
            return result(FixOutcome.REFUSED, before, before, "configmgr_managed", "SMS_WSUS_CONTROL_MANAGER");
        }
        if (y.running) {
            return result(FixOutcome.REFUSED, before, before, "already_running", "");
        }
        long wait = Math.max(0, a.integer("wait_seconds"));
        if (y.durationS > wait) {
            s.change("synchronization started (still running after " + wait + " s)", before, map("running", "Running"));
            y.running = true;
            return result(FixOutcome.CHANGED, before, syncState(y), "still_running", String.valueOf(wait));
        }
        s.change("synchronization started and ended " + y.nextResult, before, map("result", y.nextResult));
        y.lastResult = y.nextResult;
        y.errorText = y.nextErrorText;
        y.hoursAgo = 0;
        Map<String, Object> after = syncState(y);
        return "Succeeded".equals(y.lastResult) ? result(FixOutcome.CHANGED, before, after, "", "")
                : result(FixOutcome.FAILED, before, after, "sync_" + y.lastResult.toLowerCase(Locale.ROOT), y.errorText);
    }

    private static Map<String, Object> syncState(Sync y) {
        return map("result", y.lastResult, "running", y.running ? "Running" : "NotProcessing");
    }

    static Map<String, Object> raiseMemory(WsusServer s, ScriptArgs a) throws SimScriptException {
        String pool = a.safeName("pool");
        long target = a.integer("target_kb");
        if (target < 1 || target > 4294967295L) {
            throw new SimScriptException("target_kb out of range 1..4294967295");
        }
        AppPool p = existing(s, pool);
        long cur = p.privateMemoryKb;
        if (cur == 0) {
            return result(FixOutcome.UNCHANGED, map("privateMemoryKb", cur), map("privateMemoryKb", cur), "unlimited", "");
        }
        if (cur >= target) {
            return result(FixOutcome.UNCHANGED, map("privateMemoryKb", cur), map("privateMemoryKb", cur),
                    "already_at_or_above", "");
        }
        s.change("pool " + pool + " private memory limit " + cur + " -> " + target + " KB",
                map("privateMemoryKb", cur), map("privateMemoryKb", target));
        p.privateMemoryKb = target;
        boolean rotated = s.configurationCommitted(p);
        return result(FixOutcome.CHANGED, map("privateMemoryKb", cur),
                map("privateMemoryKb", target, "rotated", rotated), "", "");
    }

    static Map<String, Object> tunePool(WsusServer s, ScriptArgs a) throws SimScriptException {
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
        if (after.isEmpty()) {
            return result(FixOutcome.UNCHANGED, before, after, "already_tuned", "");
        }
        // One commit for every attribute (Start-WebCommitDelay ... Stop-WebCommitDelay): one rotation, not one each.
        s.change("pool " + pool + " tuned: " + String.join(", ", after.keySet()), before, after);
        Map<String, Object> reported = new LinkedHashMap<>(after);
        reported.put("rotated", s.configurationCommitted(p));
        return result(FixOutcome.CHANGED, before, reported, "", "");
    }

    private static void record(Map<String, Object> before, Map<String, Object> after, String name, String old, String now) {
        before.put(name, old);
        after.put(name, now);
    }

    /** A TimeSpan of whole minutes as PowerShell prints it: {@code hh:mm:ss}, or {@code d.hh:mm:ss}. */
    static String timeSpan(long minutes) {
        long d = minutes / 1440;
        String hms = String.format(Locale.ROOT, "%02d:%02d:00", (minutes % 1440) / 60, minutes % 60);
        return d > 0 ? d + "." + hms : hms;
    }

    static Map<String, Object> recycle(WsusServer s, ScriptArgs a) throws SimScriptException {
        AppPool p = existing(s, a.safeName("pool"));
        String before = p.state;
        if (!p.started()) {
            return result(FixOutcome.UNCHANGED, map("state", before), map("state", before), "not_started", "");
        }
        java.time.Instant began = s.now();
        if (!a.bool("rotate", true)) {
            // The configuration change already rotated the worker: prove it stays up, recycle nothing.
            Map<String, Object> r = stayedUp(s, p, before, began, a);
            return "changed".equals(r.get("outcome"))
                    ? result(FixOutcome.UNCHANGED, map("state", before), map("state", p.state), "rotated_by_config_change", "")
                    : r;
        }
        s.recyclePool(p);
        return stayedUp(s, p, before, began, a);
    }

    static Map<String, Object> reset(WsusServer s, ScriptArgs a) {
        Map<String, Object> before = map("WAS", s.service("WAS").state, "W3SVC", s.service("W3SVC").state);
        boolean ok = s.iisReset();
        Map<String, Object> after = map("WAS", s.service("WAS").state, "W3SVC", s.service("W3SVC").state);
        return ok ? result(FixOutcome.CHANGED, before, after, "", "0")
                : result(FixOutcome.FAILED, before, after, "exit_code", "1");
    }

    /** sql.sysadmin.fix: skips a login that is admin by any path; only a sysadmin caller can grant. */
    static Map<String, Object> grantSysadmin(WsusServer s, ScriptArgs a) throws SimScriptException {
        String given = a.account("login");
        SqlServer sql = s.sql;
        if (!s.sqlUp()) {
            throw new SimScriptException("Exception calling \"Open\" with \"0\" argument(s): \"" + SqlServer.CONNECT_ERROR
                    + "\"");
        }
        String l = given.isEmpty() ? sql.caller : given;
        Integer direct = sql.isSrvRoleMember(l);
        Map<String, Object> before = map("login", l, "loginDirect", direct == null ? null : (long) direct);
        boolean callerSa = sql.effectiveSysadmin(sql.caller);
        if (!Integer.valueOf(1).equals(direct) && !callerSa) {
            // xp_logininfo needs EXECUTE permission the caller lacks: the script stops here (no silent grant).
            throw new SimScriptException("Exception calling \"ExecuteReader\" with \"0\" argument(s): \"The EXECUTE"
                    + " permission was denied on the object 'xp_logininfo', database 'mssqlsystemresource', schema 'sys'.\"");
        }
        if (!Integer.valueOf(1).equals(direct) && sql.lookupFails(l)) {
            // The guard's xp_logininfo throws, and the script stops: it never grants what it could not check.
            throw new SimScriptException("Exception calling \"ExecuteReader\" with \"0\" argument(s): \""
                    + String.format(SqlServer.AD_LOOKUP_ERROR, l) + "\"");
        }
        boolean admin = Integer.valueOf(1).equals(direct)
                || sql.permissionPaths(l).stream().anyMatch(p -> "admin".equals(p.get("privilege")));
        if (admin) {
            return result(FixOutcome.UNCHANGED, before, before, "already_sysadmin", l);
        }
        s.change("sysadmin granted to " + l, map("login", l, "sysadmin", false, "loginExists", sql.loginExists(l)),
                map("login", l, "sysadmin", true, "loginExists", true));
        sql.grantSysadmin(l);
        Integer now = sql.isSrvRoleMember(l);
        return result(FixOutcome.CHANGED, before, map("login", l, "loginDirect", now == null ? null : (long) now), "", "");
    }
}
