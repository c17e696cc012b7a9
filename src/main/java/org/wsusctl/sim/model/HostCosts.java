package org.wsusctl.sim.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the work of the shipped scripts costs on a real WSUS server, charged per PowerShell process
 * ({@code simulate: { costs: ... }}, issue 15); off by default, so tests and the lab stay fast.
 *
 * <p>The three kinds of work the scripts do that take real time on the server, and where each figure of the
 * {@code realistic} profile comes from. The sources show the mechanism; no published measurement gives a figure,
 * so the profile's numbers are an order of magnitude, labelled as estimates in the README's table:
 * <ul>
 *   <li><b>WSUS API</b> ({@code Get-WsusctlApi} in the preamble: {@code Import-Module UpdateServices}, then
 *       {@code Get-WsusServer}): loads the UpdateServices module and the {@code Microsoft.UpdateServices.Administration}
 *       assembly into a fresh process (cold .NET load and JIT) and connects through
 *       {@code AdminProxy.CreateUpdateServer}, an authenticated web-service call to the server's own
 *       {@code ApiRemoting30} in IIS (the stack in centreon/centreon-plugins#2111 shows the HttpWebRequest under
 *       {@code AdminProxy.CreateUpdateServer}), which also reads its configuration from SUSDB. Seconds, paid once
 *       per process: the preamble caches the connection in {@code $script:WsusctlApi}, so a batch pays it once and
 *       {@code --no-batch} once per API check. Estimate: 3 s.</li>
 *   <li><b>SQL probe</b> ({@code System.Data.SqlClient} over the WID pipe or TCP, one connection and a few
 *       SELECTs: facts.sql, facts.susdb, sql.sysadmin.fix): a new connection per script (the pool lives per
 *       process), Windows authentication, and a query. Tens of ms. Estimate: 40 ms.</li>
 *   <li><b>HTTP probe</b> ({@code HttpWebRequest} to the server's own IIS: facts.http, one GET per unit): a
 *       local TCP connection through HTTP.sys to the WSUS pool's worker. Tens of ms. Estimate: 30 ms.</li>
 * </ul>
 *
 * @param apiLoadMs once per PowerShell process that uses the WSUS API
 * @param sqlProbeMs per unit of a script that queries SQL Server
 * @param httpProbeMs per unit of a script that probes the server's own web services
 */
public record HostCosts(long apiLoadMs, long sqlProbeMs, long httpProbeMs) {
    /** The {@code simulate:} key. */
    static final String KEY = "costs";
    public static final HostCosts NONE = new HostCosts(0, 0, 0);
    /** The estimates above ({@code costs: { profile: realistic }}). */
    public static final HostCosts REALISTIC = new HostCosts(3000, 40, 30);
    private static final long MAX_MS = 600_000;
    private static final Set<String> KEYS = Set.of("profile", "api_load_ms", "sql_probe_ms", "http_probe_ms");

    /** The kind of costly work a script does. */
    enum Work { API, SQL, HTTP }

    /**
     * The shipped scripts that do costly work, by header id: the same facts as their texts
     * ({@code HostCostsTest} reads every shipped script and fails when this table and the scripts disagree).
     */
    static final Map<String, Work> BY_SCRIPT = Map.of(
            "facts.wsus.sync", Work.API, "facts.wsus.clients", Work.API, "wsus.sync.fix", Work.API,
            "facts.sql", Work.SQL, "facts.susdb", Work.SQL, "sql.sysadmin.fix", Work.SQL,
            "facts.http", Work.HTTP);

    /**
     * Reads {@code simulate.costs}: absent is no cost; a mapping with {@code profile} ({@code none} or
     * {@code realistic}) and any of the three figures, which override the profile's.
     *
     * @throws IllegalArgumentException naming the key path ({@code simulate.costs.api_load_ms: expected ...})
     */
    static HostCosts parse(Object value) {
        String path = "simulate." + KEY;
        Map<String, Object> m = Simulate.map(path, value);
        Simulate.onlyKeys(path, m, KEYS);
        HostCosts base = Simulate.oneOf(path + ".profile", m.get("profile"), "none", "none", "realistic")
                .equals("realistic") ? REALISTIC : NONE;
        return new HostCosts(Simulate.whole(path + ".api_load_ms", m.get("api_load_ms"), base.apiLoadMs, 0, MAX_MS),
                Simulate.whole(path + ".sql_probe_ms", m.get("sql_probe_ms"), base.sqlProbeMs, 0, MAX_MS),
                Simulate.whole(path + ".http_probe_ms", m.get("http_probe_ms"), base.httpProbeMs, 0, MAX_MS));
    }

    /** The model's keys without {@code costs}, for {@link WsusServer#parse}. */
    static Map<String, Object> withoutCosts(Map<String, Object> modelKeys) {
        if (!modelKeys.containsKey(KEY)) {
            return modelKeys;
        }
        Map<String, Object> rest = new LinkedHashMap<>(modelKeys);
        rest.remove(KEY);
        return rest;
    }

    /** What one PowerShell process that ran these scripts (in order) costs: the work and its time. */
    Charge charge(List<String> scriptIds) {
        boolean api = false;
        int sql = 0;
        int http = 0;
        for (String id : scriptIds) {
            Work w = BY_SCRIPT.get(id);
            if (w == Work.API) {
                api = true; // loaded and connected once, whatever number of units read it
            } else if (w == Work.SQL) {
                sql++;
            } else if (w == Work.HTTP) {
                http++;
            }
        }
        long ms = (api ? apiLoadMs : 0) + sql * sqlProbeMs + http * httpProbeMs;
        return new Charge(api, sql, http, ms);
    }

    /** The work one process did and the time it takes on the server. */
    record Charge(boolean apiLoad, int sqlProbes, int httpProbes, long ms) { }
}
