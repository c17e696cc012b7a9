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
    private static final Set<String> KEYS = Set.of("apppool", "services", "sql", "clients", "sync", "site", "health");
    private static final int MAX_EVENTS = 200;

    final String host;
    final Clock clock;
    final Map<String, AppPool> pools = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, Service> services = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final SqlServer sql;
    final Clients clients;
    final Sync sync;
    final Site site;
    final Health health;
    /** Event-log entries and SoftwareDistribution.log lines the server wrote: evidence.logs reads them. */
    final List<Map<String, Object>> events = new ArrayList<>();
    final List<SimChange> changes = new ArrayList<>();
    /** The script whose changes are being recorded (set by the host around each run). */
    String currentScript = "";

    private WsusServer(String host, Clock clock, SqlServer sql, Clients clients, Sync sync, Site site, Health health) {
        this.host = host;
        this.clock = clock;
        this.sql = sql;
        this.clients = clients;
        this.sync = sync;
        this.site = site;
        this.health = health;
    }

    /** Builds a server from a {@code simulate:} mapping (or the {@code server} part of a saved state). */
    static WsusServer parse(String host, Map<String, Object> simulate, Clock clock) {
        Simulate.onlyKeys("simulate", simulate, KEYS);
        WsusServer s = new WsusServer(host, clock, SqlServer.parse("simulate.sql", Simulate.map("simulate.sql", simulate.get("sql"))),
                Clients.parse("simulate.clients", Simulate.map("simulate.clients", simulate.get("clients"))),
                Sync.parse("simulate.sync", Simulate.map("simulate.sync", simulate.get("sync"))),
                Site.parse("simulate.site", Simulate.map("simulate.site", simulate.get("site")), PORT),
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
        m.put("site", site.toMap());
        m.put("health", health.toMap());
        return m;
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
        if (svc.name.equalsIgnoreCase("WsusService") && !sqlUp()) {
            event("Application", "Windows Server Update Services", 507,
                    "Update Services failed its initialization and stopped (SUSDB unreachable: "
                            + sql.serviceName() + " is not running)");
            return false;
        }
        if (svc.name.equalsIgnoreCase("WsusService") && !sql.susdbOnline()) {
            event("Application", "Windows Server Update Services", 507,
                    "Update Services failed its initialization and stopped (" + sql.susdbError() + ")");
            return false;
        }
        change("service " + svc.name + " started", Map.of("state", svc.state), Map.of("state", "Running"));
        svc.state = "Running";
        return true;
    }

    /** Starts a Stopped pool; it stops again at once when its worker outgrows the memory limit. */
    void startPool(AppPool p) {
        if (p.crashesUnderLoad()) {
            disableUnderLoad(p);
            return;
        }
        change("pool " + p.name + " started", Map.of("state", p.state), Map.of("state", "Started"));
        p.state = "Started";
    }

    /** A recycle of a Started pool: a new worker, which also falls over if the limit is still too low. */
    void recyclePool(AppPool p) {
        if (p.crashesUnderLoad()) {
            change("pool " + p.name + " recycled and disabled by rapid-fail protection", Map.of("state", p.state),
                    Map.of("state", "Stopped"));
            disableUnderLoad(p);
            p.state = "Stopped";
            return;
        }
        change("pool " + p.name + " recycled", Map.of("state", p.state), Map.of("state", p.state));
    }

    private void disableUnderLoad(AppPool p) {
        for (int i = 0; i < 5; i++) {
            event("System", "Microsoft-Windows-WAS", 5117, "A worker process serving application pool '" + p.name
                    + "' has requested a recycle because it reached its private bytes memory limit.");
        }
        event("System", "Microsoft-Windows-WAS", 5002, "Application pool '" + p.name
                + "' is being automatically disabled due to a series of failures in the process(es) serving it.");
    }

    /** iisreset /restart: WAS and W3SVC stopped and started again; Started pools get new workers. */
    boolean iisReset() {
        Service was = service("WAS");
        Service w3 = service("W3SVC");
        if (was.disabled() || w3.disabled()) {
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
     * The HTTP status a GET from the server itself gets: -1 when nothing listens (other port or host, a stopped
     * site, a port the site has no binding for), 503 while WAS, W3SVC or WsusPool is down, 404 for a path WSUS
     * does not serve (Selfupdate when its virtual directory is missing), else 200.
     */
    int httpStatus(String urlHost, int port, String path) {
        String h = urlHost.toLowerCase(Locale.ROOT);
        String shortName = host.split("\\.", 2)[0].toLowerCase(Locale.ROOT);
        boolean self = h.equals("localhost") || h.equals("127.0.0.1") || h.equals(host.toLowerCase(Locale.ROOT))
                || h.equals(shortName);
        if (!self || port != PORT) {
            return -1;
        }
        if (!site.started() || !site.listensHttp(port)) {
            return -1;
        }
        AppPool wsus = pool(WSUS_POOL);
        if (!iisUp() || wsus == null || !wsus.started()) {
            return 503;
        }
        if (!site.selfupdate && path.toLowerCase(Locale.ROOT).startsWith("/selfupdate/")) {
            return 404;
        }
        return WsusPaths.served(path) ? 200 : 404;
    }

    /** Why Get-WsusServer fails now (the API runs in WsusPool and reads SUSDB), or null when it connects. */
    String apiError() {
        int code = httpStatus("localhost", PORT, "/ApiRemoting30/WebService.asmx");
        if (code == -1) {
            return "Unable to connect to the remote server";
        }
        if (code != 200) {
            return "The request failed with HTTP status 503: Service Unavailable.";
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
            if (httpStatus("localhost", PORT, ws[1]) != 200) {
                long id = Long.parseLong(ws[0]);
                event("Application", Health.PROVIDER, (int) id, Health.text(id));
            }
        }
        if (httpStatus("localhost", PORT, "/selfupdate/wuident.cab") != 200 && !health.errors.contains(13042L)) {
            event("Application", Health.PROVIDER, 13042, Health.text(13042));
        }
        for (long id : health.errors) {
            event("Application", Health.PROVIDER, (int) id, Health.text(id));
        }
    }

    void change(String what, Map<String, Object> before, Map<String, Object> after) {
        changes.add(new SimChange(clock.instant(), currentScript, what, new LinkedHashMap<>(before),
                new LinkedHashMap<>(after)));
    }

    void event(String log, String provider, int id, String text) {
        eventAt(clock.instant(), log, provider, id, text);
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
