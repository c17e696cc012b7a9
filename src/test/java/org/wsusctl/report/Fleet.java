package org.wsusctl.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.SimStats;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

/** Synthetic fleets for report tests: every host and step status, hostile text, simulated hosts. */
final class Fleet {
    static final String PB = "playbooks/sync-503.yml";
    static final String PB2 = "playbooks/services.yml";
    static final Instant T0 = Instant.parse("2025-03-04T10:15:30Z");
    static final String SCRIPT = "<script>alert('x')</script>";

    private Fleet() {
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static StepResult step(String pb, String name, String module, StepStatus st, Map<String, Object> before,
            Map<String, Object> after, Map<String, Object> expected, String msg, long ms) {
        return new StepResult(pb, name, module, st, before, after, expected, msg, ms, false, false, null);
    }

    static StepResult poolStarted(StepStatus st) {
        return step(PB, "WsusPool is started", "iis.apppool.state", st, map("state", st == StepStatus.OK
                || st == StepStatus.SKIPPED ? "Started" : "Stopped"), st == StepStatus.FIXED ? map("state",
                "Started") : null, map("state", "Started"), st == StepStatus.OK ? null : "WsusPool is Stopped", 12);
    }

    static StepResult memory(StepStatus st, long kb) {
        return step(PB, "WsusPool private memory limit", "iis.apppool.private_memory", st,
                map("pool", "WsusPool", "private_memory_kb", kb),
                st == StepStatus.FIXED ? map("pool", "WsusPool", "private_memory_kb", 4000000L) : null,
                map("private_memory_kb", 4000000L),
                st == StepStatus.OK ? null : "limit " + kb + " KB is below 4000000 KB", 20);
    }

    static StepResult recycle() {
        return new StepResult(PB, "recycle WsusPool", "iis.apppool.recycle", StepStatus.FIXED, map("recycled",
                false), map("recycled", true), null, "recycled", 300, true, false, null);
    }

    static StepResult sysadmin(StepStatus st, boolean needsApproval, String msg) {
        return new StepResult(PB2, "setup account is SQL sysadmin", "sql.sysadmin", st,
                map("sysadmins", List.of("BUILTIN\\Administrators")), null,
                map("sysadmins", List.of("BUILTIN\\Administrators", "CORP\\svc-wsus")), msg, 40, false,
                needsApproval, null);
    }

    static StepResult logs(String excerpt) {
        return new StepResult(PB2, "evidence from logs", "evidence.logs", StepStatus.OK, map("errors", 1), null,
                null, null, 55, false, false, map("SoftwareDistribution.log", excerpt, "events",
                        List.of(map("id", 6703, "message", "sync failed: HTTP 503"))));
    }

    static HostResult host(String name, HostStatus st, String msg, List<StepResult> steps, SimStats sim) {
        return new HostResult(name, "https://" + name + ".corp.example:5986/wsman", st, steps, msg,
                steps.size() * 3, steps.size(), 100 + steps.size() * 10L, Optional.ofNullable(sim));
    }

    /** Every status, a handler, needs_approval, evidence, unicode and markup in messages. */
    static RunResult mixed(Mode mode) {
        List<HostResult> hosts = new ArrayList<>();
        hosts.add(host("wsus01", HostStatus.COMPLIANT, null,
                List.of(poolStarted(StepStatus.OK), memory(StepStatus.OK, 4000000), logs("2025-03-04 ok")),
                null));
        hosts.add(host("wsus03", HostStatus.DRIFTED, null,
                List.of(poolStarted(StepStatus.DRIFT), memory(StepStatus.DRIFT, 1843200),
                        sysadmin(StepStatus.DRIFT, true, "needs approve: true")),
                new SimStats(17, 0)));
        hosts.add(host("wsus04", HostStatus.FIXED, null,
                List.of(poolStarted(StepStatus.FIXED), memory(StepStatus.FIXED, 1843200), recycle()),
                new SimStats(25, 3)));
        hosts.add(host("wsus05-ünïcødé", HostStatus.FAILED, "fix failed",
                List.of(poolStarted(StepStatus.OK), memory(StepStatus.FAILED, 1843200),
                        step(PB, "the WSUS web service answers", "http.status", StepStatus.SKIPPED, null, null,
                                null, "skipped after a failure", 0),
                        sysadmin(StepStatus.UNKNOWN, false, "timed out mid-fix")),
                null));
        hosts.add(host("wsus06", HostStatus.DRIFTED, null,
                List.of(poolStarted(StepStatus.OK), memory(StepStatus.DRIFT, 1843200),
                        logs("E " + SCRIPT + " & \"quotes\" \u2603 \u0007bell ]]> </testcase>")),
                null));
        hosts.add(host("wsus09", HostStatus.UNREACHABLE,
                "connection refused at https://wsus09.corp.example:5986/wsman " + SCRIPT, List.of(), null));
        hosts.add(host("lab-" + SCRIPT, HostStatus.UNREACHABLE, "auth rejected (401) for CORP\\svc-wsus",
                List.of(new StepResult(PB, "WsusPool is started", "iis.apppool.state", StepStatus.UNREACHABLE,
                        null, null, null, "auth rejected", 0, false, false, null)),
                new SimStats(1, 0)));
        return new RunResult(mode, List.of(PB, PB2), T0, T0.plusMillis(4321), hosts, false, false);
    }

    /** A big fleet for size and speed: {@code n} hosts, 12 steps each. */
    static RunResult large(int n) {
        List<HostResult> hosts = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = String.format("lab%04d", i);
            List<StepResult> steps = new ArrayList<>();
            boolean unreachable = i % 97 == 0;
            boolean drift = i % 7 == 0;
            boolean failed = i % 53 == 0;
            for (int s = 1; s <= 12; s++) {
                StepStatus st = unreachable ? StepStatus.UNREACHABLE : failed && s == 5 ? StepStatus.FAILED
                        : drift && s % 4 == 1 ? StepStatus.DRIFT : StepStatus.OK;
                steps.add(step(s <= 6 ? PB : PB2, "step " + s + " of the baseline", "mod" + s, st,
                        map("value", st == StepStatus.OK ? s : 0), null, map("value", s),
                        st == StepStatus.OK ? null : "value 0 is not " + s, s));
            }
            HostStatus hs = unreachable ? HostStatus.UNREACHABLE : failed ? HostStatus.FAILED
                    : drift ? HostStatus.DRIFTED : HostStatus.COMPLIANT;
            hosts.add(host(name, hs, unreachable ? "connection refused" : null, steps, new SimStats(30, 0)));
        }
        return new RunResult(Mode.AUDIT, List.of(PB, PB2), T0, T0.plusSeconds(42), hosts, false, false);
    }
}
