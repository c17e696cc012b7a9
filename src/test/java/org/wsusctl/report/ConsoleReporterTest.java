package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepStatus;

class ConsoleReporterTest {
    private final StringWriter buf = new StringWriter();
    private final MutableClock clock = new MutableClock(Fleet.T0);

    private ConsoleReporter reporter(boolean live) {
        return new ConsoleReporter(new PrintWriter(buf), live, clock);
    }

    private List<String> lines() {
        return List.of(buf.toString().split("\n"));
    }

    @Test
    void plainModePrintsOneLinePerHostAsItFinishes() {
        ConsoleReporter c = reporter(false);
        RunResult run = Fleet.mixed(Mode.AUDIT);
        c.runStarted(Mode.AUDIT, run.hosts().size());
        run.hosts().forEach(c::hostFinished);
        c.runFinished(run);
        List<String> l = lines();
        assertEquals(7, l.size());
        assertEquals("wsus01 compliant", l.get(0));
        assertEquals("wsus03 [simulated] drifted 3 steps: WsusPool is started (state Stopped -> Started); "
                + "WsusPool private memory limit (private_memory_kb 1843200 -> 4000000); "
                + "setup account is SQL sysadmin (sysadmins [\"BUILTIN\\\\Administrators\"] -> "
                + "[\"BUILTIN\\\\Administrators\",\"CORP\\\\svc-wsus\"]) [needs approve: true]", l.get(1));
        assertEquals("wsus04 [simulated] fixed 3 steps: WsusPool is started (state Stopped -> Started); "
                + "WsusPool private memory limit (private_memory_kb 1843200 -> 4000000); "
                + "handler recycle WsusPool (recycled false -> true)", l.get(2));
        assertEquals("wsus05-ünïcødé failed 2 steps: WsusPool private memory limit "
                + "(limit 1843200 KB is below 4000000 KB); setup account is SQL sysadmin (timed out mid-fix)",
                l.get(3));
        assertEquals("wsus09 unreachable: connection refused at https://wsus09.corp.example:5986/wsman "
                + Fleet.SCRIPT, l.get(5));
        assertFalse(buf.toString().contains("\r"), "no carriage returns in CI logs");
    }

    @Test
    void aSimulatedHostIsMarkedOnItsLine() {
        ConsoleReporter c = reporter(false);
        RunResult run = Fleet.mixed(Mode.AUDIT);
        List<HostResult> hosts = new java.util.ArrayList<>(run.hosts());
        hosts.set(0, hosts.get(0).withSimulated(new org.wsusctl.engine.SimStats(5, 0)));
        RunResult mixed = run.withHosts(hosts);
        c.runStarted(Mode.AUDIT, hosts.size());
        hosts.forEach(c::hostFinished);
        c.runFinished(mixed);
        List<String> l = lines();
        assertEquals("wsus01 [simulated] compliant", l.get(0));
        assertFalse(l.get(4).contains("[simulated]"), "a real host is not marked: " + l.get(4));
    }

    @Test
    void recapGroupsByStepAbbreviatesLongHostListsAndEndsWithTheSummary() {
        List<HostResult> hosts = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            hosts.add(Fleet.host(String.format("wsus%02d", i), HostStatus.DRIFTED, null,
                    List.of(Fleet.memory(StepStatus.DRIFT, 1843200)), null));
        }
        hosts.add(Fleet.host("wsus15", HostStatus.DRIFTED, null, List.of(Fleet.memory(StepStatus.DRIFT, 2000000)),
                null));
        hosts.add(Fleet.host("wsus16", HostStatus.UNREACHABLE, "auth rejected (401)", List.of(), null));
        hosts.add(Fleet.host("wsus17", HostStatus.FAILED, null,
                List.of(Fleet.memory(StepStatus.FAILED, 1843200)), null));
        RunResult run = new RunResult(Mode.AUDIT, List.of(Fleet.PB), Fleet.T0, Fleet.T0, hosts, false, false);
        reporter(false).printRecap(run, false);
        assertEquals(List.of(
                "drift:",
                "  WsusPool private memory limit: 15 hosts: wsus01, wsus02, wsus03, wsus04, wsus05, wsus06, "
                        + "wsus07, wsus08, ... (+7 more)",
                "    private_memory_kb 1843200 -> 4000000 (wsus01, wsus02, wsus03, wsus04, wsus05, wsus06, "
                        + "wsus07, wsus08, ... (+6 more))",
                "    private_memory_kb 2000000 -> 4000000 (wsus15)",
                "failed:",
                "  WsusPool private memory limit: 1 host: wsus17",
                "    limit 1843200 KB is below 4000000 KB",
                "unreachable: 1 host",
                "  wsus16: auth rejected (401)",
                "hosts=17 compliant=0 drifted=15 fixed=0 failed=1 unreachable=1"), lines());
    }

    @Test
    void recapShowsFixesApprovalsUnknownAndTheDiffWhenAsked() {
        reporter(false).printRecap(Fleet.mixed(Mode.APPLY), true);
        String out = buf.toString();
        assertTrue(out.contains("fixed:\n  WsusPool is started: 1 host: wsus04\n    state Stopped -> Started\n"), out);
        assertTrue(out.contains("  setup account is SQL sysadmin (needs approve: true): 1 host: wsus03\n"), out);
        assertTrue(out.contains("unknown (a fix stopped mid-way; check these hosts by hand):\n"
                + "  setup account is SQL sysadmin: 1 host: wsus05-ünïcødé\n    timed out mid-fix\n"), out);
        assertTrue(out.contains("diff:\n  wsus03 | WsusPool is started | drift\n      state Stopped -> Started\n"),
                out);
        assertTrue(out.contains("  wsus04 | handler recycle WsusPool | fixed\n      recycled false -> true\n"), out);
        assertTrue(out.endsWith("hosts=7 compliant=1 drifted=2 fixed=1 failed=1 unreachable=2 (3 simulated)\n"), out);
    }

    @Test
    void liveModeRedrawsOneLineAtMostTenTimesASecond() {
        ConsoleReporter c = reporter(true);
        c.runStarted(Mode.AUDIT, 50);
        HostResult drifted = Fleet.host("a", HostStatus.DRIFTED, null, List.of(), null);
        for (int i = 0; i < 20; i++) {
            c.hostFinished(drifted);
        }
        assertEquals(1, count(buf.toString(), '\r'), "hosts finishing within 100 ms share one redraw");
        clock.advance(Duration.ofMillis(100));
        c.hostFinished(Fleet.host("b", HostStatus.UNREACHABLE, "x", List.of(), null));
        clock.advance(Duration.ofSeconds(65));
        c.hostFinished(Fleet.host("c", HostStatus.FAILED, "x", List.of(), null));
        assertEquals(3, count(buf.toString(), '\r'));
        assertFalse(buf.toString().contains("\n"), "the progress line is redrawn in place");
        String last = buf.toString().substring(buf.toString().lastIndexOf('\r') + 1);
        assertEquals("[########............] 22/50 hosts  drifted 20  fixed 0  failed 1  unreachable 1  1:05", last);
        c.runFinished(Fleet.mixed(Mode.AUDIT));
        assertTrue(buf.toString().endsWith("1:05\n"));
    }

    @Test
    void countsStayRightWhenHostsFinishOnManyThreads() throws InterruptedException {
        ConsoleReporter c = reporter(true);
        c.runStarted(Mode.APPLY, 800);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 800; i++) {
            HostStatus st = HostStatus.values()[i % 5];
            pool.execute(() -> c.hostFinished(Fleet.host("h", st, null, List.of(), null)));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals("[####################] 800/800 hosts  drifted 160  fixed 160  failed 160  unreachable 160  0:00",
                c.progressLine(clock.instant()));
    }

    private static int count(String s, char ch) {
        return (int) s.chars().filter(x -> x == ch).count();
    }

    /** A host's steps that count how often the reporter reads one: the work of printing, counted instead of timed. */
    private static final class CountingSteps extends java.util.AbstractList<org.wsusctl.engine.StepResult> {
        private final List<org.wsusctl.engine.StepResult> steps;
        long reads;

        CountingSteps(List<org.wsusctl.engine.StepResult> steps) {
            this.steps = steps;
        }

        @Override
        public org.wsusctl.engine.StepResult get(int i) {
            reads++;
            return steps.get(i);
        }

        @Override
        public int size() {
            return steps.size();
        }
    }

    /**
     * Step reads to print the host line and the recap of one drifted host with {@code roots} drifted steps, each
     * blocking one step of its own ({@code 2 * roots} steps in all).
     */
    private long stepReads(int roots) {
        List<org.wsusctl.engine.StepResult> steps = new ArrayList<>();
        for (int i = 0; i < roots; i++) {
            steps.add(Fleet.step(Fleet.PB, "root " + i, "iis.apppool.state", StepStatus.DRIFT, Fleet.map("state",
                    "Stopped"), null, Fleet.map("state", "Started"), "Stopped", 1));
            steps.add(new org.wsusctl.engine.StepResult(Fleet.PB, "blocked " + i, "http.status", StepStatus.BLOCKED,
                    Fleet.map("status", 503L), null, Fleet.map("status", 200L), "503", 1, false, false, null,
                    List.of("root " + i), false));
        }
        CountingSteps counted = new CountingSteps(steps);
        HostResult h = Fleet.host("wsus01", HostStatus.DRIFTED, null, counted, null);
        String line = ConsoleReporter.hostLine(h);
        assertTrue(line.contains("root " + (roots - 1) + " (state Stopped -> Started) -> blocks 1 step: blocked "
                + (roots - 1) + " (status 503 -> 200)"), line.substring(Math.max(0, line.length() - 300)));
        reporter(false).printRecap(new RunResult(Mode.AUDIT, List.of(Fleet.PB), Fleet.T0, Fleet.T0, List.of(h),
                false, false), false);
        assertTrue(buf.toString().contains("[root cause: blocks 1 step]"), buf::toString);
        buf.getBuffer().setLength(0);
        return counted.reads;
    }

    @Test
    void blockedStepsAreLookedUpOnceNotOncePerStepPrinted() {
        // Each drifted step's blocked steps were found by scanning every step of the host, in the host line and
        // again in the recap: 1,000 root causes (2,000 steps) read 4 million steps.
        long small = stepReads(1_000);
        long large = stepReads(4_000);
        assertTrue(small <= 40L * 2_000, "1,000 root causes (2,000 steps) read " + small + " steps");
        assertTrue(large <= 4 * small + 1_000, "four times the steps read " + large + " steps, against " + small
                + ": the work must grow with the steps, not their square");
    }
}
