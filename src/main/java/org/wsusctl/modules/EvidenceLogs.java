package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.contract.EvidenceFacts;
import org.wsusctl.contract.Facts;

/**
 * {@code evidence.logs}: the SoftwareDistribution.log tail and recent WSUS/WAS error events into the report (the
 * tips article points at both; wsus-catalog.md 6.3, 6.4). Always ok when read: evidence, not a finding.
 */
final class EvidenceLogs implements CheckModule {

    @Override
    public String name() {
        return "evidence.logs";
    }

    @Override
    public String summary() {
        return "SoftwareDistribution.log tail and recent WSUS/WAS error events, into the report";
    }

    @Override
    public String symptom() {
        return "any WSUS message: the tips article points at SoftwareDistribution.log and the event logs";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.integer("lines", 20L, 1, 500, "log lines and events to keep, at most"),
                ArgSpec.integer("max_bytes", 8000L, 256, 65536, "characters of excerpt to keep, at most"),
                ArgSpec.integer("hours", 24L, 1, 720, "how far back to read the event logs"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public Phase phase() {
        return Phase.EVIDENCE;
    }

    private static FactRequest evidence(ModuleArgs args) {
        return new FactRequest(EvidenceFacts.SECTION, Map.of("lines", args.integer("lines"),
                "max_bytes", args.integer("max_bytes"), "hours", args.integer("hours")));
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(evidence(args));
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> read = Read.facts(facts, evidence(args));
        if (read.isEmpty()) {
            return Read.unreadable(facts, evidence(args));
        }
        Facts f = read.get();
        List<String> events = f.get(EvidenceFacts.EVENTS).stream().map(e -> e.get(EvidenceFacts.TIME_UTC) + " "
                + e.get(EvidenceFacts.PROVIDER) + " " + e.get(EvidenceFacts.ID) + ": " + e.get(EvidenceFacts.MESSAGE))
                .toList();
        List<String> tail = f.get(EvidenceFacts.LOG_TAIL);
        Map<String, Object> observed = Verdict.values("logFile", f.get(EvidenceFacts.LOG_FILE),
                "logPresent", f.get(EvidenceFacts.LOG_PRESENT), "logTail", tail, "eventErrors", events,
                "queryErrors", f.get(EvidenceFacts.QUERY_ERRORS), "truncated", f.get(EvidenceFacts.TRUNCATED));
        return Verdict.ok(observed, null, tail.size() + " log lines, " + events.size() + " error events in the last "
                + args.integer("hours") + " h");
    }
}
