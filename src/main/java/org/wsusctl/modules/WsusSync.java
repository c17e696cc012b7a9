package org.wsusctl.modules;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.ApiFacts;
import org.wsusctl.contract.ConfigMgrFacts;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.SyncFacts;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code wsus.sync}: the last synchronization succeeded within {@code max_age_hours} (wsus-catalog.md 6.2).
 * Failed, Canceled, Unknown and NeverRun drift; a sync that is running excuses only the age, never a failure
 * before it. Ages are measured on the host's own clock. The fix, with {@code approve: true} only, starts one
 * synchronization when none runs and the API connects, and waits, bounded, for its result (the tips article: watch a
 * synchronization once the 503 is fixed). Never on a Configuration Manager software update point (catalog 8): there
 * ConfigMgr's sync manager owns synchronizations, so the verdict points at SMS_WSUS_SYNC_MANAGER, wcm.log and
 * wsyncmgr.log instead.
 */
final class WsusSync implements CheckModule {
    static final FactRequest SYNC = FactRequest.of(SyncFacts.SECTION);
    static final FactRequest CONFIGMGR = FactRequest.of(ConfigMgrFacts.SECTION);
    private static final PsScript<Mutating> FIX = PsScript.fix("wsus.sync.fix");
    /** Where the tips article sends ConfigMgr users after the pool fix (catalog 8); the logs are on the site server. */
    static final String CONFIGMGR_POINTER = "this WSUS is a Configuration Manager software update point: ConfigMgr"
            + " owns its synchronizations, so wsusctl never starts one here; check the SMS_WSUS_SYNC_MANAGER component"
            + " status, wcm.log and wsyncmgr.log on the site server";

    @Override
    public String name() {
        return "wsus.sync";
    }

    @Override
    public String summary() {
        return "the last WSUS synchronization succeeded and is recent; with approve: true, starts one and waits for it"
                + " (never on a ConfigMgr software update point)";
    }

    @Override
    public String symptom() {
        return "message 6703: synchronization fails (often with HTTP 503 from the WSUS pool)";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.integer("max_age_hours", 48L, 1, 8760, "oldest acceptable successful sync, in hours"),
                ArgSpec.integer("wait_seconds", 180L, 10, 3600, "the approved fix waits at most this long for the"
                        + " synchronization it started (keep it below the run's --timeout); still running then = unknown"),
                ArgSpec.choice("configmgr", "detect", List.of("detect", "managed"), "detect: a ConfigMgr software"
                        + " update point is recognized by its registry; managed: treat this host as one (never sync)"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.APPROVAL;
    }

    @Override
    public Phase phase() {
        return Phase.SYNC;
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        // The sync section first: `wsusctl script wsus.sync` prints them in this order, and readers take the first.
        return List.of(SYNC, CONFIGMGR);
    }

    /**
     * Whether Configuration Manager owns this server's synchronizations: said so by the step, or its WSUS Control
     * Manager's registry keys exist; empty when the registry could not be read (then no sync is started either).
     */
    static Optional<Boolean> configMgr(ModuleArgs args, FactSet facts) {
        if ("managed".equals(args.string("configmgr"))) {
            return Optional.of(true);
        }
        return Read.facts(facts, CONFIGMGR).map(f -> f.get(ConfigMgrFacts.CONTROL_MANAGER) || f.get(ConfigMgrFacts.TRACING));
    }

    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Needs.api();
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<SectionResult.Gathered> g = Read.gathered(facts, SYNC);
        if (g.isEmpty()) {
            return Read.unreadable(facts, SYNC);
        }
        Facts f = g.get().facts();
        if (!f.get(ApiFacts.TOOLS)) {
            return Verdict.unreadable(ApiTools.MISSING);
        }
        if (!f.get(ApiFacts.CONNECTED)) {
            return Verdict.unreadable("cannot connect to the WSUS API: " + f.get(ApiFacts.ERROR));
        }
        String result = String.valueOf(f.get(SyncFacts.RESULT));
        String running = f.get(SyncFacts.RUNNING);
        boolean isRunning = running != null && !running.equals("NotProcessing");
        Double age = ageHours(f.get(SyncFacts.END_UTC), g.get().collectedUtc());
        String errorText = f.get(SyncFacts.ERROR_TEXT);
        Optional<Boolean> sup = configMgr(args, facts);
        Map<String, Object> observed = Verdict.values("result", result, "endUtc", f.get(SyncFacts.END_UTC),
                "ageHours", age == null ? null : age == Math.rint(age) ? (Object) age.longValue() : age,
                "runningNow", running, "errorText", errorText, "configMgr", sup.orElse(null));
        Verdict v = judge(result, isRunning, age, args.integer("max_age_hours"), errorText, observed);
        return v.kind() == Verdict.Kind.DRIFT && sup.orElse(false)
                ? new Verdict(v.kind(), v.observed(), v.expected(), v.message() + "; " + CONFIGMGR_POINTER, v.conditions())
                : v;
    }

    private static Verdict judge(String result, boolean isRunning, Double age, long max, String errorText,
            Map<String, Object> observed) {
        Map<String, Object> expected = Verdict.values("result", "Succeeded", "ageHours", "<= " + max);
        String now = isRunning ? "; a synchronization is running now" : "";
        switch (result) {
            case "Succeeded":
                if (age != null && age <= max) {
                    return Verdict.ok(observed, expected, "last sync succeeded " + text(age) + " h ago" + now);
                }
                if (isRunning) {
                    return Verdict.ok(observed, expected, "a synchronization is running (the last success is "
                            + text(age) + " h old)");
                }
                return Verdict.drift(observed, expected, "last successful sync is " + text(age) + " h old (max "
                        + max + " h)");
            case "NeverRun":
                return isRunning ? Verdict.ok(observed, expected, "the first synchronization is running")
                        : Verdict.drift(observed, expected, "WSUS has never synchronized");
            default:
                return Verdict.drift(observed, expected, "last sync " + result
                        + (errorText == null || errorText.isEmpty() ? "" : ": " + errorText)
                        + (age == null ? "" : " (" + text(age) + " h ago)") + now);
        }
    }

    @Override
    public List<PsScript<Mutating>> fixScripts() {
        return List.of(FIX);
    }

    /**
     * One synchronization, in the last phase, only when the API connects, none is running, and the registry says
     * (readably) that ConfigMgr does not own this server; the script keeps the same guards.
     */
    @Override
    public List<FixPlan> plan(ModuleArgs args, FactSet facts) {
        Optional<Facts> f = Read.facts(facts, SYNC);
        if (f.isEmpty() || !f.get().get(ApiFacts.CONNECTED) || configMgr(args, facts).orElse(true)) {
            return List.of();
        }
        String running = f.get().get(SyncFacts.RUNNING);
        if (running == null || !running.equals("NotProcessing")) {
            return List.of();
        }
        return List.of(new FixPlan(Phase.SYNC, new ScriptCall<>(FIX, Map.of("wait_seconds", args.integer("wait_seconds")))));
    }

    /** A synchronization still running when the fix stopped waiting has no result yet: never {@code fixed}. */
    @Override
    public boolean settled(UnitResult.Fix r) {
        return !"still_running".equals(r.reason());
    }

    /**
     * Reasons: {@code still_running} (detail: the seconds waited), {@code sync_failed} / {@code sync_canceled}
     * (detail: the sync's error text), {@code already_running}, {@code configmgr_managed}, {@code api_unavailable}.
     */
    @Override
    public String describeFix(UnitResult.Fix r) {
        return switch (r.outcome()) {
            case CHANGED -> "still_running".equals(r.reason())
                    ? "a synchronization was started and is still running after " + r.detail() + " s; its result is not"
                            + " known yet (watch it in the WSUS console or SoftwareDistribution.log)"
                    : "a synchronization ran and succeeded";
            case UNCHANGED -> "nothing to start";
            case REFUSED -> switch (r.reason()) {
                case "configmgr_managed" -> "not started: " + CONFIGMGR_POINTER;
                case "already_running" -> "not started: a synchronization is already running";
                default -> "not started: the WSUS API does not connect (" + r.detail() + ")";
            };
            case FAILED -> "a synchronization ran and ended " + r.after().get("result")
                    + (r.detail().isEmpty() ? "" : ": " + r.detail());
        };
    }

    /** Hours between the sync's end and the host's clock, to one decimal; null when it never ended. */
    static Double ageHours(String endUtc, Instant hostNow) {
        if (endUtc == null) {
            return null;
        }
        try {
            double h = Duration.between(Instant.parse(endUtc), hostNow).toMillis() / 3_600_000.0;
            return Math.round(h * 10) / 10.0;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(Double d) {
        return d == null ? "?" : d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(d);
    }
}
