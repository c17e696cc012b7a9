package org.wsusctl.sim.model;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.wsusctl.sim.SimChange;

/**
 * The state of one simulated WSUS server and the causal rules that connect its parts: W3SVC needs WAS, a pool
 * runs only under both, the WSUS web services answer 503 while any of them is down, WsusService dies without
 * its SQL engine, a worker that outgrows its memory limit gets its pool disabled. Every change a fix makes goes
 * through here and is recorded as a {@link SimChange}.
 */
final class WsusServer {
    static final String WSUS_POOL = "WsusPool";
    static final int PORT = 8530;
    static final long RAM_KB = 16L * 1024 * 1024;
    static final Set<String> KEYS = Set.of("apppool", "services", "sql", "clients", "sync", "wsus", "site", "health");
    private static final int MAX_EVENTS = 200;

    final String host;
    final Clock clock;
    final Map<String, AppPool> pools = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, Service> services = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final SqlServer sql;
    final Clients clients;
    final Sync sync;
    final WsusSetup setup;
    final Site site;
    final Health health;
    /** Event-log entries and SoftwareDistribution.log lines the server wrote: evidence.logs reads them. */
    final List<Map<String, Object>> events = new ArrayList<>();
    final List<SimChange> changes = new ArrayList<>();
    /** The script whose changes are being recorded (set by the host around each run). */
    String currentScript = "";
    /**
     * WAS was started a moment ago and is still settling: the next control request for a pool fails once with
     * 0x80070425, "The service cannot accept control messages at this time" (seen by OctopusDeploy/Library#1374
     * and microsoft/azure-pipelines-tasks#8262 right after a start); a retry a little later succeeds.
     */
    boolean wasSettling;
    /**
     * Time the scripts spent waiting (their soaks), added to the clock: a soak is modelled, not slept, so what a
     * script sees after waiting 15 s is what the server would have done in those 15 s.
     */
    private java.time.Duration waited = java.time.Duration.ZERO;

    private WsusServer(String host, Clock clock, SqlServer sql, Clients clients, Sync sync, WsusSetup setup, Site site,
            Health health) {
        this.host = host;
        this.clock = clock;
        this.sql = sql;
        this.clients = clients;
        this.sync = sync;
        this.setup = setup;
        this.site = site;
        this.health = health;
    }

    /** Builds a server from a {@code simulate:} mapping (or the {@code server} part of a saved state). */
    static WsusServer parse(String host, Map<String, Object> simulate, Clock clock) {
        Simulate.onlyKeys("simulate", simulate, KEYS);
        WsusSetup setup = WsusSetup.parse("simulate.wsus", Simulate.map("simulate.wsus", simulate.get("wsus")));
        WsusServer s = new WsusServer(host, clock, SqlServer.parse("simulate.sql", Simulate.map("simulate.sql", simulate.get("sql"))),
                Clients.parse("simulate.clients", Simulate.map("simulate.clients", simulate.get("clients"))),
                Sync.parse("simulate.sync", Simulate.map("simulate.sync", simulate.get("sync"))), setup,
                Site.parse("simulate.site", Simulate.map("simulate.site", simulate.get("site")), setup.port, setup.httpsPort()),
                Health.parse("simulate.health", Simulate.map("simulate.health", simulate.get("health"))));
        Map<String, Object> pools = Simulate.map("simulate.apppool", simulate.get("apppool"));
        for (Map.Entry<String, Object> e : pools.entrySet()) {
            String path = "simulate.apppool." + e.getKey();
            Simulate.matching(path, e.getKey(), null, Simulate.SAFE_NAME, "a pool name as the key");
            s.pools.put(e.getKey(), AppPool.parse(path, e.getKey(), Simulate.map(path, e.getValue())));
        }
        s.pools.computeIfAbsent(WSUS_POOL, n -> AppPool.parse("simulate.apppool." + n, n, Map.of()));
        for (String n : List.of(s.sql.serviceName(), "WAS", "W3SVC", "WsusService")) {
            s.services.put(n, new Service(n, "Running"));
        }
        Map<String, Object> svcs = Simulate.map("simulate.services", simulate.get("services"));
        for (Map.Entry<String, Object> e : svcs.entrySet()) {
            String path = "simulate.services." + e.getKey();
            Simulate.matching(path, e.getKey(), null, Simulate.SAFE_NAME, "a service name as the key");
            s.services.put(e.getKey(), new Service(e.getKey(),
                    Simulate.oneOf(path, e.getValue(), null, "Running", "Stopped", "Disabled", "Failing")));
        }
        // W3SVC depends on WAS: stopping WAS takes W3SVC down with it, so a mapping that stops only WAS means both.
        if (!s.service("WAS").running()) {
            s.service("W3SVC").state = "Stopped";
        }
        return s;
    }

    /** The current state in the simulate schema: parse(toMap()) gives the same server. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        pools.forEach((k, v) -> p.put(k, v.toMap()));
        m.put("apppool", p);
        Map<String, Object> s = new LinkedHashMap<>();
        services.forEach((k, v) -> s.put(k, v.simulateValue()));
        m.put("services", s);
        m.put("sql", sql.toMap());
        m.put("clients", clients.toMap());
        m.put("sync", sync.toMap());
        m.put("wsus", setup.toMap());
        m.put("site", site.toMap());
        m.put("health", health.toMap());
        return m;
    }

    /** The server's clock: the real one plus what the scripts waited. */
    Instant now() {
        return clock.instant().plus(waited);
    }

    /** A script waits {@code d}: the server lives through it. */
    void advance(java.time.Duration d) {
        waited = waited.plus(d);
        tick();
    }

    /** What the server did by itself by now: WsusService without its database has stopped (event 507). */
    void tick() {
        Instant t = now();
        for (Service svc : services.values()) {
            if (svc.stopsAt != null && !t.isBefore(svc.stopsAt)) {
                svc.stopsAt = null;
                svc.state = "Stopped";
                event("Application", "Windows Server Update Services", 507,
                        "Update Services failed its initialization and stopped (" + (sqlUp() ? sql.susdbError()
                                : "SUSDB unreachable: " + sql.serviceName() + " is not running") + ")");
            }
        }
    }

    /** {@code $env:COMPUTERNAME}: the host's short name in capitals. */
    String computerName() {
        return host.split("\\.", 2)[0].toUpperCase(Locale.ROOT);
    }

    /** The host's DNS name: the inventory name when it is qualified, else in the lab's domain. */
    String fqdn() {
        return (host.contains(".") ? host : host + ".lab.example").toLowerCase(Locale.ROOT);
    }

    /** Level 2 (Error) events only: 5117 recycle requests are Information, 5002 and 507 are errors. */
    static boolean isError(Map<String, Object> e) {
        Object id = e.get("id");
        return !(id instanceof Integer i && i == 5117);
    }

    Service service(String name) {
        return services.get(name);
    }

    AppPool pool(String name) {
        return pools.get(name);
    }

    boolean iisUp() {
        return service("WAS").running() && service("W3SVC").running();
    }

    boolean sqlUp() {
        Service s = service(sql.serviceName());
        return s != null && s.running();
    }

    /**
     * Starts a service the way Start-Service does: its dependency WAS first for W3SVC. A Disabled service, or
     * one whose dependency cannot start, stays Stopped; WsusService starts and stops again without SQL.
     *
     * @return whether it is running afterwards
     */
    boolean startService(Service svc) {
        if (svc.running()) {
            return true;
        }
        if (svc.disabled()) {
            return false;
        }
        if (svc.failsToStart) {
            event("System", "Service Control Manager", 7034, "The " + svc.name
                    + " service terminated unexpectedly (error 1067: the process terminated unexpectedly).");
            return false;
        }
        if (svc.name.equalsIgnoreCase("W3SVC") && !startService(service("WAS"))) {
            return false;
        }
        change("service " + svc.name + " started", Map.of("state", svc.state), Map.of("state", "Running"));
        svc.state = "Running";
        if (svc.name.equalsIgnoreCase("WsusService") && (!sqlUp() || !sql.susdbOnline())) {
            // It starts, fails its initialization without a usable SUSDB and stops a while later (event 507).
            svc.stopsAt = now().plusSeconds(setup.serviceStopsAfterS);
            tick();
        }
        if (svc.name.equalsIgnoreCase("WAS")) {
            wasSettling = true;
        }
        return true;
    }

    /**
     * A worker of {@code p} terminated unexpectedly while serving a request (WAS event 5009); with rapid-fail
     * protection on, the 5th failure within 5 minutes disables the pool (event 5002; IIS's failure settings,
     * rapidFailProtectionMaxCrashes 5 and rapidFailProtectionInterval 00:05:00 by default).
     */
    void workerCrashed(AppPool p) {
        Instant t = now();
        p.crashes.add(t);
        p.crashes.removeIf(c -> c.isBefore(t.minus(AppPool.RAPID_FAIL_INTERVAL)));
        event("System", "Microsoft-Windows-WAS", 5009, "A process serving application pool '" + p.name
                + "' terminated unexpectedly. The process exit code was '0xc0000005'.");
        if (p.rapidFail && p.crashes.size() >= AppPool.RAPID_FAIL_MAX_CRASHES) {
            event("System", "Microsoft-Windows-WAS", 5002, "Application pool '" + p.name
                    + "' is being automatically disabled due to a series of failures in the process(es) serving it.");
            p.state = "Stopped";
            p.crashes.clear();
        }
    }

    /** Events since {@code t} with one of {@code ids}, whose text names {@code subject} (a pool) when given. */
    List<Map<String, Object>> eventsSince(Instant t, Set<Integer> ids, String subject) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : events) {
            if (!Instant.parse((String) e.get("timeUtc")).isBefore(t) && ids.contains((Integer) e.get("id"))
                    && (subject == null || String.valueOf(e.get("text")).contains("'" + subject + "'"))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * What {@code Import-Module UpdateServices} throws where the WSUS API tools (the UpdateServices-API feature)
     * are not installed: PowerShell's own "module not loaded" error (Import-Module's reference).
     */
    static final String API_TOOLS_MISSING = "The specified module 'UpdateServices' was not loaded because no valid"
            + " module file was found in any module directory.";

    /** What Start-WebAppPool throws while WAS settles after its start (see {@link #wasSettling}). */
    static final String WAS_SETTLING = "The service cannot accept control messages at this time."
            + " (Exception from HRESULT: 0x80070425)";

    /**
     * Starts a Stopped pool; it stops again at once when its worker outgrows the memory limit.
     *
     * @throws SimScriptException once right after WAS started (it is still settling)
     */
    void startPool(AppPool p) throws org.wsusctl.sim.SimScriptException {
        if (wasSettling) {
            wasSettling = false;
            throw new org.wsusctl.sim.SimScriptException(WAS_SETTLING);
        }
        if (p.crashesUnderLoad()) {
            disableUnderLoad(p);
            return;
        }
        change("pool " + p.name + " started", Map.of("state", p.state), Map.of("state", "Started"));
        p.state = "Started";
    }

    /** A recycle of a Started pool: a new worker, which also falls over if the limit is still too low. */
    void recyclePool(AppPool p) {
        rotate(p, "recycled");
    }

    /**
     * One commit of a pool's configuration: WAS rotates the worker of a Started pool unless
     * disallowRotationOnConfigChange is set.
     *
     * @return whether the worker was rotated
     */
    boolean configurationCommitted(AppPool p) {
        if (!p.started() || p.disallowRotation) {
            return false;
        }
        rotate(p, "recycled (configuration change)");
        return true;
    }

    private void rotate(AppPool p, String how) {
        if (p.crashesUnderLoad()) {
            change("pool " + p.name + " " + how + " and disabled by rapid-fail protection", Map.of("state", p.state),
                    Map.of("state", "Stopped"));
            disableUnderLoad(p);
            p.state = "Stopped";
            return;
        }
        change("pool " + p.name + " " + how, Map.of("state", p.state), Map.of("state", p.state));
    }

    private void disableUnderLoad(AppPool p) {
        for (int i = 0; i < 5; i++) {
            event("System", "Microsoft-Windows-WAS", 5117, "A worker process serving application pool '" + p.name
                    + "' has requested a recycle because it reached its private bytes memory limit.");
        }
        event("System", "Microsoft-Windows-WAS", 5002, "Application pool '" + p.name
                + "' is being automatically disabled due to a series of failures in the process(es) serving it.");
    }

    /**
     * iisreset /restart: WAS and W3SVC stopped and started again; Started pools get new workers. When a service
     * cannot start (Failing) iisreset says so on stderr, leaves the services stopped and exits non-zero; the
     * script must judge that exit code, not the text (see iis.reset.action.ps1 for why stderr is dangerous).
     */
    boolean iisReset() {
        Service was = service("WAS");
        Service w3 = service("W3SVC");
        if (was.disabled() || w3.disabled()) {
            return false;
        }
        if (was.failsToStart || w3.failsToStart) {
            change("iisreset /restart", Map.of("WAS", was.state, "W3SVC", w3.state), Map.of("WAS", "Stopped", "W3SVC", "Stopped"));
            was.state = "Stopped";
            w3.state = "Stopped";
            return false;
        }
        change("iisreset /restart", Map.of("WAS", was.state, "W3SVC", w3.state), Map.of("WAS", "Running", "W3SVC", "Running"));
        was.state = "Running";
        w3.state = "Running";
        for (AppPool p : pools.values()) {
            if (p.started() && p.crashesUnderLoad()) {
                disableUnderLoad(p);
                p.state = "Stopped";
            }
        }
        return true;
    }

    /**
     * Starts the stopped WSUS site, as Start-WebSite does: only under WAS and W3SVC.
     *
     * @return whether it is started afterwards
     */
    boolean startSite() {
        if (site.started()) {
            return true;
        }
        if (!iisUp()) {
            return false;
        }
        change("site " + Site.NAME + " started", Map.of("state", site.state), Map.of("state", "Started"));
        site.state = "Started";
        return true;
    }

    /**
     * What a GET from the server itself gets.
     *
     * @param status the HTTP status; -1 when no HTTP answer came ({@code error} says why, as WebException.Status)
     * @param subStatus IIS's sub-status where it matters (403.4: SSL required), else null
     */
    record HttpAnswer(long status, Long subStatus, String error) {
        static HttpAnswer none(String error) {
            return new HttpAnswer(-1, null, error);
        }
    }

    /**
     * The WSUS site: plain HTTP on the registered port, HTTPS on port + 1 when WSUS is configured for SSL (with a
     * certificate issued to the server's DNS name, so {@code https://localhost} fails the name check as .NET's
     * TrustFailure). On an SSL server the SSL-required services answer 403.4 over HTTP. 503 while WAS, W3SVC or
     * WsusPool is down (the tips article), 404 for a path WSUS does not serve, else 200.
     */
    HttpAnswer get(String scheme, String urlHost, int port, String path) {
        String h = urlHost.toLowerCase(Locale.ROOT);
        boolean local = h.equals("localhost") || h.equals("127.0.0.1");
        boolean self = local || h.equals(host.toLowerCase(Locale.ROOT)) || h.equals(fqdn())
                || h.equals(computerName().toLowerCase(Locale.ROOT));
        if (!self) {
            return HttpAnswer.none("NameResolutionFailure");
        }
        if (scheme.equals("https")) {
            if (!setup.ssl || port != setup.httpsPort()) {
                return HttpAnswer.none("ConnectFailure");
            }
            if (local) {
                return HttpAnswer.none("TrustFailure");
            }
        } else {
            if (port != setup.port) {
                return HttpAnswer.none("ConnectFailure");
            }
            if (setup.requiresSsl(path)) {
                return new HttpAnswer(403, 4L, null);
            }
        }
        if (!site.started() || !site.listens(scheme, port)) {
            return HttpAnswer.none("ConnectFailure");
        }
        AppPool wsus = pool(WSUS_POOL);
        if (!iisUp() || wsus == null || !wsus.started()) {
            return new HttpAnswer(503, null, null);
        }
        if (!WsusPaths.served(path)) {
            return new HttpAnswer(404, null, null);
        }
        if (!site.selfupdate && path.toLowerCase(Locale.ROOT).startsWith("/selfupdate/")) {
            return new HttpAnswer(404, null, null);
        }
        if (wsus.crashOnRequest) {
            workerCrashed(wsus);
            return new HttpAnswer(503, null, null);
        }
        return new HttpAnswer(200, null, null);
    }

    /**
     * Why {@code Get-WsusServer} fails now, or null when it connects. The API (ApiRemoting30) runs in WsusPool and
     * reads SUSDB; the preamble connects as the local server is set up (see {@link #apiUrl}).
     */
    String apiError() {
        if (!setup.apiTools) {
            return API_TOOLS_MISSING;
        }
        HttpAnswer a = apiAnswer();
        if (a.status() == -1) {
            // WebException's messages for its Status (System.Net's resource strings, as Get-WsusServer passes them on).
            return switch (a.error()) {
                case "ConnectFailure" -> "Unable to connect to the remote server";
                case "NameResolutionFailure" -> "The remote name could not be resolved: '" + fqdn() + "'";
                case "TrustFailure" -> "The underlying connection was closed: Could not establish trust relationship"
                        + " for the SSL/TLS secure channel.";
                default -> "The underlying connection was closed: " + a.error();
            };
        }
        if (a.status() != 200) {
            return "The request failed with HTTP status " + a.status() + ": "
                    + (a.status() == 503 ? "Service Unavailable." : a.status() == 403 ? "Forbidden." : "Error.");
        }
        if (!sqlUp()) {
            return "A network-related or instance-specific error occurred while establishing a connection to SQL"
                    + " Server (" + sql.serviceName() + " is not running).";
        }
        if (!sql.susdbOnline()) {
            return sql.susdbError();
        }
        return null;
    }

    /**
     * The API's endpoint as the preamble's Get-WsusctlApi connects to it: the local server as set up, over SSL by
     * its DNS name on port + 1 when WSUS is configured for SSL (plain Get-WsusServer there gets 403).
     */
    private HttpAnswer apiAnswer() {
        return localAnswer("/ApiRemoting30/WebService.asmx");
    }

    /** A path requested where the server itself serves it as set up (the preamble's Get-WsusctlUrl). */
    HttpAnswer localAnswer(String path) {
        return setup.ssl && setup.requiresSsl(path) ? get("https", fqdn(), setup.httpsPort(), path)
                : get("http", "localhost", setup.port, path);
    }

    /**
     * The evidence a server in the starting state would already have logged: a pool that is down was disabled
     * by WAS (5002), the usual way WsusPool ends up Stopped. Only for a fresh server, not a restored one.
     */
    void seedEvidence() {
        for (AppPool p : pools.values()) {
            if (!p.started()) {
                event("System", "Microsoft-Windows-WAS", 5002, "Application pool '" + p.name
                        + "' is being automatically disabled due to a series of failures in the process(es) serving it.");
            }
        }
        Instant logged = clock.instant().minus(java.time.Duration.ofHours(health.hoursAgo));
        for (long id : health.errors) {
            eventAt(logged, "Application", Health.PROVIDER, (int) id, Health.text(id));
        }
    }

    /**
     * {@code wsusutil checkhealth}: the health monitor checks every web service through the site (all "not working"
     * while they answer no 200), Selfupdate, and what {@link Health} says is broken besides; each failure is an
     * Error event in the Application log, written now.
     */
    void checkHealth() {
        for (String[] ws : new String[][] {{"12002", "/ReportingWebService/ReportingWebService.asmx"},
                {"12012", "/ApiRemoting30/WebService.asmx"}, {"12022", "/ClientWebService/client.asmx"},
                {"12032", "/ServerSyncWebService/ServerSyncWebService.asmx"},
                {"12042", "/SimpleAuthWebService/SimpleAuth.asmx"}, {"12052", "/DssAuthWebService/DssAuthWebService.asmx"}}) {
            if (localAnswer(ws[1]).status() != 200) {
                long id = Long.parseLong(ws[0]);
                event("Application", Health.PROVIDER, (int) id, Health.text(id));
            }
        }
        if (localAnswer("/selfupdate/wuident.cab").status() != 200 && !health.errors.contains(13042L)) {
            event("Application", Health.PROVIDER, 13042, Health.text(13042));
        }
        for (long id : health.errors) {
            event("Application", Health.PROVIDER, (int) id, Health.text(id));
        }
    }

    void change(String what, Map<String, Object> before, Map<String, Object> after) {
        changes.add(new SimChange(now(), currentScript, what, new LinkedHashMap<>(before),
                new LinkedHashMap<>(after)));
    }

    void event(String log, String provider, int id, String text) {
        eventAt(now(), log, provider, id, text);
    }

    void eventAt(Instant at, String log, String provider, int id, String text) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("timeUtc", at.toString());
        e.put("log", log);
        e.put("provider", provider);
        e.put("id", id);
        e.put("text", text);
        events.add(e);
        if (events.size() > MAX_EVENTS) {
            events.remove(0);
        }
    }
}
