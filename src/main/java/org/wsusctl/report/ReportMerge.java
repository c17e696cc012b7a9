package org.wsusctl.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StopReason;
import org.wsusctl.inventory.Shard;

/**
 * One fleet report from the JSON reports of the shards of one run ({@code report merge}): the hosts of all
 * shards, shard by shard, with the run's flags as one run would have them (interrupted if any shard was, the
 * first stop reason), and the open journal entries of all shards once each. It refuses, naming every problem at
 * once, a set that is not exactly the shards 1..N of one split of one fleet: reports that are not shard reports,
 * of other modes or playbooks, of another split or fleet selection, a shard given twice or missing, a host in two.
 */
public final class ReportMerge {
    /** Hosts named per refusal line before the rest are counted. */
    static final int MAX_NAMED = 10;

    private ReportMerge() { }

    /** The set of reports cannot be merged; each line says why, naming the files. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        Refused(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** The merged fleet report. */
    public record Merged(RunResult run, List<Journal.OpenEntry> open, FleetScope scope) { }

    public static Merged merge(List<ReportReader.Read> reports) throws Refused {
        if (reports.isEmpty()) {
            throw new Refused(List.of("no report to merge"));
        }
        List<String> problems = new ArrayList<>();
        List<Sharded> shards = new ArrayList<>();
        for (ReportReader.Read r : reports) {
            String f = r.file().toString();
            if (r.mergedAlready()) {
                problems.add(f + ": a merged report, not a shard's; give the shards' own reports");
            } else if (r.scope().isEmpty() || r.scope().get().shard().isEmpty()) {
                problems.add(f + ": not a shard's report (it records no shard: run audit/apply with --shard I/N)");
            } else {
                shards.add(new Sharded(r, r.scope().get(), r.scope().get().shard().get()));
            }
        }
        if (shards.isEmpty()) {
            throw new Refused(problems);
        }
        Sharded first = shards.get(0);
        String firstName = first.read().file().toString();
        for (Sharded s : shards.subList(1, shards.size())) {
            String f = s.read().file().toString();
            RunResult a = first.read().run();
            RunResult b = s.read().run();
            if (a.mode() != b.mode()) {
                problems.add(f + ": mode " + b.mode().json() + ", but " + firstName + " is " + a.mode().json()
                        + ": an audit and an apply cannot be merged");
            }
            if (!a.playbooks().equals(b.playbooks())) {
                problems.add(f + ": playbooks " + b.playbooks() + ", but " + firstName + " ran " + a.playbooks()
                        + ": every shard must run the same playbooks, given the same way");
            }
            if (s.shard().total() != first.shard().total() || !s.shard().by().equals(first.shard().by())) {
                problems.add(f + ": shard " + s.shard().describe() + ", but " + firstName + " is shard "
                        + first.shard().describe() + ": a different split of the fleet");
            } else if (s.scope().selectedHosts() != first.scope().selectedHosts()
                    || !Objects.equals(s.scope().selectionDigest(), first.scope().selectionDigest())) {
                problems.add(f + ": a different fleet selection (" + s.scope().selectedHosts() + " hosts, "
                        + s.scope().selectionDigest() + ") from " + firstName + "'s (" + first.scope().selectedHosts()
                        + " hosts, " + first.scope().selectionDigest() + "): every shard must be run with the same"
                        + " inventory, --limit and --shard-by");
            }
        }
        int total = first.shard().total();
        Map<Integer, List<Sharded>> byIndex = new TreeMap<>();
        shards.forEach(s -> byIndex.computeIfAbsent(s.shard().index(), k -> new ArrayList<>()).add(s));
        byIndex.forEach((index, given) -> {
            if (given.size() > 1) {
                problems.add("shard " + index + "/" + total + " is given " + given.size() + " times: "
                        + String.join(", ", given.stream().map(g -> g.read().file().toString()).toList()));
            }
        });
        List<String> missing = new ArrayList<>();
        for (int i = 1; i <= total; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i + "/" + total);
            }
        }
        if (!missing.isEmpty()) {
            problems.add((missing.size() == 1 ? "shard " + missing.get(0) + " is missing" : "shards "
                    + String.join(", ", missing) + " are missing") + " (given: " + String.join(", ",
                    byIndex.keySet().stream().map(i -> i + "/" + total).toList()) + ")");
        }
        // A host in two shards means the shards did not split one fleet the same way (a shard given twice is
        // said above, once, not once per host).
        Map<String, Map<Integer, String>> shardsOfHost = new LinkedHashMap<>();
        for (Sharded s : shards) {
            for (HostResult h : s.read().run().hosts()) {
                shardsOfHost.computeIfAbsent(h.name(), k -> new TreeMap<>()).putIfAbsent(s.shard().index(),
                        s.read().file() + " (shard " + s.shard().label() + ")");
            }
        }
        List<String> twice = new ArrayList<>();
        shardsOfHost.forEach((host, where) -> {
            if (where.size() > 1) {
                twice.add(host + " in " + String.join(" and ", where.values()));
            }
        });
        if (!twice.isEmpty()) {
            problems.add(twice.size() + (twice.size() == 1 ? " host is" : " hosts are") + " in more than one report: "
                    + String.join("; ", twice.subList(0, Math.min(MAX_NAMED, twice.size())))
                    + (twice.size() > MAX_NAMED ? "; and " + (twice.size() - MAX_NAMED) + " more" : ""));
        }
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
        return combine(shards);
    }

    private record Sharded(ReportReader.Read read, FleetScope scope, Shard shard) { }

    private static Merged combine(List<Sharded> given) {
        List<Sharded> shards = new ArrayList<>(given);
        shards.sort(Comparator.comparingInt(s -> s.shard().index()));
        List<HostResult> hosts = new ArrayList<>();
        List<FleetScope.Part> parts = new ArrayList<>();
        Instant started = null;
        Instant finished = null;
        boolean anyUnfinished = false;
        boolean interrupted = false;
        boolean stoppedEarly = false;
        Optional<StopReason> reason = Optional.empty();
        for (Sharded s : shards) {
            RunResult r = s.read().run();
            hosts.addAll(r.hosts());
            parts.add(new FleetScope.Part(s.read().file().toString(), s.shard().index(), r.hosts().size(), r.started(),
                    r.finished(), r.interrupted(), r.stopReason()));
            started = r.started() == null ? started : started == null || r.started().isBefore(started) ? r.started() : started;
            anyUnfinished |= r.finished() == null;
            finished = r.finished() == null ? finished
                    : finished == null || r.finished().isAfter(finished) ? r.finished() : finished;
            interrupted |= r.interrupted();
            stoppedEarly |= r.stoppedEarly();
            if (reason.isEmpty() && r.stopReason().isPresent()) {
                StopReason why = r.stopReason().get();
                reason = Optional.of(new StopReason(why.kind(), "shard " + s.shard().label() + ": " + why.message()));
            }
        }
        RunResult first = shards.get(0).read().run();
        RunResult run = new RunResult(first.mode(), first.playbooks(), started, anyUnfinished ? null : finished, hosts,
                interrupted, stoppedEarly, reason);
        FleetScope scope0 = shards.get(0).scope();
        Shard shard0 = shards.get(0).shard();
        FleetScope scope = new FleetScope(scope0.selectedHosts(), scope0.selectionDigest(), Optional.empty(),
                Optional.of(new FleetScope.Merged(shard0.total(), shard0.by(), parts)));
        return new Merged(run, openEntries(shards), scope);
    }

    /**
     * Each shard lists what its journal held; shards that shared one journal list the same entries, and only
     * the shard that ran a host knows what it found since ({@code now}): one entry each, with that finding.
     */
    private static List<Journal.OpenEntry> openEntries(List<Sharded> shards) {
        Map<List<Object>, Journal.OpenEntry> byEntry = new LinkedHashMap<>();
        for (Sharded s : shards) {
            for (Journal.OpenEntry e : s.read().open()) {
                List<Object> key = java.util.Arrays.asList(e.run(), e.time(), e.host(), e.module(), e.step());
                Journal.OpenEntry seen = byEntry.get(key);
                if (seen == null || seen.now() == null && e.now() != null) {
                    byEntry.put(key, e);
                }
            }
        }
        return List.copyOf(byEntry.values());
    }
}
