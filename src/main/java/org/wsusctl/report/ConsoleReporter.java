package org.wsusctl.report;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunListener;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

/**
 * What a person sees on stdout during and after a run. Live mode (a terminal, no {@code --no-progress})
 * redraws one progress line with {@code \r}, at most {@link #REDRAW_INTERVAL} apart; otherwise one plain
 * line per host as it finishes, which reads well in CI logs. {@link #printRecap} groups drift and failures by
 * step. Thread-safe: hosts finish on many threads.
 */
public final class ConsoleReporter implements RunListener {
    static final Duration REDRAW_INTERVAL = Duration.ofMillis(100);
    /** Host names listed in one recap line before the rest are counted instead. */
    static final int MAX_NAMES = 8;
    /** Distinct values shown under one step in the recap before pointing at {@code --diff}. */
    static final int MAX_VALUES = 5;
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final boolean live;
    private final Clock clock;

    private Instant started;
    private Instant lastDraw;
    private int total;
    private int done;
    private int drifted;
    private int fixed;
    private int failed;
    private int unreachable;
    private int notStarted;
    private int lastLineLength;
    private boolean lineOpen;

    /** Hosts the simulator serves, known before any result (results carry it only once the run ends). */
    private volatile Set<String> simulatedHosts = Set.of();

    /** @param live redraw a progress line (stdout is a terminal and {@code --no-progress} was not given) */
    public ConsoleReporter(PrintStream out, boolean live, Clock clock) {
        this(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), false), live, clock);
    }

    public ConsoleReporter(PrintWriter out, boolean live, Clock clock) {
        this.out = out;
        this.live = live;
        this.clock = clock;
    }

    @Override
    public synchronized void runStarted(Mode mode, int hosts) {
        started = clock.instant();
        total = hosts;
        if (live) {
            draw(true);
        }
    }

    @Override
    public synchronized void hostFinished(HostResult host) {
        done++;
        switch (host.status()) {
            case DRIFTED -> drifted++;
            case FIXED -> fixed++;
            case FAILED -> failed++;
            case UNREACHABLE -> unreachable++;
            case NOT_STARTED -> notStarted++;
            default -> { }
        }
        if (live) {
            draw(false);
        } else {
            println(hostLine(host, simulatedHosts.contains(host.name())));
            out.flush();
        }
    }

    @Override
    public synchronized void runFinished(RunResult result) {
        if (live) {
            draw(true);
            endLine();
        }
    }

    /**
     * Drift and failures grouped by step with the hosts they hit, unreachable hosts with their reasons,
     * then the one-line summary. With {@code diff}, every drift and fix per host and step as well.
     */
    public synchronized void printRecap(RunResult run, boolean diff) {
        endLine();
        boolean apply = run.mode() == Mode.APPLY;
        section("drift" + (apply ? " (not fixed)" : ""), run, StepStatus.DRIFT, true);
        section("blocked (judged once their cause is fixed)", run, StepStatus.BLOCKED, true);
        section("fixed", run, StepStatus.FIXED, true);
        section("failed", run, StepStatus.FAILED, false);
        section("unknown (a fix stopped mid-way; check these hosts by hand)", run, StepStatus.UNKNOWN, false);
        List<HostResult> down = run.hosts().stream().filter(h -> h.status() == HostStatus.UNREACHABLE).toList();
        if (!down.isEmpty()) {
            println("unreachable: " + hostCount(down.size()));
            for (HostResult h : down) {
                println("  " + h.name() + ": " + (h.message() == null ? "no answer" : h.message()));
            }
        }
        for (HostResult h : run.hosts()) {
            if (h.status() == HostStatus.FAILED && h.message() != null
                    && h.steps().stream().noneMatch(s -> s.status() == StepStatus.FAILED)) {
                println("failed: " + h.name() + ": " + h.message());
            }
        }
        notStartedSection(run);
        if (diff) {
            printDiff(run);
        }
        if (run.interrupted()) {
            println("interrupted: not every host finished; the results above are partial");
        }
        if (run.stoppedEarly()) {
            println("stopped early: " + run.stopReason().map(r -> r.message()).orElse("some hosts were not started")
                    + "; hosts not started were not contacted");
        }
        long simulated = run.hosts().stream().filter(h -> h.simulated().isPresent()).count();
        println(run.summary().line() + (simulated == 0 ? "" : " (" + simulated + " simulated)"));
        out.flush();
    }

    /**
     * Fixes that earlier runs started and never finished (from the journal): what may be half-applied, per
     * host, and what this run found for each step since.
     */
    public synchronized void printOpenEntries(List<Journal.OpenEntry> open, java.nio.file.Path journal) {
        printOpenEntries(open, "the journal " + journal);
    }

    /** As {@link #printOpenEntries(List, java.nio.file.Path)}; {@code journals} names where they were found. */
    public synchronized void printOpenEntries(List<Journal.OpenEntry> open, String journals) {
        if (open.isEmpty()) {
            return;
        }
        endLine();
        Map<String, List<Journal.OpenEntry>> byHost = new LinkedHashMap<>();
        open.forEach(e -> byHost.computeIfAbsent(e.host(), k -> new ArrayList<>()).add(e));
        println("cut off in an earlier run (" + journals + " has no end for these fixes; they may be"
                + " half-applied): " + hostCount(byHost.size()));
        byHost.forEach((host, entries) -> {
            for (Journal.OpenEntry e : entries) {
                println("  " + host + ": " + e.step() + " (" + e.module() + "), started " + e.time() + " by run "
                        + e.run() + "; " + (e.now() == null ? "not checked by this run: check this host by hand"
                                : "this run found it " + e.now()));
            }
        });
        out.flush();
    }

    /** Hosts never started, grouped by why (an interrupt, --fail-fast, max_fail_percentage). */
    private void notStartedSection(RunResult run) {
        Map<String, List<String>> byWhy = new LinkedHashMap<>();
        for (HostResult h : run.hosts()) {
            if (h.status() == HostStatus.NOT_STARTED) {
                String why = h.message() == null ? "" : h.message().replaceFirst("^not started: ", "");
                byWhy.computeIfAbsent(why, k -> new ArrayList<>()).add(h.name());
            }
        }
        byWhy.forEach((why, names) -> println("not started (" + why + "): " + hostCount(names.size()) + ": "
                + names(names)));
    }

    private void section(String title, RunResult run, StepStatus status, boolean byValue) {
        // step -> hosts, keeping the order in which steps first appear
        Map<String, List<String>> hosts = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> detail = new LinkedHashMap<>();
        Map<String, Boolean> approval = new LinkedHashMap<>();
        Map<String, Integer> blocks = new LinkedHashMap<>();
        for (HostResult h : run.hosts()) {
            Map<String, List<StepResult>> blockedBy = blockedByRoot(h);
            for (StepResult s : h.steps()) {
                if (s.status() != status) {
                    continue;
                }
                String key = stepLabel(s);
                hosts.computeIfAbsent(key, k -> new ArrayList<>()).add(h.name());
                approval.merge(key, s.needsApproval(), Boolean::logicalOr);
                List<StepResult> blocked = blockedBy.get(s.step());
                if (blocked != null) {
                    blocks.merge(key, blocked.size(), Integer::sum);
                }
                String what = byValue ? Change.line(Change.of(s)) : null;
                if (status == StepStatus.BLOCKED) {
                    what = "by " + String.join(", ", s.blockedBy()) + (what.isEmpty() ? "; not checked" : "; seen " + what);
                }
                if (what == null || what.isEmpty()) {
                    what = s.message() == null ? "" : s.message();
                }
                detail.computeIfAbsent(key, k -> new LinkedHashMap<>())
                        .computeIfAbsent(what, k -> new ArrayList<>()).add(h.name());
            }
        }
        if (hosts.isEmpty()) {
            return;
        }
        println(title + ":");
        for (Map.Entry<String, List<String>> e : hosts.entrySet()) {
            List<String> names = e.getValue();
            Integer blocked = blocks.get(e.getKey());
            println("  " + e.getKey() + (approval.get(e.getKey()) ? " (needs approve: true)" : "") + ": "
                    + hostCount(names.size()) + ": " + names(names)
                    + (blocked == null ? "" : " [root cause: blocks " + blocked + (blocked == 1 ? " step]" : " steps]")));
            int shown = 0;
            Map<String, List<String>> values = detail.get(e.getKey());
            for (Map.Entry<String, List<String>> v : values.entrySet()) {
                if (v.getKey().isEmpty()) {
                    continue;
                }
                if (shown == MAX_VALUES) {
                    println("    ... " + (values.size() - shown) + " more distinct values (see --diff)");
                    break;
                }
                String who = values.size() == 1 ? "" : " (" + names(v.getValue()) + ")";
                println("    " + v.getKey() + who);
                shown++;
            }
        }
    }

    private void printDiff(RunResult run) {
        boolean any = false;
        for (HostResult h : run.hosts()) {
            for (StepResult s : h.steps()) {
                if (s.status() != StepStatus.DRIFT && s.status() != StepStatus.FIXED
                        && !(s.status() == StepStatus.FAILED && s.after() != null)) {
                    continue;
                }
                if (!any) {
                    println("diff:");
                    any = true;
                }
                println("  " + h.name() + " | " + stepLabel(s) + " | " + s.status().json());
                List<Change> changes = Change.of(s);
                if (changes.isEmpty()) {
                    println("      before " + Values.text(Values.redact(s.before())));
                }
                for (Change c : changes) {
                    println("      " + c);
                }
            }
        }
    }

    private static String stepLabel(StepResult s) {
        return (s.handler() ? "handler " : "") + s.step();
    }

    private static String hostCount(int n) {
        return n + (n == 1 ? " host" : " hosts");
    }

    /** {@code a, b, c} or, past {@link #MAX_NAMES}, {@code a, b, ... (+12 more)}. */
    static String names(List<String> names) {
        if (names.size() <= MAX_NAMES) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_NAMES)) + ", ... (+" + (names.size() - MAX_NAMES)
                + " more)";
    }

    /**
     * A host's blocked steps by the step that blocks them, in step order: indexed in one pass, because a host line
     * and the recap ask for every step's blocked steps, and finding them by scanning the host's steps each time
     * made printing quadratic in a long playbook's steps. Every root a step names is a key (the host's
     * {@link HostResult#rootCauses}), with the steps it blocks, possibly none.
     */
    private static Map<String, List<StepResult>> blockedByRoot(HostResult h) {
        Map<String, List<StepResult>> index = new java.util.HashMap<>();
        for (StepResult s : h.steps()) {
            for (String root : s.blockedBy()) {
                List<StepResult> blocked = index.computeIfAbsent(root, k -> new ArrayList<>());
                // a step names a root once, but a duplicate must not count one blocked step twice
                if (s.status() == StepStatus.BLOCKED && (blocked.isEmpty() || blocked.get(blocked.size() - 1) != s)) {
                    blocked.add(s);
                }
            }
        }
        return index;
    }

    /** A blocked step in a host line: its name and what was seen, or that it was not checked. */
    private static String blockedDetail(StepResult s) {
        String seen = s.before() == null ? "" : Change.line(Change.between(s.before(), s.expected()));
        return stepLabel(s) + " (" + (seen.isEmpty() ? "not checked" : seen) + ")";
    }

    /** Marks these hosts' lines {@code [simulated]} as they finish. */
    public void markSimulated(Collection<String> hosts) {
        simulatedHosts = Set.copyOf(hosts);
    }

    /**
     * The plain per-host line, leading with the cause: {@code wsus03 drifted 1 step: WsusPool is started (state
     * Stopped -> Started) -> blocks 2 steps: the client web service answers 200 (status 503 -> 200), ...}.
     */
    static String hostLine(HostResult h) {
        return hostLine(h, false);
    }

    /**
     * @param simulated the host is served by the simulator: it says so wherever it is named alone (issue 14,
     *                  finding 8), so a lab never passes for a server
     */
    static String hostLine(HostResult h, boolean simulated) {
        String name = h.name() + (simulated || h.simulated().isPresent() ? " [simulated]" : "");
        if (h.status() == HostStatus.UNREACHABLE) {
            return name + " unreachable: " + (h.message() == null ? "no answer" : h.message());
        }
        if (h.status() == HostStatus.COMPLIANT) {
            return name + " compliant";
        }
        if (h.status() == HostStatus.NOT_STARTED) {
            return name + " " + (h.message() == null ? "not started" : h.message());
        }
        StepStatus interesting = switch (h.status()) {
            case DRIFTED -> StepStatus.DRIFT;
            case FIXED -> StepStatus.FIXED;
            default -> StepStatus.FAILED;
        };
        List<String> parts = new ArrayList<>();
        Map<String, List<StepResult>> blockedBy = blockedByRoot(h);
        for (StepResult s : h.steps()) {
            if (s.status() == interesting || (interesting == StepStatus.FAILED && s.status() == StepStatus.UNKNOWN)) {
                String changes = Change.line(Change.of(s));
                String detail = interesting == StepStatus.FAILED ? s.message() : changes;
                List<StepResult> blocked = blockedBy.getOrDefault(s.step(), List.of());
                parts.add(stepLabel(s) + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
                        + (s.needsApproval() ? " [needs approve: true]" : "")
                        + (blocked.isEmpty() ? "" : " -> blocks " + blocked.size()
                                + (blocked.size() == 1 ? " step: " : " steps: ")
                                + String.join(", ", blocked.stream().map(ConsoleReporter::blockedDetail).toList())));
            }
        }
        String line = name + " " + h.status().json() + " " + parts.size() + (parts.size() == 1 ? " step" : " steps");
        if (!parts.isEmpty()) {
            line += ": " + String.join("; ", parts);
        }
        if (h.status() == HostStatus.FAILED && h.message() != null && parts.isEmpty()) {
            line += ": " + h.message();
        }
        return line;
    }

    private void draw(boolean force) {
        Instant now = clock.instant();
        if (!force && lastDraw != null && Duration.between(lastDraw, now).compareTo(REDRAW_INTERVAL) < 0) {
            return;
        }
        lastDraw = now;
        String line = progressLine(now);
        StringBuilder sb = new StringBuilder("\r").append(line);
        // Blank out what is left of a longer previous line.
        for (int i = line.length(); i < lastLineLength; i++) {
            sb.append(' ');
        }
        lastLineLength = line.length();
        out.print(sb);
        out.flush();
        lineOpen = true;
    }

    String progressLine(Instant now) {
        int filled = total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total;
        long secs = started == null ? 0 : Math.max(0, Duration.between(started, now).toSeconds());
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total
                + " hosts  drifted " + drifted + "  fixed " + fixed + "  failed " + failed + "  unreachable "
                + unreachable + (notStarted > 0 ? "  not started " + notStarted : "") + "  "
                + String.format("%d:%02d", secs / 60, secs % 60);
    }

    /**
     * Prints one line of text that may carry what hosts sent (messages, excerpts of script output): control
     * characters become U+FFFD so a broken or hostile server cannot drive the operator's terminal or a CI log
     * with escape sequences, bells or NULs, nor break the one-line-per-host layout.
     */
    private void println(String line) {
        out.println(Values.printable(line));
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }
}
