package org.wsusctl.sim.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.contract.ApiFacts;
import org.wsusctl.contract.ClientFacts;
import org.wsusctl.contract.ConfigMgrFacts;
import org.wsusctl.contract.EvidenceFacts;
import org.wsusctl.contract.FactsBuilder;
import org.wsusctl.contract.HealthFacts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.HttpFacts;
import org.wsusctl.contract.IisPoolFacts;
import org.wsusctl.contract.ServiceFacts;
import org.wsusctl.contract.SiteFacts;
import org.wsusctl.contract.SqlFacts;
import org.wsusctl.contract.SusdbFacts;
import org.wsusctl.contract.SyncFacts;
import org.wsusctl.sim.SimScriptException;

/**
 * The server's state as each fact section's script would read it on Windows. Facts only: what the registry, the
 * service manager, IIS, SQL Server, the WSUS API, an HTTP GET and the event log would say; the runner judges.
 * Every section is built with the contract's {@link FactsBuilder}, so its names and types are the declared ones.
 */
final class FactModels {
    private static final Pattern URL = Pattern.compile("^(https?)://([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(/[A-Za-z0-9/._-]*)$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9/._-]{0,200}$");
    static final String LOG_FILE = "C:\\Program Files\\Update Services\\LogFiles\\SoftwareDistribution.log";
    /** WSUS's own site is usually the second one IIS creates ("WSUS Administration"). */
    private static final long WSUS_SITE_ID = Site.ID;
    /** What the IIS provider says reading a site's state while WAS (or W3SVC) is down; the runner never matches it. */
    static final String SITE_STATE_WAS_DOWN = "The service cannot accept control messages at this time."
            + " (Exception from HRESULT: 0x80070425)";
    static final String SITE_STATE_W3SVC_DOWN = "The object identifier does not represent a valid object."
            + " (Exception from HRESULT: 0x800710D8)";

    private FactModels() { }

    static void register(ScriptTable t) {
        t.facts(HostFacts.SECTION, FactModels::host)
                .facts(ConfigMgrFacts.SECTION, FactModels::configMgr)
                .facts(ServiceFacts.SECTION, FactModels::services)
                .facts(SiteFacts.SECTION, FactModels::site)
                .facts(IisPoolFacts.SECTION, FactModels::pool)
                .facts(HttpFacts.SECTION, FactModels::http)
                .facts(SqlFacts.SECTION, FactModels::sql)
                .facts(SusdbFacts.SECTION, FactModels::susdb)
                .facts(SyncFacts.SECTION, FactModels::sync)
                .facts(ClientFacts.SECTION, FactModels::clients)
                .facts(HealthFacts.SECTION, FactModels::health)
                .facts(EvidenceFacts.SECTION, FactModels::evidence);
    }

    static Map<String, Object> host(WsusServer s, ScriptArgs a) {
        return new FactsBuilder(HostFacts.SECTION.shape())
                .put(HostFacts.INSTALLED, true)
                .put(HostFacts.PORT_NUMBER, (long) s.setup.port)
                .put(HostFacts.USING_SSL, s.setup.ssl)
                .put(HostFacts.SQL_SERVER_NAME, s.sql.serverName(s.host))
                .put(HostFacts.SQL_DATABASE_NAME, "SUSDB")
                .put(HostFacts.SITE_INDEX, WSUS_SITE_ID)
                .put(HostFacts.COMPUTER_NAME, s.computerName())
                .put(HostFacts.FQDN, s.fqdn())
                .put(HostFacts.RAM_KB, WsusServer.RAM_KB)
                .build();
    }

    /** The ConfigMgr WSUS Control Manager's registry keys exist on a software update point. */
    static Map<String, Object> configMgr(WsusServer s, ScriptArgs a) {
        boolean sup = s.sync.configMgr;
        return new FactsBuilder(ConfigMgrFacts.SECTION.shape()).put(ConfigMgrFacts.CONTROL_MANAGER, sup)
                .put(ConfigMgrFacts.TRACING, sup)
                .put(ConfigMgrFacts.LOG_FILE, sup ? "C:\\Program Files\\Microsoft Configuration Manager\\Logs\\WSUSCtrl.log" : null)
                .build();
    }

    /**
     * The WSUS site by its ID: configuration (name, bindings, Selfupdate) is read from applicationHost.config;
     * the runtime state needs WAS and W3SVC, and without them is null with the provider's error.
     */
    static Map<String, Object> site(WsusServer s, ScriptArgs a) {
        Site site = s.site;
        String stateError = !s.service("WAS").running() ? SITE_STATE_WAS_DOWN
                : !s.service("W3SVC").running() ? SITE_STATE_W3SVC_DOWN : null;
        return new FactsBuilder(SiteFacts.SECTION.shape()).put(SiteFacts.EXISTS, true)
                .put(SiteFacts.NAME, Site.NAME)
                .put(SiteFacts.STATE, stateError == null ? site.state : null)
                .put(SiteFacts.STATE_ERROR, stateError)
                .put(SiteFacts.BINDINGS, site.bindings)
                .put(SiteFacts.SELFUPDATE_EXISTS, site.selfupdate)
                .put(SiteFacts.SELFUPDATE_PATH, site.selfupdate ? Site.SELFUPDATE_PATH : null)
                .build();
    }

    /** Win32_Service: the names asked for that exist, and every MSSQL* engine. */
    static Map<String, Object> services(WsusServer s, ScriptArgs a) throws SimScriptException {
        List<String> want = new ArrayList<>();
        for (String n : a.strings("names")) {
            want.add(a.checkedName(n).toLowerCase(Locale.ROOT));
        }
        List<FactsBuilder> items = new ArrayList<>();
        for (Service svc : s.services.values()) {
            if (want.contains(svc.name.toLowerCase(Locale.ROOT)) || svc.name.toUpperCase(Locale.ROOT).startsWith("MSSQL")) {
                items.add(new FactsBuilder(ServiceFacts.SERVICE).put(ServiceFacts.NAME, svc.name)
                        .put(ServiceFacts.STATE, svc.state).put(ServiceFacts.START_MODE, svc.startMode));
            }
        }
        return new FactsBuilder(ServiceFacts.SECTION.shape()).putObjects(ServiceFacts.SERVICES, items).build();
    }

    /**
     * IIS as the provider reads it. While WAS is stopped the provider cannot reach the configuration system:
     * {@code Test-Path IIS:\AppPools\X} answers false (and Get-WebAppPoolState would throw 0x80070425 or
     * 0x800710D8), so a naive reading says "pool not found" (issue "Windows as it really is", item 2).
     */
    static Map<String, Object> pool(WsusServer s, ScriptArgs a) throws SimScriptException {
        String name = a.safeName("pool");
        AppPool p = s.service("WAS").running() ? s.pool(name) : null;
        FactsBuilder b = new FactsBuilder(IisPoolFacts.SECTION.shape()).put(IisPoolFacts.POOL, name)
                .put(IisPoolFacts.EXISTS, p != null);
        if (p == null) {
            return b.put(IisPoolFacts.STATE, null).put(IisPoolFacts.PRIVATE_MEMORY_KB, null)
                    .put(IisPoolFacts.QUEUE_LENGTH, null).put(IisPoolFacts.IDLE_TIMEOUT_MIN, null)
                    .put(IisPoolFacts.PINGING_ENABLED, null).put(IisPoolFacts.PERIODIC_RESTART_MIN, null)
                    .put(IisPoolFacts.VIRTUAL_MEMORY_KB, null).put(IisPoolFacts.RAPID_FAIL_PROTECTION, null)
                    .put(IisPoolFacts.RAPID_FAIL_MAX_CRASHES, null).put(IisPoolFacts.RAPID_FAIL_INTERVAL_MIN, null)
                    .put(IisPoolFacts.LOAD_BALANCER_CAPABILITIES, null).build();
        }
        return b.put(IisPoolFacts.STATE, p.state)
                .put(IisPoolFacts.PRIVATE_MEMORY_KB, p.privateMemoryKb)
                .put(IisPoolFacts.QUEUE_LENGTH, p.queueLength)
                .put(IisPoolFacts.IDLE_TIMEOUT_MIN, (double) p.idleTimeoutMin)
                .put(IisPoolFacts.PINGING_ENABLED, p.pinging)
                .put(IisPoolFacts.PERIODIC_RESTART_MIN, (double) p.periodicRestartMin)
                .put(IisPoolFacts.VIRTUAL_MEMORY_KB, p.virtualMemoryKb)
                .put(IisPoolFacts.RAPID_FAIL_PROTECTION, p.rapidFail)
                .put(IisPoolFacts.RAPID_FAIL_MAX_CRASHES, 5L)
                .put(IisPoolFacts.RAPID_FAIL_INTERVAL_MIN, 5.0)
                .put(IisPoolFacts.LOAD_BALANCER_CAPABILITIES, "HttpLevel")
                .build();
    }

    /**
     * facts.http: a full URL as given, or a path where WSUS serves it as set up: plain HTTP on the registered port
     * from localhost, or, on an SSL-configured server, HTTPS on port + 1 by the DNS name for the services that
     * require SSL (what the script decides from UsingSSL and PortNumber).
     */
    static Map<String, Object> http(WsusServer s, ScriptArgs a) throws SimScriptException {
        String url = a.string("url");
        WsusServer.HttpAnswer answer;
        if (!url.isEmpty()) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new SimScriptException("unsafe url rejected");
            }
            boolean https = m.group(1).equals("https");
            int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : https ? 443 : 80;
            answer = s.get(m.group(1), m.group(2), port, m.group(4));
        } else {
            String path = a.string("path");
            if (!PATH.matcher(path).matches()) {
                throw new SimScriptException("unsafe path rejected");
            }
            if (s.setup.requiresSsl(path)) {
                url = "https://" + s.fqdn() + ":" + s.setup.httpsPort() + path;
                answer = s.get("https", s.fqdn(), s.setup.httpsPort(), path);
            } else {
                url = "http://localhost:" + s.setup.port + path;
                answer = s.get("http", "localhost", s.setup.port, path);
            }
        }
        return new FactsBuilder(HttpFacts.SECTION.shape()).put(HttpFacts.URL, url).put(HttpFacts.STATUS, answer.status())
                .put(HttpFacts.ERROR, answer.error()).put(HttpFacts.SUB_STATUS, answer.subStatus()).build();
    }

    /**
     * What the facts.sql queries return: IS_SRVROLEMEMBER for the caller's token (groups count) and for another
     * login (direct only; NULL when the caller may not see membership or the login does not exist), and
     * xp_logininfo, which a caller without sysadmin may not execute.
     */
    static Map<String, Object> sql(WsusServer s, ScriptArgs a) throws SimScriptException {
        String given = a.account("login");
        SqlServer sql = s.sql;
        FactsBuilder b = new FactsBuilder(SqlFacts.SECTION.shape()).put(SqlFacts.DATA_SOURCE, sql.dataSource(s.host));
        if (!s.sqlUp()) {
            return b.put(SqlFacts.CONNECTED, false).put(SqlFacts.CONNECT_ERROR, SqlServer.CONNECT_ERROR)
                    .put(SqlFacts.CALLER, null).put(SqlFacts.CALLER_IS_SYSADMIN, null).put(SqlFacts.LOGIN, null)
                    .put(SqlFacts.LOGIN_DIRECT, null).put(SqlFacts.LOGIN_EXISTS, null).put(SqlFacts.VERSION, null)
                    .putObjects(SqlFacts.PATHS, List.of()).put(SqlFacts.PATHS_ERROR, null).build();
        }
        String login = given.isEmpty() ? sql.caller : given;
        boolean callerSa = sql.effectiveSysadmin(sql.caller);
        List<FactsBuilder> paths = new ArrayList<>();
        String pathsError = null;
        if (callerSa && sql.lookupFails(login)) {
            pathsError = String.format(SqlServer.AD_LOOKUP_ERROR, login);
        } else if (callerSa) {
            for (Map<String, Object> row : sql.permissionPaths(login)) {
                paths.add(new FactsBuilder(SqlFacts.PATH_ROW).put(SqlFacts.PRIVILEGE, (String) row.get("privilege"))
                        .put(SqlFacts.PATH, (String) row.get("path")));
            }
        } else {
            pathsError = "The EXECUTE permission was denied on the object 'xp_logininfo', database"
                    + " 'mssqlsystemresource', schema 'sys'.";
        }
        Integer direct = sql.isSrvRoleMember(login);
        return b.put(SqlFacts.CONNECTED, true).put(SqlFacts.CONNECT_ERROR, null)
                .put(SqlFacts.CALLER, sql.caller)
                .put(SqlFacts.CALLER_IS_SYSADMIN, callerSa ? 1L : 0L)
                .put(SqlFacts.LOGIN, login)
                .put(SqlFacts.LOGIN_DIRECT, direct == null ? null : (long) direct)
                .put(SqlFacts.LOGIN_EXISTS, sql.loginExists(login))
                .put(SqlFacts.VERSION, sql.version())
                .putObjects(SqlFacts.PATHS, paths)
                .put(SqlFacts.PATHS_ERROR, pathsError)
                .build();
    }

    /** DB_ID and DATABASEPROPERTYEX for SUSDB, over the same data source the sql section uses. */
    static Map<String, Object> susdb(WsusServer s, ScriptArgs a) {
        SqlServer sql = s.sql;
        FactsBuilder b = new FactsBuilder(SusdbFacts.SECTION.shape()).put(SusdbFacts.DATA_SOURCE, sql.dataSource(s.host))
                .put(SusdbFacts.DATABASE, "SUSDB");
        if (!s.sqlUp()) {
            return b.put(SusdbFacts.CONNECTED, false).put(SusdbFacts.CONNECT_ERROR, SqlServer.CONNECT_ERROR)
                    .put(SusdbFacts.EXISTS, null).put(SusdbFacts.STATE, null).put(SusdbFacts.USER_ACCESS, null).build();
        }
        boolean exists = !"missing".equals(sql.susdb);
        return b.put(SusdbFacts.CONNECTED, true).put(SusdbFacts.CONNECT_ERROR, null).put(SusdbFacts.EXISTS, exists)
                .put(SusdbFacts.STATE, exists ? sql.susdb : null).put(SusdbFacts.USER_ACCESS, exists ? "MULTI_USER" : null)
                .build();
    }

    /**
     * The health monitor's events (Application log, WSUS provider, ids 12002-12072 and 13042) since the window's
     * start, newest first; with {@code checkhealth}, wsusutil runs first and the window starts when it did.
     */
    static Map<String, Object> health(WsusServer s, ScriptArgs a) throws SimScriptException {
        boolean run = Boolean.parseBoolean(a.string("checkhealth"));
        Instant since;
        if (run) {
            since = s.clock.instant();
            s.checkHealth();
        } else {
            since = s.clock.instant().minus(Duration.ofHours(Math.max(0, a.integer("hours"))));
        }
        List<FactsBuilder> items = new ArrayList<>();
        List<Map<String, Object>> mine = new ArrayList<>();
        for (Map<String, Object> e : s.events) {
            long id = ((Number) e.get("id")).longValue();
            if (Health.PROVIDER.equals(e.get("provider")) && Health.isHealthId(id)
                    && !Instant.parse((String) e.get("timeUtc")).isBefore(since)) {
                mine.add(e);
            }
        }
        Collections.reverse(mine);
        for (Map<String, Object> e : mine) {
            items.add(new FactsBuilder(HealthFacts.EVENT).put(HealthFacts.TIME_UTC, (String) e.get("timeUtc"))
                    .put(HealthFacts.ID, ((Number) e.get("id")).longValue())
                    .put(HealthFacts.LEVEL, WsusServer.isError(e) ? 2L : 4L)
                    .put(HealthFacts.MESSAGE, (String) e.get("text")));
        }
        return new FactsBuilder(HealthFacts.SECTION.shape()).put(HealthFacts.CHECKHEALTH_RAN, run)
                .put(HealthFacts.CHECKHEALTH_EXIT_CODE, run ? 0L : null).put(HealthFacts.CHECKHEALTH_TIMED_OUT, false)
                .put(HealthFacts.CHECKHEALTH_ERROR, null).put(HealthFacts.SINCE_UTC, since.toString())
                .putObjects(HealthFacts.EVENTS, items).put(HealthFacts.QUERY_ERROR, null).build();
    }

    static Map<String, Object> sync(WsusServer s, ScriptArgs a) {
        String api = s.apiError();
        FactsBuilder b = new FactsBuilder(SyncFacts.SECTION.shape()).put(ApiFacts.TOOLS, s.setup.apiTools)
                .put(ApiFacts.CONNECTED, api == null)
                .put(ApiFacts.ERROR, api);
        if (api != null) {
            return b.put(SyncFacts.RESULT, null).put(SyncFacts.END_UTC, null).put(SyncFacts.RUNNING, null)
                    .put(SyncFacts.ERROR_TEXT, null).build();
        }
        Sync y = s.sync;
        boolean never = "NeverRun".equals(y.lastResult);
        String end = never ? null : s.now().minusMillis((long) (y.hoursAgo * 3_600_000)).toString();
        return b.put(SyncFacts.RESULT, y.lastResult).put(SyncFacts.END_UTC, end)
                .put(SyncFacts.RUNNING, y.running ? "Running" : "NotProcessing").put(SyncFacts.ERROR_TEXT, y.errorText)
                .build();
    }

    /** Stale clients last reported {@code staleDays} ago and earlier; with a longer threshold fewer count. */
    static Map<String, Object> clients(WsusServer s, ScriptArgs a) throws SimScriptException {
        String api = s.apiError();
        FactsBuilder b = new FactsBuilder(ClientFacts.SECTION.shape()).put(ApiFacts.TOOLS, s.setup.apiTools)
                .put(ApiFacts.CONNECTED, api == null)
                .put(ApiFacts.ERROR, api);
        if (api != null) {
            return b.put(ClientFacts.TOTAL, null).put(ClientFacts.STALE, null)
                    .putObjects(ClientFacts.CLIENTS, List.of()).build();
        }
        Clients c = s.clients;
        long days = a.integer("days");
        long maxProbe = Math.max(0, a.integer("max_probe"));
        long stale = days <= c.staleDays ? c.stale : 0;
        Instant now = s.now().truncatedTo(ChronoUnit.SECONDS);
        List<FactsBuilder> rows = new ArrayList<>();
        for (long i = 0; i < Math.min(stale, maxProbe); i++) {
            String cls = c.classOf(i);
            String ip = "10.20." + ((i / 250) % 250) + "." + (i % 250 + 1);
            boolean answers = "reachable_not_reporting".equals(cls);
            rows.add(new FactsBuilder(ClientFacts.CLIENT)
                    .put(ClientFacts.NAME, String.format("pc%04d.lab.example", i + 1))
                    .put(ClientFacts.LAST_REPORTED_UTC, "never_reported".equals(cls) ? null
                            : now.minus(Duration.ofDays(c.staleDays + (stale - i))).toString())
                    .put(ClientFacts.WSUS_IP, ip)
                    .put(ClientFacts.DNS_IPS, "dns_missing".equals(cls) ? List.of() : List.of(ip))
                    .put(ClientFacts.ICMP, answers)
                    .put(ClientFacts.TCP, answers));
        }
        return b.put(ClientFacts.TOTAL, c.total).put(ClientFacts.STALE, stale).putObjects(ClientFacts.CLIENTS, rows)
                .build();
    }

    static Map<String, Object> evidence(WsusServer s, ScriptArgs a) throws SimScriptException {
        int n = (int) Math.max(0, a.integer("lines"));
        long left = a.integer("max_bytes");
        Instant since = s.now().minus(Duration.ofHours(a.integer("hours")));
        List<String> tail = SoftwareDistributionLog.tail(s, n);
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String log : List.of("Application", "System")) {
            List<Map<String, Object>> mine = new ArrayList<>();
            for (Map<String, Object> e : s.events) {
                if (log.equals(e.get("log")) && !Instant.parse((String) e.get("timeUtc")).isBefore(since)
                        && WsusServer.isError(e)) {
                    mine.add(e);
                }
            }
            Collections.reverse(mine); // Get-WinEvent returns newest first, at most -MaxEvents.
            errors.addAll(mine.subList(0, Math.min(mine.size(), n)));
        }
        boolean truncated = false;
        List<String> tailOut = new ArrayList<>();
        for (String l : tail) {
            if (left < l.length()) {
                truncated = true;
                break;
            }
            left -= l.length();
            tailOut.add(l);
        }
        List<FactsBuilder> events = new ArrayList<>();
        for (Map<String, Object> e : errors) {
            String text = (String) e.get("text");
            if (left < text.length()) {
                truncated = true;
                break;
            }
            left -= text.length();
            events.add(new FactsBuilder(EvidenceFacts.EVENT).put(EvidenceFacts.TIME_UTC, (String) e.get("timeUtc"))
                    .put(EvidenceFacts.LOG, (String) e.get("log")).put(EvidenceFacts.PROVIDER, (String) e.get("provider"))
                    .put(EvidenceFacts.ID, ((Number) e.get("id")).longValue()).put(EvidenceFacts.MESSAGE, text));
        }
        return new FactsBuilder(EvidenceFacts.SECTION.shape()).put(EvidenceFacts.LOG_FILE, LOG_FILE)
                .put(EvidenceFacts.LOG_PRESENT, true).put(EvidenceFacts.LOG_TAIL, tailOut)
                .putObjects(EvidenceFacts.EVENTS, events).put(EvidenceFacts.QUERY_ERRORS, List.of())
                .put(EvidenceFacts.TRUNCATED, truncated).build();
    }
}
