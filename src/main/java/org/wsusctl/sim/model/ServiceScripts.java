package org.wsusctl.sim.model;

import static org.wsusctl.sim.model.Results.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.sim.SimScriptException;

/** Models of the service scripts: wsus.services (discovery + dependency order) and service.running. */
final class ServiceScripts {
    private ServiceScripts() { }

    static void register(ScriptTable t) {
        t.check("wsus.services.check", ServiceScripts::wsusCheck)
                .mutating("wsus.services.fix", ServiceScripts::wsusFix)
                .check("service.running.check", ServiceScripts::oneCheck)
                .mutating("service.running.fix", ServiceScripts::oneFix);
    }

    /** The services wsus.services looks at, in start order (the SQL flavour comes from SqlServerName). */
    private static List<String> wsusServices(WsusServer s) {
        return List.of(s.sql.serviceName(), "WAS", "W3SVC", "WsusService");
    }

    private static Map<String, Object> states(WsusServer s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String n : wsusServices(s)) {
            Service svc = s.service(n);
            if (svc != null) {
                m.put(n, svc.state);
            }
        }
        return m;
    }

    static Map<String, Object> wsusCheck(WsusServer s, ScriptArgs a) {
        List<String> disabled = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> notRunning = new ArrayList<>();
        for (String n : wsusServices(s)) {
            Service svc = s.service(n);
            if (svc == null) {
                missing.add(n);
                continue;
            }
            if (svc.disabled()) {
                disabled.add(n);
            }
            if (!svc.running()) {
                notRunning.add(n);
            }
        }
        String status = !missing.isEmpty() ? "error" : !notRunning.isEmpty() ? "drift" : "ok";
        String msg = !missing.isEmpty() ? "service missing (role broken?): " + String.join(", ", missing)
                : !notRunning.isEmpty() ? "not running: " + String.join(", ", notRunning) : "all WSUS services running";
        if (!disabled.isEmpty()) {
            msg += "; disabled (left to the operator): " + String.join(", ", disabled);
        }
        return Results.check("wsus.services", status, "critical",
                map("sqlServerName", s.sql.serverName(s.host), "sqlService", s.sql.serviceName(), "services", states(s),
                        "disabled", disabled, "missing", missing),
                map("services", "Running"), msg);
    }

    static Map<String, Object> wsusFix(WsusServer s, ScriptArgs a) {
        Map<String, Object> before = states(s);
        List<String> started = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String n : wsusServices(s)) {
            Service svc = s.service(n);
            if (svc == null || !"Stopped".equals(svc.state)) {
                continue;
            }
            if (svc.disabled()) {
                skipped.add(n);
                continue;
            }
            // Started means running now: WsusService without its SQL engine is not.
            if (s.startService(svc)) {
                started.add(n);
            }
        }
        Map<String, Object> after = states(s);
        List<String> down = new ArrayList<>();
        for (String n : wsusServices(s)) {
            if (!"Running".equals(after.get(n))) {
                down.add(n);
            }
        }
        String action = !down.isEmpty() ? "failed" : !started.isEmpty() ? "changed" : "unchanged";
        String msg = started.isEmpty() ? "nothing started" : "started " + String.join(", ", started);
        if (!down.isEmpty()) {
            msg += "; still not running: " + String.join(", ", down);
        }
        if (!skipped.isEmpty()) {
            msg += "; disabled, skipped: " + String.join(", ", skipped);
        }
        // Nested as in the check's observed value, so before and after compare key for key.
        return Results.fix("wsus.services", action, map("services", before), map("services", after), msg);
    }

    static Map<String, Object> oneCheck(WsusServer s, ScriptArgs a) throws SimScriptException {
        String name = a.safeName("name");
        Service svc = s.service(name);
        if (svc == null) {
            return Results.check("service.running", "error", null, map("name", name, "present", false), null,
                    "service " + name + " not found");
        }
        return Results.check("service.running", svc.running() ? "ok" : "drift", "critical",
                map("name", svc.name, "present", true, "state", svc.state, "startMode", svc.startMode),
                map("state", "Running"), "service " + svc.name + " is " + svc.state + " (" + svc.startMode + ")");
    }

    static Map<String, Object> oneFix(WsusServer s, ScriptArgs a) throws SimScriptException {
        String name = a.safeName("name");
        Service svc = s.service(name);
        if (svc == null) {
            // $svc is $null: [string]$null.State is '' and the script reports 'service was '.
            return Results.fix("service.running", "unchanged", map("state", ""), map("state", ""), "service was ");
        }
        String before = svc.state;
        if (!"Stopped".equals(before)) {
            return Results.fix("service.running", "unchanged", map("state", before), map("state", before),
                    "service was " + before);
        }
        if (svc.disabled()) {
            return Results.fix("service.running", "failed", map("state", before), map("state", before),
                    "service " + name + " is Disabled; not started (enable it deliberately)");
        }
        boolean up = s.startService(svc);
        return Results.fix("service.running", up ? "changed" : "failed", map("state", before), map("state", svc.state),
                up ? "service started" : "service is " + svc.state + " after start (see the event log)");
    }
}
