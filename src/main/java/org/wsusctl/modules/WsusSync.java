package org.wsusctl.modules;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.ApiFacts;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.SyncFacts;

/**
 * {@code wsus.sync}: the last synchronization succeeded within {@code max_age_hours} (wsus-catalog.md 6.2).
 * Failed, Canceled, Unknown and NeverRun drift; a sync that is running excuses only the age, never a failure
 * before it. Ages are measured on the host's own clock. Report only: starting a sync is approval work that
 * ConfigMgr-managed servers must never get.
 */
final class WsusSync implements CheckModule {
    static final FactRequest SYNC = FactRequest.of(SyncFacts.SECTION);

    @Override
    public String name() {
        return "wsus.sync";
    }

    @Override
    public String summary() {
        return "the last WSUS synchronization succeeded and is recent (report only)";
    }

    @Override
    public String symptom() {
        return "message 6703: synchronization fails (often with HTTP 503 from the WSUS pool)";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(ArgSpec.integer("max_age_hours", 48L, 1, 8760, "oldest acceptable successful sync, in hours"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public Phase phase() {
        return Phase.SYNC;
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(SYNC);
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
        long max = args.integer("max_age_hours");
        String errorText = f.get(SyncFacts.ERROR_TEXT);
        Map<String, Object> observed = Verdict.values("result", result, "endUtc", f.get(SyncFacts.END_UTC),
                "ageHours", age == null ? null : age == Math.rint(age) ? (Object) age.longValue() : age,
                "runningNow", running, "errorText", errorText);
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
