package org.wsusctl.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.ApiFacts;
import org.wsusctl.contract.ClientFacts;
import org.wsusctl.contract.Facts;

/**
 * {@code wsus.clients.not_reporting}: lists clients whose last status report is older than {@code days}, each
 * classified from what DNS, ping and TCP said (wsus-catalog.md 7; the tips article's "Computer has not reported
 * status", usually the clients: off, asleep, unplugged). Report only.
 */
final class ClientsNotReporting implements CheckModule {

    /** Classes, first match wins (wsus-catalog.md 7). */
    static String classify(Facts client) {
        if (client.get(ClientFacts.LAST_REPORTED_UTC) == null) {
            return "never_reported";
        }
        if (client.get(ClientFacts.DNS_IPS).isEmpty()) {
            return "dns_missing";
        }
        if (client.get(ClientFacts.ICMP) || client.get(ClientFacts.TCP)) {
            return "reachable_not_reporting";
        }
        return "offline";
    }

    @Override
    public String name() {
        return "wsus.clients.not_reporting";
    }

    @Override
    public String summary() {
        return "lists clients that stopped reporting and whether they answer on the network (report only)";
    }

    @Override
    public String symptom() {
        return "\"Computer has not reported status\"";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.integer("days", 30L, 1, 3650, "a client is stale after this many days without a status report"),
                ArgSpec.integer("max_probe", 50L, 0, 500, "at most this many stale clients are probed (DNS, ping, TCP)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public Phase phase() {
        return Phase.PROOF;
    }

    private static FactRequest clients(ModuleArgs args) {
        return new FactRequest(ClientFacts.SECTION,
                Map.of("days", args.integer("days"), "max_probe", args.integer("max_probe")));
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(clients(args));
    }

    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Needs.api();
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> read = Read.facts(facts, clients(args));
        if (read.isEmpty()) {
            return Read.unreadable(facts, clients(args));
        }
        Facts f = read.get();
        if (!f.get(ApiFacts.TOOLS)) {
            return Verdict.unreadable(ApiTools.MISSING);
        }
        if (!f.get(ApiFacts.CONNECTED)) {
            return Verdict.unreadable("cannot connect to the WSUS API: " + f.get(ApiFacts.ERROR));
        }
        long total = f.get(ClientFacts.TOTAL) == null ? 0 : f.get(ClientFacts.TOTAL);
        long stale = f.get(ClientFacts.STALE) == null ? 0 : f.get(ClientFacts.STALE);
        long days = args.integer("days");
        Map<String, Object> byClass = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Facts c : f.get(ClientFacts.CLIENTS)) {
            String cls = classify(c);
            byClass.merge(cls, 1L, (a, b) -> (Long) a + (Long) b);
            Map<String, Object> row = new LinkedHashMap<>(c.values());
            row.put("class", cls);
            rows.add(row);
        }
        Map<String, Object> observed = Verdict.values("total", total, "stale", stale, "days", days,
                "probed", (long) rows.size(), "byClass", byClass, "clients", rows);
        Map<String, Object> expected = Verdict.values("stale", 0L);
        if (stale == 0) {
            return Verdict.ok(observed, expected, "all " + total + " clients reported within " + days + " days");
        }
        return Verdict.drift(observed, expected, stale + " of " + total + " clients have not reported for " + days
                + " days" + (total > 0 && stale * 5 > total ? " (over 20%: suspect the server's reporting too)" : ""));
    }
}
