package org.wsusctl.sim.model;

import static org.wsusctl.sim.model.Results.map;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.sim.SimScriptException;

/** Models of the scripts that talk to the WSUS web site and API: http.status, wsus.sync, clients, evidence.logs. */
final class WsusApiScripts {
    private static final Pattern URL = Pattern.compile("^(https?)://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(/[A-Za-z0-9/._-]*)$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9/._-]{0,200}$");
    static final String LOG_FILE = "C:\\Program Files\\Update Services\\LogFiles\\SoftwareDistribution.log";

    private WsusApiScripts() { }

    static void register(ScriptTable t) {
        t.check("http.status.check", WsusApiScripts::http)
                .check("wsus.sync.check", WsusApiScripts::sync)
                .check("wsus.clients.not_reporting.check", WsusApiScripts::clients)
                .check("evidence.logs.check", WsusApiScripts::evidence);
    }

    static Map<String, Object> http(WsusServer s, ScriptArgs a) throws SimScriptException {
        String url = a.string("url");
        int code;
        if (!url.isEmpty()) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new SimScriptException("unsafe url rejected");
            }
            boolean https = m.group(1).equals("https");
            int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : https ? 443 : 80;
            // The simulated site serves plain HTTP only; an https probe finds nothing listening there.
            code = https ? -1 : s.httpStatus(m.group(2), port, m.group(4));
        } else {
            String path = a.string("path");
            if (!PATH.matcher(path).matches()) {
                throw new SimScriptException("unsafe path rejected");
            }
            url = "http://localhost:" + WsusServer.PORT + path;
            code = s.httpStatus("localhost", WsusServer.PORT, path);
        }
        long want = a.integer("status");
        boolean down = code == 503 || code == -1;
        String msg = code == -1 ? "no HTTP answer from " + url + " (ConnectFailure)" : url + " answered " + code;
        if (down) {
            msg += "; see iis.apppool.state, iis.apppool.private_memory, wsus.services";
        }
        return Results.check("http.status", code == want ? "ok" : "drift", down ? "critical" : "high",
                map("url", url, "status", code), map("status", want), msg);
    }

    static Map<String, Object> sync(WsusServer s, ScriptArgs a) throws SimScriptException {
        String api = s.apiError();
        if (api != null) {
            return Results.check("wsus.sync", "error", "critical", map("api", false), null,
                    "cannot connect to the WSUS API: " + api);
        }
        Sync y = s.sync;
        long max = a.integer("max_age_hours");
        boolean never = "NeverRun".equals(y.lastResult);
        Double age = never ? null : Math.round(y.hoursAgo * 10) / 10.0;
        String end = never ? null : s.clock.instant().minusMillis((long) (y.hoursAgo * 3_600_000)).toString();
        String running = y.running ? "Running" : "NotProcessing";
        Map<String, Object> o = map("result", y.lastResult, "endUtc", end, "ageHours", age == null ? null : Results.num(age),
                "runningNow", running, "errorText", y.errorText);
        String status = "drift";
        String sev = "high";
        String msg;
        if (y.running) {
            status = "ok";
            sev = "info";
            msg = "a synchronization is running";
        } else if ("Succeeded".equals(y.lastResult) && age <= max) {
            status = "ok";
            sev = "info";
            msg = "last sync succeeded " + Results.text(age) + " h ago";
        } else if ("Succeeded".equals(y.lastResult)) {
            sev = "medium";
            msg = "last successful sync is " + Results.text(age) + " h old (max " + max + " h)";
        } else if (never) {
            sev = "medium";
            msg = "WSUS has never synchronized";
        } else {
            msg = "last sync " + y.lastResult + (y.errorText.isEmpty() ? "" : ": " + y.errorText);
        }
        return Results.check("wsus.sync", status, sev, o, map("result", "Succeeded", "ageHours", "<= " + max), msg);
    }

    static Map<String, Object> clients(WsusServer s, ScriptArgs a) throws SimScriptException {
        String api = s.apiError();
        if (api != null) {
            return Results.check("wsus.clients.not_reporting", "error", null, map("api", false), null,
                    "cannot connect to the WSUS API: " + api);
        }
        Clients c = s.clients;
        long days = a.integer("days");
        long maxProbe = Math.max(0, a.integer("max_probe"));
        // Stale clients last reported staleDays ago and earlier; with a longer 'days' threshold fewer count.
        long stale = days <= c.staleDays ? c.stale : 0;
        Map<String, Object> byClass = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        Instant now = s.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        for (long i = 0; i < Math.min(stale, maxProbe); i++) {
            String cls = c.classOf(i);
            String name = String.format("pc%04d.lab.example", i + 1);
            String ip = "10.20." + ((i / 250) % 250) + "." + (i % 250 + 1);
            boolean resolves = !"dns_missing".equals(cls);
            boolean answers = "reachable_not_reporting".equals(cls);
            String last = "never_reported".equals(cls) ? null
                    : now.minus(Duration.ofDays(c.staleDays + (stale - i))).toString();
            byClass.merge(cls, 1L, (x, y) -> (Long) x + (Long) y);
            rows.add(map("name", name, "class", cls, "lastReportedUtc", last, "wsusIp", ip,
                    "dnsIps", resolves ? List.of(ip) : List.of(), "icmp", answers, "tcp", answers));
        }
        double share = c.total == 0 ? 0 : (double) stale / c.total;
        String msg = stale > 0 ? stale + " of " + c.total + " clients have not reported for " + days + " days"
                : "all " + c.total + " clients reported within " + days + " days";
        return Results.check("wsus.clients.not_reporting", stale > 0 ? "drift" : "ok", share > 0.2 ? "medium" : "info",
                map("total", c.total, "stale", stale, "days", days, "probed", (long) rows.size(), "byClass", byClass,
                        "clients", rows),
                map("stale", 0L), msg);
    }

    static Map<String, Object> evidence(WsusServer s, ScriptArgs a) throws SimScriptException {
        long n = a.integer("lines");
        long left = a.integer("max_bytes");
        long hours = a.integer("hours");
        List<String> tail = SoftwareDistributionLog.tail(s, (int) Math.max(0, n));
        List<String> events = new ArrayList<>();
        Instant since = s.clock.instant().minus(Duration.ofHours(hours));
        for (String log : List.of("Application", "System")) {
            List<String> mine = new ArrayList<>();
            for (Map<String, Object> e : s.events) {
                if (log.equals(e.get("log")) && !Instant.parse((String) e.get("timeUtc")).isBefore(since)
                        && isError(e)) {
                    mine.add(e.get("timeUtc") + " " + e.get("provider") + " " + e.get("id") + ": " + e.get("text"));
                }
            }
            // Get-WinEvent returns newest first, at most -MaxEvents.
            java.util.Collections.reverse(mine);
            events.addAll(mine.subList(0, (int) Math.min(mine.size(), n)));
        }
        List<String> tailOut = new ArrayList<>();
        List<String> eventOut = new ArrayList<>();
        left = limit(tail, tailOut, left);
        limit(events, eventOut, left);
        return Results.check("evidence.logs", "ok", "info",
                map("logFile", LOG_FILE, "logPresent", true, "logTail", tailOut, "eventErrors", eventOut,
                        "truncated", tailOut.size() < tail.size() || eventOut.size() < events.size()),
                null, tailOut.size() + " log lines, " + eventOut.size() + " error events in the last " + hours + " h");
    }

    /** Level 2 (Error) only: 5117 recycle requests are Information, 5002 and 507 are errors. */
    private static boolean isError(Map<String, Object> e) {
        Object id = e.get("id");
        return !(id instanceof Integer i && i == 5117);
    }

    private static long limit(List<String> in, List<String> out, long left) {
        for (String l : in) {
            if (left < l.length()) {
                break;
            }
            left -= l.length();
            out.add(l);
        }
        return left;
    }
}
