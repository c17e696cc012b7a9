package org.wsusctl.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HealthFacts;

/**
 * {@code wsus.health}: WSUS's health monitor logged no Error (or Critical) event, ids 12002-12072 and 13042, in the
 * last {@code hours}, judged by id and level, never by the localized text (wsus-catalog.md 6.3). With
 * {@code checkhealth: true} it first runs {@code wsusutil checkhealth} and judges only what that run logged. That is
 * opt-in even in audit (P16): checkhealth writes events to the Application log and can take minutes, so a shipped
 * playbook never sets it. The health monitor runs inside WsusService and checks the web services through the site,
 * so its findings are consequences while the site, pool, IIS, SQL or SUSDB is down: blocked by those. Report only.
 */
final class WsusHealth implements CheckModule {

    @Override
    public String name() {
        return "wsus.health";
    }

    @Override
    public String summary() {
        return "no WSUS health-monitor errors (events 12002-12072, 13042) in the last hours; checkhealth: true first"
                + " runs wsusutil checkhealth (opt-in even in audit: it writes events and can take minutes)";
    }

    @Override
    public String symptom() {
        return "any WSUS message: the health monitor's events name the failing web service or the content directory";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.integer("hours", 24L, 1, 720, "how far back to read the health monitor's events"),
                ArgSpec.bool("checkhealth", false, "first run wsusutil checkhealth (writes events to the Application"
                        + " log, can take minutes; never by default, not even in audit) and judge only what it logs"),
                ArgSpec.integer("checkhealth_timeout_seconds", 240L, 10, 3600,
                        "at most this long for wsusutil checkhealth (keep it below the run's --timeout)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public Phase phase() {
        return Phase.PROOF;
    }

    private static FactRequest health(ModuleArgs args) {
        return new FactRequest(HealthFacts.SECTION, Map.of("hours", args.integer("hours"),
                "checkhealth", args.bool("checkhealth"),
                "checkhealth_timeout_seconds", args.integer("checkhealth_timeout_seconds")));
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(health(args));
    }

    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Needs.api();
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> read = Read.facts(facts, health(args));
        if (read.isEmpty()) {
            return Read.unreadable(facts, health(args));
        }
        Facts f = read.get();
        boolean ran = f.get(HealthFacts.CHECKHEALTH_RAN);
        Map<String, Object> errors = new TreeMap<>();
        List<String> latest = new ArrayList<>();
        Map<Long, String> newest = new LinkedHashMap<>();
        for (Facts e : f.get(HealthFacts.EVENTS)) {
            long level = e.get(HealthFacts.LEVEL);
            if (level < 1 || level > 2) {
                continue;
            }
            long id = e.get(HealthFacts.ID);
            errors.merge(String.valueOf(id), 1L, (a, b) -> (Long) a + (Long) b);
            // Events arrive newest first: the first of each id is its latest.
            newest.putIfAbsent(id, e.get(HealthFacts.TIME_UTC) + " " + id + ": " + e.get(HealthFacts.MESSAGE));
        }
        latest.addAll(newest.values());
        Map<String, Object> observed = Verdict.values("checkhealthRan", ran,
                "checkhealthExitCode", f.get(HealthFacts.CHECKHEALTH_EXIT_CODE), "sinceUtc", f.get(HealthFacts.SINCE_UTC),
                "errors", errors, "latest", latest);
        Map<String, Object> expected = Verdict.values("errors", Map.of());
        if (f.get(HealthFacts.QUERY_ERROR) != null) {
            return Verdict.undecided(observed, "cannot read the Application log: " + f.get(HealthFacts.QUERY_ERROR));
        }
        if (args.bool("checkhealth") && !ran) {
            return Verdict.undecided(observed, "wsusutil checkhealth could not run: " + f.get(HealthFacts.CHECKHEALTH_ERROR));
        }
        if (f.get(HealthFacts.CHECKHEALTH_TIMED_OUT)) {
            return Verdict.undecided(observed, "wsusutil checkhealth did not finish within "
                    + args.integer("checkhealth_timeout_seconds") + " s");
        }
        String window = ran ? "when wsusutil checkhealth ran" : "in the last " + args.integer("hours") + " h";
        if (errors.isEmpty()) {
            return Verdict.ok(observed, expected, "no health monitor errors " + window);
        }
        List<String> parts = new ArrayList<>();
        errors.forEach((id, n) -> parts.add(id + " x" + n + hint(Long.parseLong(id))));
        return Verdict.drift(observed, expected, "health monitor errors " + window + ": " + String.join(", ", parts));
    }

    /** Where to look next, by id (the web-service mapping of 12012-12052 is community-reported: catalog 6.3). */
    private static String hint(long id) {
        if (id == 12072) {
            return " (content directory: its share and NTFS permissions)";
        }
        if (id == 13042) {
            return " (Selfupdate: see wsus.selfupdate)";
        }
        return " (a WSUS web service: see the site, pool and http.status checks)";
    }
}
