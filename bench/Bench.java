import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make bench}: the fleet-scale benchmark of a full {@code wsus-health.yml} audit (issue 5).
 *
 * <p>Two JVMs, so that each one's CPU, memory and share of the wall time can be read on its own: the
 * simulator ({@code wsusctl simulate}) serves N simulated WSUS servers with L ms latency each way per HTTP
 * exchange and S ms PowerShell start-up per command; the audit runs against a generated inventory of plain,
 * non-simulated hosts (127.0.0.1, one port each, HTTP + Basic), exactly as it would against Windows. The audit
 * JVM is a fresh process every time: its start-up, class loading and JIT warm-up are part of the wall time,
 * as they are for a user.
 *
 * <p>Measured, per run: wall time (process start to exit), the engine's own duration from the JSON report,
 * WinRM requests and PowerShell invocations per host (report: {@code hosts[].winrm}), CPU time of the audit
 * JVM (the children's {@code cutime+cstime} of this process, exact once the child is reaped) and of the
 * simulator JVM during the audit ({@code /proc/PID/stat}), peak RSS ({@code VmHWM}, polled), peak heap in
 * use (the largest before-GC occupancy in the GC log, or the occupancy at exit if larger), and the ratio of the
 * wall time to the floor {@code ceil(N/forks) * (5 * 2L + 1 * S)}: the least any client can take with one
 * PowerShell invocation (Create, Command, Receive, Signal, Delete) per host.
 *
 * <p>Run: {@code java -cp target/wsusctl.jar bench/Bench.java [--hosts 100,1000] [--latency-ms 20]
 * [--startup-ms 250] [--forks 100] [--no-batch-hosts 100|all|none] [--update BENCHMARKS.md]}. The
 * {@code --no-batch} comparison (one PowerShell process per check) runs for the counts in {@code --no-batch-hosts}
 * only: at N=1000 it alone would take minutes. Linux only (reads /proc).
 */
public final class Bench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TICKS_PER_SECOND = 100; // USER_HZ; the kernel ABI fixes it at 100 on Linux
    private static final int REQUESTS_BEST = 5;
    private static final Pattern GC_BEFORE = Pattern.compile("\\) (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final Pattern HEAP_EXIT = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final String BEGIN = "<!-- bench:begin (written by make bench; edits inside are overwritten) -->";
    private static final String END = "<!-- bench:end -->";

    /** The settings of one benchmark invocation. */
    record Settings(List<Integer> hostCounts, int latencyMs, int startupMs, int forks, List<Integer> noBatchCounts,
            Path jar, Path playbook, Path work, Path update, String auditHeap, int sideBySideHosts, int sideBySideForks,
            int pairs, int manyForks, int realisticHosts, Path ansiblePlaybook, Path launcher, int ansibleTimeoutS) { }

    /** One audit run. */
    record Run(int hosts, String mode, int exitCode, double wallS, double engineS, double requestsPerHost,
            int requestsMax, double invocationsPerHost, int invocationsMax, long unhealthy, double cpuS,
            double heapPeakMb, double heapLiveMb, double heapCommittedMb, double rssMb, double simCpuS, double floorS) {
        double hostsPerSecond() {
            return hosts / wallS;
        }

        double ratio() {
            return wallS / floorS;
        }
    }

    /** The simulator process of one fleet size. */
    record Sim(int hosts, double startS, double rssMb, double heapPeakMb, double cpuTotalS) { }

    /** One timed client process: wall and CPU seconds, exit code, hosts it did not finish well. */
    record Timed(double wallS, double cpuS, int exit, long notOk, Tasks tasks) {
        Timed(double wallS, double cpuS, int exit, long notOk) {
            this(wallS, cpuS, exit, notOk, null);
        }
    }

    /** An Ansible run's task results: done of all (hosts x tasks), and whether the run hit the time limit. */
    record Tasks(long done, long all, boolean timedOut, int limitS) { }

    /** Ansible and wsusctl, alternated against one fleet; {@code skipped} says why Ansible did not run. */
    record SideBySide(int hosts, int forks, String ansibleVersion, String skipped, List<Timed> ansible,
            List<Timed> wsusctl) { }

    /** A one-host audit, {@code how} it was started. */
    record OneHost(String how, List<Timed> runs) { }

    /** What the simulator's hosts did that a real server pays for (its {@code # work:} line at exit). */
    record Work(long processes, long apiLoads, long sqlProbes, long httpProbes, long chargedMs) {
        static final Pattern LINE = Pattern.compile("# work: processes (\\d+), api loads (\\d+), sql probes (\\d+),"
                + " http probes (\\d+), charged ms (\\d+)");
        static final Work UNKNOWN = new Work(-1, -1, -1, -1, -1);
    }

    /** An audit of a fleet with the realistic host-side costs, and the work its simulator counted. */
    record Realistic(Run run, Work work) { }

    /** Everything one benchmark measured. */
    record Results(List<Run> runs, List<Sim> sims, List<SideBySide> sideBySide, List<OneHost> oneHost,
            List<Realistic> realistic) {
        Results() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /** A running simulator: its process, the endpoints it announced and everything it printed. */
    record SimProc(Process process, Map<String, Integer> ports, StringBuilder out, Object lock, Thread reader,
            Path gcLog, double startS) { }

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        Files.createDirectories(s.work());
        String password = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        Results res = new Results();
        List<Run> runs = res.runs();
        System.out.printf(Locale.ROOT, "wsusctl benchmark: %s, latency %d ms each way, PowerShell start-up %d ms,"
                + " forks %d%n", s.playbook().getFileName(), s.latencyMs(), s.startupMs(), s.forks());
        for (int n : s.hostCounts()) {
            fleet(s, n, password, res);
        }
        if (s.realisticHosts() > 0) {
            realistic(s, s.realisticHosts(), password, res);
        }
        String machine = machine();
        String table = table(s, res);
        System.out.println();
        System.out.println(machine);
        System.out.println(table);
        if (s.update() != null) {
            update(s.update(), s, machine, table);
            System.out.println("results written to " + s.update());
        }
        List<Run> all = new ArrayList<>(runs);
        res.realistic().forEach(r -> all.add(r.run()));
        boolean ok = all.stream().allMatch(r -> r.exitCode() == 0 && r.unhealthy() == 0);
        for (SideBySide b : res.sideBySide()) {
            // an Ansible run stopped at the time limit is a lower bound, reported as one; a finished run must be clean
            ok &= b.ansible().stream().allMatch(t -> (t.tasks() != null && t.tasks().timedOut())
                    || (t.exit() == 0 && t.notOk() == 0));
            ok &= b.wsusctl().stream().allMatch(t -> t.exit() == 0 && t.notOk() == 0);
        }
        for (OneHost o : res.oneHost()) {
            ok &= o.runs().stream().allMatch(t -> t.exit() == 0 && t.notOk() == 0);
        }
        if (!ok) {
            System.err.println("bench: some run did not find every simulated host compliant, or a finished Ansible run"
                    + " failed on a host (see the status columns); the figures of that run are not valid");
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ one fleet size

    private static void fleet(Settings s, int n, String password, Results res) throws Exception {
        Path dir = s.work().resolve("n" + n);
        Files.createDirectories(dir);
        SimProc sim = startSim(s, dir, n, simInventory(n, s.latencyMs(), s.startupMs(), ""), password);
        try {
            Path clientInv = dir.resolve("client.yml");
            Files.writeString(clientInv, clientInventory(sim.ports()));
            long simPid = sim.process().pid();
            Jvm jvm = defaultJvm(s);
            boolean largest = n >= 1000 && n == s.hostCounts().stream().mapToInt(Integer::intValue).max().orElse(0);
            res.runs().add(audit(s, n, "batch", clientInv, dir, password, simPid, List.of(), s.forks(), jvm, true));
            if (s.noBatchCounts().contains(n)) {
                res.runs().add(audit(s, n, "no-batch", clientInv, dir, password, simPid, List.of("--no-batch"),
                        s.forks(), jvm, true));
            }
            if (largest && jvm == Jvm.LAUNCHER) {
                // the same audit in a plain JVM: what the launcher's options (archive, C1, serial GC) are worth here
                res.runs().add(audit(s, n, "batch, java -jar", clientInv, dir, password, simPid, List.of(), s.forks(),
                        Jvm.JAVA_JAR, true));
            }
            if (s.manyForks() > 0 && largest) {
                res.runs().add(audit(s, n, "batch, forks " + s.manyForks(), clientInv, dir, password, simPid, List.of(),
                        s.manyForks(), jvm, true));
            }
            if (largest) {
                // the issue's own set-up: the audit simulates its hosts in its own process (audit -i sim.yml), so
                // its CPU column is client and simulator together
                res.runs().add(audit(s, n, "batch, in-process simulator", dir.resolve("sim.yml"), dir, password, -1,
                        List.of(), s.forks(), jvm, true));
            }
            if (n == s.sideBySideHosts()) {
                res.sideBySide().add(sideBySide(s, n, dir, sim, clientInv, password));
                res.oneHost().addAll(oneHost(s, dir, sim, password));
            }
            double rss = kb(procStatus(simPid, "VmHWM")) / 1024.0;
            double cpu = procCpuSeconds(simPid);
            stopSim(sim);
            res.sims().add(new Sim(n, sim.startS(), rss, heap(sim.gcLog())[0], cpu));
        } finally {
            if (sim.process().isAlive()) {
                sim.process().destroyForcibly();
            }
        }
    }

    /**
     * The realistic host-side costs ({@code simulate: { costs: { profile: realistic } }}, issue 15): a batched audit
     * and a {@code --no-batch} one, each against a fresh simulator so each one's {@code # work:} line is its own.
     */
    private static void realistic(Settings s, int n, String password, Results res) throws Exception {
        for (String mode : List.of("batch", "no-batch")) {
            Path dir = s.work().resolve("realistic-" + mode);
            Files.createDirectories(dir);
            SimProc sim = startSim(s, dir, n, simInventory(n, s.latencyMs(), s.startupMs(),
                    ", costs: { profile: realistic }"), password);
            try {
                Path clientInv = dir.resolve("client.yml");
                Files.writeString(clientInv, clientInventory(sim.ports()));
                Run run = audit(s, n, "realistic " + mode, clientInv, dir, password, sim.process().pid(),
                        mode.equals("batch") ? List.of() : List.of("--no-batch"), s.forks(), defaultJvm(s), true);
                Work work = stopSim(sim);
                System.out.printf(Locale.ROOT, "N=%d: realistic %s: the simulator counted %s%n", n, mode, work);
                res.realistic().add(new Realistic(run, work));
            } finally {
                if (sim.process().isAlive()) {
                    sim.process().destroyForcibly();
                }
            }
        }
    }

    private static SimProc startSim(Settings s, Path dir, int n, String inventory, String password) throws Exception {
        Path simInv = dir.resolve("sim.yml");
        Files.writeString(simInv, inventory);
        Path simOut = dir.resolve("sim.out");
        Path simGc = dir.resolve("sim-gc.log");
        Jvm jvm = defaultJvm(s);
        List<String> cmd = jvm.command(s, simGc, null);
        cmd.addAll(List.of("simulate", "-i", simInv.toString()));
        System.out.printf(Locale.ROOT, "%nN=%d: starting the simulator (%s)%n", n, String.join(" ", cmd));
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("sim.err").toFile());
        pb.environment().put("WSUSCTL_BENCH_PASSWORD", password);
        jvm.environment(pb.environment(), simGc, null);
        Process sim = pb.start();
        try {
            SimProc p = readEndpoints(sim, n, simOut, simGc, t0);
            System.out.printf(Locale.ROOT, "N=%d: %d simulated hosts listening after %.1f s%n", n, p.ports().size(),
                    p.startS());
            return p;
        } catch (Exception | Error e) {
            sim.destroyForcibly();
            throw e;
        }
    }

    /** Stops the simulator (SIGTERM: it closes its listeners, prints its work and exits); its work. */
    private static Work stopSim(SimProc sim) throws Exception {
        // SIGTERM through the process handle: Process.destroy() would also close our end of its stdout first
        sim.process().toHandle().destroy();
        if (!sim.process().waitFor(20, TimeUnit.SECONDS)) {
            sim.process().destroyForcibly();
        }
        sim.reader().join(5000);
        synchronized (sim.lock()) {
            Files.writeString(sim.gcLog().resolveSibling("sim.out"), sim.out()); // all of it, the work line too
            Matcher m = Work.LINE.matcher(sim.out());
            return m.find() ? new Work(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))) : Work.UNKNOWN;
        }
    }

    /** Reads the simulator's {@code NAME http://127.0.0.1:PORT/wsman} lines until all N hosts listen. */
    private static SimProc readEndpoints(Process sim, int n, Path copy, Path gc, long t0) throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Pattern line = Pattern.compile("(\\S+) http://127\\.0\\.0\\.1:(\\d+)/wsman");
        StringBuilder all = new StringBuilder();
        // the reader thread keeps draining stdout after the endpoints, so the simulator never blocks on it
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(sim.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    Matcher m = line.matcher(l);
                    synchronized (ports) {
                        all.append(l).append('\n');
                        if (m.matches()) {
                            ports.put(m.group(1), Integer.parseInt(m.group(2)));
                        }
                        ports.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the simulator went away; the wait below reports it
            }
        }, "sim-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        synchronized (ports) {
            while (ports.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !sim.isAlive()) {
                    throw new IllegalStateException("the simulator announced " + ports.size() + " of " + n
                            + " hosts (" + (sim.isAlive() ? "timed out after 180 s" : "exit code " + sim.exitValue())
                            + "); see " + copy.resolveSibling("sim.err"));
                }
                ports.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.SECONDS.toNanos(1)))));
            }
            Files.writeString(copy, all);
            // a copy of the endpoints; the live map stays the lock the reader appends the output under
            return new SimProc(sim, new LinkedHashMap<>(ports), all, ports, reader, gc, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** How a wsusctl JVM is started: through the launcher (bin/wsusctl, as the README runs it) or {@code java -jar}. */
    enum Jvm {
        LAUNCHER, JAVA_JAR;

        /**
         * The command that starts wsusctl; {@code heapLog} non-null: the JVM also logs its heap there (read by
         * {@link #heap}), and runs under {@code -Xmx heap} when that is non-null.
         */
        List<String> command(Settings s, Path heapLog, String heap) {
            List<String> opts = new ArrayList<>();
            if (heap != null) {
                opts.add("-Xmx" + heap);
            }
            if (heapLog != null) {
                opts.add("-Xlog:gc,gc+heap+exit:file=" + heapLog);
            }
            List<String> cmd = new ArrayList<>();
            if (this == LAUNCHER) {
                cmd.add(s.launcher().toString()); // its options arrive through WSUSCTL_JAVA_OPTS (env below)
            } else {
                cmd.add(java());
                cmd.addAll(opts);
                cmd.addAll(List.of("-jar", s.jar().toString()));
            }
            return cmd;
        }

        /** The environment entry that hands the launcher the same options. */
        void environment(Map<String, String> env, Path heapLog, String heap) {
            if (this == LAUNCHER) {
                List<String> opts = new ArrayList<>();
                if (heap != null) {
                    opts.add("-Xmx" + heap);
                }
                if (heapLog != null) {
                    opts.add("-Xlog:gc,gc+heap+exit:file=" + heapLog);
                }
                env.put("WSUSCTL_JAVA_OPTS", String.join(" ", opts));
            }
        }

        String label(Settings s) {
            return this == LAUNCHER ? s.launcher().toString() : "java -jar";
        }
    }

    /** The JVM fleet audits and the simulator run in: the launcher when it is there (built by make build). */
    static Jvm defaultJvm(Settings s) {
        return Files.isExecutable(s.launcher()) ? Jvm.LAUNCHER : Jvm.JAVA_JAR;
    }

    /**
     * One audit in a fresh process.
     *
     * @param jvm        how the audit's JVM is started
     * @param measureHeap run under {@code -Xmx auditHeap} and log the heap (fleet rows); false: the JVM exactly as a
     *                   user starts it (one-host rows)
     * @param simPid     the standalone simulator whose CPU is measured alongside, or -1 when the audit simulates its
     *                   hosts in its own process
     */
    private static Run audit(Settings s, int n, String mode, Path inv, Path dir, String password, long simPid,
            List<String> extra, int forks, Jvm jvm, boolean measureHeap) throws Exception {
        String file = mode.replaceAll("[^A-Za-z0-9-]+", "-");
        Path report = dir.resolve("report-" + file + ".json");
        Path gc = dir.resolve("audit-" + file + "-gc.log");
        Files.deleteIfExists(report);
        Files.deleteIfExists(gc);
        Path heapLog = measureHeap ? gc : null;
        String maxHeap = measureHeap ? s.auditHeap() : null;
        List<String> cmd = jvm.command(s, heapLog, maxHeap);
        cmd.addAll(List.of("audit", "-i", inv.toString(), s.playbook().toString(), "--forks", Integer.toString(forks),
                "--no-progress", "--report-json", report.toString()));
        cmd.addAll(extra);
        System.out.printf(Locale.ROOT, "N=%d: %s audit: %s%n", n, mode, String.join(" ", cmd));
        double simCpu0 = simPid < 0 ? 0 : procCpuSeconds(simPid);
        double children0 = childrenCpuSeconds();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("audit-" + file + ".out").toFile())
                .redirectError(dir.resolve("audit-" + file + ".err").toFile());
        pb.environment().put("WSUSCTL_BENCH_PASSWORD", password);
        jvm.environment(pb.environment(), heapLog, maxHeap);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long hwmKb = 0;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            hwmKb = Math.max(hwmKb, kb(procStatus(p.pid(), "VmHWM")));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = childrenCpuSeconds() - children0; // the audit JVM, reaped by waitFor
        double simCpu = simPid < 0 ? Double.NaN : procCpuSeconds(simPid) - simCpu0;
        JsonNode r = Files.exists(report) ? JSON.readTree(report.toFile()) : JSON.createObjectNode();
        JsonNode hosts = r.path("hosts");
        double req = 0, inv2 = 0;
        int reqMax = 0, invMax = 0;
        long unhealthy = 0;
        for (JsonNode h : hosts) {
            int q = h.path("winrm").path("requests").asInt();
            int v = h.path("winrm").path("invocations").asInt();
            req += q;
            inv2 += v;
            reqMax = Math.max(reqMax, q);
            invMax = Math.max(invMax, v);
            if (!"compliant".equals(h.path("status").asText())) {
                unhealthy++;
            }
        }
        if (hosts.size() != n) {
            unhealthy += n - hosts.size();
        }
        int count = Math.max(1, hosts.size());
        double[] heap = heap(gc);
        double floor = floorSeconds(n, forks, s.latencyMs(), s.startupMs());
        Run run = new Run(n, mode, p.exitValue(), wall, r.path("duration_ms").asLong() / 1000.0, req / count, reqMax,
                inv2 / count, invMax, unhealthy, cpu, heap[0], heap[2], heap[1], hwmKb / 1024.0, simCpu, floor);
        System.out.printf(Locale.ROOT, "N=%d: %s: exit %d, wall %.2f s (engine %.2f s), %.1f hosts/s, %.2f requests"
                        + " and %.2f invocations per host, wall/floor %.2f, audit CPU %.1f s, simulator CPU %.1f s%n",
                n, mode, run.exitCode(), wall, run.engineS(), run.hostsPerSecond(), run.requestsPerHost(),
                run.invocationsPerHost(), run.ratio(), cpu, simCpu);
        return run;
    }

    // ------------------------------------------------------------------ side by side with Ansible; one host

    /**
     * Ansible and wsusctl against the same fleet, alternated (A B A B ...), {@code pairs} times each: Debian's
     * ansible-core with its winrm connection runs bench/ansible-health.yml (ten {@code raw} tasks, its cheapest path:
     * one PowerShell process each and nothing else) with {@code -f forks}; wsusctl runs the full health audit with
     * {@code --forks forks}. Skipped, saying why, when ansible-playbook is not installed.
     */
    private static SideBySide sideBySide(Settings s, int n, Path dir, SimProc sim, Path clientInv, String password)
            throws Exception {
        int forks = s.sideBySideForks();
        List<Timed> ansible = new ArrayList<>();
        List<Timed> wsusctl = new ArrayList<>();
        if (!Files.isExecutable(s.ansiblePlaybook())) {
            String why = s.ansiblePlaybook() + " is not installed (scripts/bench.sh installs Debian's ansible and"
                    + " python3-winrm when run as root)";
            System.out.println("N=" + n + ": side by side: skipping Ansible: " + why);
            return new SideBySide(n, forks, "", why, ansible, wsusctl);
        }
        String version = ansibleVersion(s);
        Path inv = dir.resolve("ansible-inventory.yml");
        Files.writeString(inv, ansibleInventory(sim.ports()));
        Path cfg = dir.resolve("ansible.cfg");
        Files.writeString(cfg, ""); // no ansible.cfg from the working directory or home applies
        for (int i = 1; i <= s.pairs(); i++) {
            ansible.add(ansible(s, n, dir, inv, cfg, password, forks, i));
            Run w = audit(s, n, "side by side " + i + ", forks " + forks, clientInv, dir, password,
                    sim.process().pid(), List.of(), forks, defaultJvm(s), false);
            wsusctl.add(new Timed(w.wallS(), w.cpuS(), w.exitCode(), w.unhealthy()));
        }
        return new SideBySide(n, forks, version, "", ansible, wsusctl);
    }

    private static Timed ansible(Settings s, int n, Path dir, Path inv, Path cfg, String password, int forks, int i)
            throws Exception {
        Path out = dir.resolve("ansible-" + i + ".out");
        List<String> cmd = List.of(s.ansiblePlaybook().toString(), "-i", inv.toString(), "-f", Integer.toString(forks),
                "bench/ansible-health.yml");
        System.out.printf(Locale.ROOT, "N=%d: Ansible run %d: %s%n", n, i, String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.put("WSUSCTL_BENCH_PASSWORD", password);
        env.put("ANSIBLE_CONFIG", cfg.toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_HOST_KEY_CHECKING", "False");
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "False");
        env.put("ANSIBLE_LOCAL_TEMP", dir.resolve("ansible-tmp").toString());
        env.put("NO_PROXY", "127.0.0.1,localhost");
        env.put("no_proxy", "127.0.0.1,localhost");
        double children0 = childrenCpuSeconds();
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(s.ansibleTimeoutS(), TimeUnit.SECONDS);
        if (!done) {
            // its workers first (they would go on loading the machine), then ansible-playbook itself
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = childrenCpuSeconds() - children0; // ansible-playbook and its workers, each reaped by its parent
        // PLAY RECAP: "lab0001 : ok=10 changed=10 unreachable=0 failed=0 ..." for every host that did all ten
        Pattern recap = Pattern.compile("^\\S+\\s+:\\s+ok=10\\s.*\\bunreachable=0\\s+failed=0\\b", Pattern.MULTILINE);
        String text = Files.readString(out);
        Matcher m = recap.matcher(text);
        long good = 0;
        while (m.find()) {
            good++;
        }
        Matcher r = Pattern.compile("^(ok|changed): \\[", Pattern.MULTILINE).matcher(text);
        long results = 0;
        while (r.find()) {
            results++;
        }
        Timed t = new Timed(wall, cpu, done ? p.exitValue() : -1, n - good,
                new Tasks(results, n * 10L, !done, s.ansibleTimeoutS()));
        System.out.printf(Locale.ROOT, "N=%d: Ansible run %d: exit %d, wall %.2f s, CPU %.1f s, %d hosts not done,"
                + " %d of %d task results%s%n", n, i, t.exit(), wall, cpu, t.notOk(), results, n * 10L,
                done ? "" : " (stopped at the " + s.ansibleTimeoutS() + " s limit)");
        return t;
    }

    private static String ansibleVersion(Settings s) {
        String core = "";
        try {
            Process p = new ProcessBuilder(s.ansiblePlaybook().toString(), "--version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                    .orElse("");
            p.waitFor();
            Matcher m = Pattern.compile("\\[core ([^\\]]+)\\]").matcher(first);
            core = m.find() ? "ansible-core " + m.group(1) : first.strip();
        } catch (Exception e) {
            core = "ansible (version unknown: " + e.getMessage() + ")";
        }
        String pkgs = "";
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Package} ${Version}, ", "ansible-core",
                    "python3-winrm").redirectErrorStream(true).start();
            String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0) {
                pkgs = " (Debian: " + o.replaceAll(",\\s*$", "") + ")";
            }
        } catch (Exception e) {
            // not Debian: the core version alone
        }
        return core + pkgs;
    }

    /**
     * A one-host audit, the user's first experience: {@code java -jar} and, when the launcher exists (bin/wsusctl,
     * with its class-data-sharing archive), through it; alternated, three runs each at least.
     */
    private static List<OneHost> oneHost(Settings s, Path dir, SimProc sim, String password) throws Exception {
        Map.Entry<String, Integer> first = sim.ports().entrySet().iterator().next();
        Path inv = dir.resolve("one-host.yml");
        Files.writeString(inv, clientInventory(Map.of(first.getKey(), first.getValue())));
        boolean launcher = Files.isExecutable(s.launcher());
        List<Timed> jar = new ArrayList<>();
        List<Timed> bin = new ArrayList<>();
        for (int i = 1; i <= Math.max(3, s.pairs()); i++) {
            Run r = audit(s, 1, "one host " + i + ", java -jar", inv, dir, password, sim.process().pid(), List.of(),
                    s.forks(), Jvm.JAVA_JAR, false);
            jar.add(new Timed(r.wallS(), r.cpuS(), r.exitCode(), r.unhealthy()));
            if (launcher) {
                Run b = audit(s, 1, "one host " + i + ", " + s.launcher(), inv, dir, password, sim.process().pid(),
                        List.of(), s.forks(), Jvm.LAUNCHER, false);
                bin.add(new Timed(b.wallS(), b.cpuS(), b.exitCode(), b.unhealthy()));
            }
        }
        List<OneHost> out = new ArrayList<>(List.of(new OneHost("java -jar " + s.jar(), jar)));
        out.add(launcher ? new OneHost(s.launcher().toString(), bin) : new OneHost(s.launcher() + " (not present)", bin));
        return out;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int k = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(k) : (v.get(k - 1) + v.get(k)) / 2;
    }

    /** The least wall time: ceil(N/forks) waves, each host one Create, Command, Receive, Signal, Delete and one start-up. */
    static double floorSeconds(int n, int forks, int latencyMs, int startupMs) {
        long waves = (n + forks - 1) / forks;
        return waves * (REQUESTS_BEST * 2.0 * latencyMs + startupMs) / 1000.0;
    }

    // ------------------------------------------------------------------ inventories

    /** @param more further {@code simulate:} keys, e.g. {@code ", costs: { profile: realistic }"} */
    static String simInventory(int n, int latencyMs, int startupMs, String more) {
        return "# generated by bench/Bench.java: " + n + " simulated WSUS servers, all healthy\n"
                + "all:\n"
                + "  vars:\n"
                + "    winrm_user: bench\n"
                + "    winrm_password_env: WSUSCTL_BENCH_PASSWORD\n"
                + "    winrm_scheme: http\n"
                + "    winrm_transport: basic\n"
                + "  children:\n"
                + "    lab:\n"
                + "      vars:\n"
                + "        simulate: { latency_ms: " + latencyMs + ", ps_startup_ms: " + startupMs + more + " }\n"
                + "      hosts:\n"
                + "        lab[0001:" + String.format(Locale.ROOT, "%04d", n) + "]:\n";
    }

    /**
     * The same endpoints for Ansible: its winrm connection (pywinrm) with Basic over HTTP, as wsusctl's client
     * inventory; the password from the environment at run time, never in the file.
     */
    static String ansibleInventory(Map<String, Integer> ports) {
        StringBuilder sb = new StringBuilder("# generated by bench/Bench.java: the simulator's endpoints for Ansible\n"
                + "all:\n"
                + "  vars:\n"
                + "    ansible_connection: winrm\n"
                + "    ansible_host: 127.0.0.1\n"
                + "    ansible_user: bench\n"
                + "    ansible_password: \"{{ lookup('env', 'WSUSCTL_BENCH_PASSWORD') }}\"\n"
                + "    ansible_winrm_transport: basic\n"
                + "    ansible_winrm_scheme: http\n"
                + "    ansible_winrm_read_timeout_sec: 120\n"
                + "    ansible_winrm_operation_timeout_sec: 100\n"
                + "  hosts:\n");
        ports.forEach((name, port) -> sb.append("    ").append(name).append(":\n      ansible_port: ").append(port)
                .append('\n'));
        return sb.toString();
    }

    /** Plain hosts: nothing tells the audit they are simulated. */
    static String clientInventory(Map<String, Integer> ports) {
        StringBuilder sb = new StringBuilder("# generated by bench/Bench.java: the simulator's endpoints as ordinary hosts\n"
                + "all:\n"
                + "  vars:\n"
                + "    ansible_host: 127.0.0.1\n"
                + "    winrm_user: bench\n"
                + "    winrm_password_env: WSUSCTL_BENCH_PASSWORD\n"
                + "    winrm_scheme: http\n"
                + "    winrm_transport: basic\n"
                + "    allow_insecure_basic: true\n"
                + "  hosts:\n");
        ports.forEach((name, port) -> sb.append("    ").append(name).append(":\n      winrm_port: ").append(port)
                .append('\n'));
        return sb.toString();
    }

    // ------------------------------------------------------------------ measurements

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** CPU seconds of this process's reaped children (fields 16 and 17 of /proc/self/stat). */
    private static double childrenCpuSeconds() throws IOException {
        String[] f = statFields(Path.of("/proc/self/stat"));
        return (Long.parseLong(f[15]) + Long.parseLong(f[16])) / (double) TICKS_PER_SECOND;
    }

    /** CPU seconds (user + system) a live process has used. */
    private static double procCpuSeconds(long pid) throws IOException {
        String[] f = statFields(Path.of("/proc/" + pid + "/stat"));
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) TICKS_PER_SECOND;
    }

    /** The fields of a stat file, numbered as in proc(5) minus one; the command name may contain blanks. */
    private static String[] statFields(Path stat) throws IOException {
        String s = Files.readString(stat);
        int close = s.lastIndexOf(')');
        String[] rest = s.substring(close + 2).trim().split(" ");
        String[] f = new String[rest.length + 2];
        f[0] = s.substring(0, s.indexOf(' '));
        f[1] = s.substring(s.indexOf('('), close + 1);
        System.arraycopy(rest, 0, f, 2, rest.length);
        return f;
    }

    /** A {@code Key:   value kB} line of /proc/PID/status; empty if the process is gone. */
    private static String procStatus(long pid, String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith(key + ":")) {
                    return l.substring(key.length() + 1).trim();
                }
            }
        } catch (IOException e) {
            // exited between the check and the read
        }
        return "";
    }

    private static long kb(String v) {
        String d = v.replaceAll("[^0-9]", "");
        return d.isEmpty() ? 0 : Long.parseLong(d);
    }

    /**
     * {peak heap in use MB, largest committed heap MB, largest heap left after a GC MB (the live set, roughly)}
     * from a {@code -Xlog:gc,gc+heap+exit} file.
     */
    static double[] heap(Path gcLog) throws IOException {
        double peak = 0, committed = 0, live = 0;
        if (!Files.exists(gcLog)) {
            return new double[] {0, 0, 0};
        }
        for (String l : Files.readAllLines(gcLog)) {
            Matcher m = GC_BEFORE.matcher(l);
            if (m.find()) {
                peak = Math.max(peak, Double.parseDouble(m.group(1)));
                live = Math.max(live, Double.parseDouble(m.group(2)));
                committed = Math.max(committed, Double.parseDouble(m.group(3)));
            }
            Matcher e = HEAP_EXIT.matcher(l);
            if (e.find()) {
                committed = Math.max(committed, Long.parseLong(e.group(1)) / 1024.0);
                peak = Math.max(peak, Long.parseLong(e.group(2)) / 1024.0);
            }
        }
        return new double[] {peak, committed, live};
    }

    // ------------------------------------------------------------------ output

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException e) {
            // keep "unknown"
        }
        long memKb = kb(readMemTotal());
        String load = "";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException e) {
            load = "?";
        }
        return String.format(Locale.ROOT, "Machine: %d CPUs (%s), %.1f GB RAM, %s %s (%s), %s %s; date %s;"
                        + " load average at the end %s",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.version"),
                LocalDate.now(), load);
    }

    private static String readMemTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return l;
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "";
    }

    static String table(Settings s, Results res) {
        List<Run> runs = res.runs();
        List<Sim> sims = res.sims();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Audit of %s, L=%d ms, S=%d ms, forks=%d (unless the mode says otherwise);"
                + " floor = ceil(N/forks) x (5 x 2L + S); audit and simulator JVMs started with %s unless the mode"
                + " says otherwise%n%n", s.playbook().getFileName(), s.latencyMs(), s.startupMs(), s.forks(),
                defaultJvm(s) == Jvm.LAUNCHER ? "`" + s.launcher() + "`" : "`java -jar`"));
        sb.append("| N | mode | wall s | engine s | hosts/s | WinRM req/host (max) | PS inv/host (max) | floor s | wall/floor"
                + " | audit CPU s | audit heap peak / after GC / committed MB | audit RSS MB | sim CPU s | sim CPU / wall | exit |\n");
        sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Run r : runs) {
            row(sb, r);
        }
        sb.append("\n| N | simulator start-up s | simulator CPU s (whole life) | simulator RSS MB | simulator heap peak MB |\n");
        sb.append("|---:|---:|---:|---:|---:|\n");
        for (Sim m : sims) {
            sb.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.0f | %.0f |%n", m.hosts(), m.startS(),
                    m.cpuTotalS(), m.rssMb(), m.heapPeakMb()));
        }
        for (SideBySide b : res.sideBySide()) {
            sb.append(String.format(Locale.ROOT, "%nSide by side with Ansible: N=%d, one standalone simulator, forks %d"
                    + " for both, runs alternated (Ansible, wsusctl, Ansible, wsusctl, ...); medians%n%n", b.hosts(),
                    b.forks()));
            if (!b.skipped().isEmpty()) {
                sb.append("Ansible skipped: ").append(b.skipped()).append('\n');
                continue;
            }
            sb.append("| client | what it runs | wall s (each run) | median wall s | median CPU s | exit / hosts not done |\n");
            sb.append("|---|---|---|---:|---:|---|\n");
            timedRow(sb, b.ansible(), b.ansibleVersion() + ", winrm connection (Basic, HTTP)",
                    "bench/ansible-health.yml: 10 `raw` tasks, one PowerShell process each");
            timedRow(sb, b.wsusctl(), "wsusctl audit (" + defaultJvm(s).label(s) + ")", s.playbook().getFileName()
                    + ": the full health audit, batched");
            double a = median(b.ansible().stream().map(Timed::wallS).toList());
            double w = median(b.wsusctl().stream().map(Timed::wallS).toList());
            double wc = median(b.wsusctl().stream().map(Timed::cpuS).toList());
            boolean cut = b.ansible().stream().anyMatch(t -> t.tasks() != null && t.tasks().timedOut());
            if (!cut) {
                sb.append(String.format(Locale.ROOT, "%nwsusctl is **%.1fx** faster than Ansible here (median wall %.2f s"
                        + " against %.2f s; CPU %.1f s against %.1f s).%n", a / w, w, a, wc,
                        median(b.ansible().stream().map(Timed::cpuS).toList())));
            } else {
                // a run stopped at the limit: wall gives a lower bound; CPU per task result projects the whole run
                double perTask = median(b.ansible().stream().filter(t -> t.tasks() != null && t.tasks().done() > 0)
                        .map(t -> t.cpuS() / t.tasks().done()).toList());
                long all = b.ansible().get(0).tasks().all();
                sb.append(String.format(Locale.ROOT, "%nAnsible did not finish within the %d s limit: wsusctl is **at"
                        + " least %.1fx** faster in wall time here (median %.2f s against more than %.0f s). In CPU,"
                        + " Ansible used %.0f ms per task result, so about %.0f s for all %d, against wsusctl's %.1f s"
                        + " for the whole audit: about **%.0fx**.%n", b.ansible().get(0).tasks().limitS(), a / w, w, a,
                        perTask * 1000, perTask * all, all, wc, perTask * all / wc));
            }
        }
        if (!res.oneHost().isEmpty()) {
            sb.append("\nOne-host audit (a user's first run): fresh JVM each time, runs alternated; medians\n\n");
            sb.append("| started with | wall s (each run) | median wall s | median CPU s | exit / hosts not compliant |\n");
            sb.append("|---|---|---:|---:|---|\n");
            for (OneHost o : res.oneHost()) {
                if (o.runs().isEmpty()) {
                    sb.append("| ").append(o.how()).append(" | - | - | - | not run |\n");
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %s |%n", o.how(), walls(o.runs()),
                        median(o.runs().stream().map(Timed::wallS).toList()),
                        median(o.runs().stream().map(Timed::cpuS).toList()), status(o.runs())));
            }
        }
        if (!res.realistic().isEmpty()) {
            org.wsusctl.sim.model.HostCosts f = org.wsusctl.sim.model.HostCosts.REALISTIC; // the simulator's own figures
            sb.append(String.format(Locale.ROOT, "%nRealistic host-side costs (`simulate: { costs: { profile: realistic"
                    + " } }`: WSUS API load and connect %d ms once per PowerShell process that uses it, SQL probe %d ms,"
                    + " HTTP probe %d ms), one simulator per run; work as the simulator counted it%n%n", f.apiLoadMs(),
                    f.sqlProbeMs(), f.httpProbeMs()));
            sb.append("| N | mode | wall s | engine s | PS inv/host | API loads/host | SQL + HTTP probes/host"
                    + " | host-side work charged s/host | audit CPU s | exit |\n");
            sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (Realistic r : res.realistic()) {
                Run run = r.run();
                Work k = r.work();
                double h = run.hosts();
                sb.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f | %s | %s | %s | %.1f | %s |%n",
                        run.hosts(), run.mode().replaceFirst("^realistic ", ""), run.wallS(), run.engineS(),
                        run.invocationsPerHost(), k.apiLoads() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", k.apiLoads() / h),
                        k.sqlProbes() < 0 ? "?" : String.format(Locale.ROOT, "%.2f + %.2f", k.sqlProbes() / h, k.httpProbes() / h),
                        k.chargedMs() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", k.chargedMs() / h / 1000),
                        run.cpuS(), run.exitCode() + (run.unhealthy() == 0 ? "" : ", " + run.unhealthy()
                                + " hosts not compliant")));
            }
            if (res.realistic().size() == 2) {
                Run b = res.realistic().get(0).run();
                Run nb = res.realistic().get(1).run();
                sb.append(String.format(Locale.ROOT, "%nBatching saves %.2f s of wall time here (%.1fx): one API load a"
                        + " host instead of one per check that reads the API.%n", nb.wallS() - b.wallS(),
                        nb.wallS() / b.wallS()));
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, Run r) {
        sb.append(String.format(Locale.ROOT,
                "| %d | %s | %.2f | %.2f | %.0f | %.2f (%d) | %.2f (%d) | %.2f | %.2f | %.1f | %.0f / %.0f / %.0f | %.0f | %s | %s | %s |%n",
                r.hosts(), r.mode(), r.wallS(), r.engineS(), r.hostsPerSecond(), r.requestsPerHost(), r.requestsMax(),
                r.invocationsPerHost(), r.invocationsMax(), r.floorS(), r.ratio(), r.cpuS(), r.heapPeakMb(),
                r.heapLiveMb(), r.heapCommittedMb(), r.rssMb(),
                // in-process: the simulator's CPU is inside the audit's own
                Double.isNaN(r.simCpuS()) ? "in audit" : String.format(Locale.ROOT, "%.1f", r.simCpuS()),
                Double.isNaN(r.simCpuS()) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * r.simCpuS() / r.wallS()),
                r.exitCode() + (r.unhealthy() == 0 ? "" : ", " + r.unhealthy() + " hosts not compliant")));
    }

    private static void timedRow(StringBuilder sb, List<Timed> runs, String client, String what) {
        if (runs.stream().anyMatch(t -> t.tasks() != null)) {
            StringBuilder w = new StringBuilder();
            for (Timed t : runs) {
                Tasks k = t.tasks();
                w.append(w.length() == 0 ? "" : ", ").append(k.timedOut()
                        ? String.format(Locale.ROOT, "> %d (stopped: %d of %d task results)", k.limitS(), k.done(), k.all())
                        : String.format(Locale.ROOT, "%.2f", t.wallS()));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.1f | %s |%n", client, what, w,
                    median(runs.stream().map(Timed::wallS).toList()), median(runs.stream().map(Timed::cpuS).toList()),
                    status(runs)));
            return;
        }
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.1f | %s |%n", client, what, walls(runs),
                median(runs.stream().map(Timed::wallS).toList()), median(runs.stream().map(Timed::cpuS).toList()),
                status(runs)));
    }

    private static String walls(List<Timed> runs) {
        StringBuilder w = new StringBuilder();
        runs.forEach(t -> w.append(w.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", t.wallS())));
        return w.toString();
    }

    private static String status(List<Timed> runs) {
        StringBuilder w = new StringBuilder();
        runs.forEach(t -> w.append(w.length() == 0 ? "" : ", ").append(t.exit())
                .append(t.notOk() == 0 ? "" : " / " + t.notOk()));
        return w.toString();
    }

    /** Replaces the block between the bench markers of the results file (appends one when there is none). */
    private static void update(Path file, Settings s, String machine, String table) throws IOException {
        String block = BEGIN + "\n" + machine + "\n\nCommand: `make bench` (" + command(s) + ")\n\n" + table + END;
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n";
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + block + text.substring(e + END.length());
        } else {
            text = text + "\n" + block + "\n";
        }
        Files.writeString(file, text);
    }

    private static String command(Settings s) {
        StringBuilder hosts = new StringBuilder();
        s.hostCounts().forEach(n -> hosts.append(hosts.length() == 0 ? "" : ",").append(n));
        StringBuilder nb = new StringBuilder();
        s.noBatchCounts().forEach(n -> nb.append(nb.length() == 0 ? "" : ",").append(n));
        return String.format(Locale.ROOT, "java -cp %s bench/Bench.java --hosts %s --latency-ms %d --startup-ms %d"
                        + " --forks %d --no-batch-hosts %s --audit-heap %s --side-by-side-hosts %s --side-by-side-forks %d"
                        + " --pairs %d --many-forks %s --realistic-hosts %s", s.jar(), hosts, s.latencyMs(),
                s.startupMs(), s.forks(), nb.length() == 0 ? "none" : nb, s.auditHeap(), none(s.sideBySideHosts()),
                s.sideBySideForks(), s.pairs(), none(s.manyForks()), none(s.realisticHosts()));
    }

    private static String none(int n) {
        return n <= 0 ? "none" : Integer.toString(n);
    }

    // ------------------------------------------------------------------ arguments

    private static List<Integer> counts(String option, String list) {
        List<Integer> counts = new ArrayList<>();
        for (String n : list.split(",")) {
            int v = Integer.parseInt(n.trim());
            if (v < 1 || v > 9999) {
                throw new IllegalArgumentException("--" + option + ": each count must be 1..9999, got " + v);
            }
            counts.add(v);
        }
        return counts;
    }

    private static Settings parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>(Map.of("hosts", "100,1000", "latency-ms", "20", "startup-ms", "250",
                "forks", "100", "no-batch-hosts", "100", "jar", "target/wsusctl.jar", "playbook",
                "playbooks/wsus-health.yml", "work", "target/bench", "audit-heap", "512m"));
        o.putAll(Map.of("side-by-side-hosts", "100", "side-by-side-forks", "50", "pairs", "2", "many-forks", "500",
                "realistic-hosts", "100", "ansible-playbook", "/usr/bin/ansible-playbook", "launcher", "bin/wsusctl",
                "ansible-timeout-s", "600"));
        String update = null;
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: Bench [--hosts 100,1000] [--latency-ms 20] [--startup-ms 250]"
                        + " [--forks 100] [--no-batch-hosts 100|all|none] [--audit-heap 512m] [--side-by-side-hosts 100|none]"
                        + " [--side-by-side-forks 50] [--pairs 2] [--many-forks 500|none] [--realistic-hosts 100|none]"
                        + " [--ansible-playbook /usr/bin/ansible-playbook] [--ansible-timeout-s 600] [--launcher bin/wsusctl]"
                        + " [--update BENCHMARKS.md];"
                        + " bad argument '" + args[i] + "'");
            }
            String k = args[i].substring(2);
            if (k.equals("update")) {
                update = args[++i];
            } else if (o.containsKey(k)) {
                o.put(k, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option --" + k + "; known: " + o.keySet() + " and update");
            }
        }
        List<Integer> counts = counts("hosts", o.get("hosts"));
        String nb = o.get("no-batch-hosts").trim();
        List<Integer> noBatch = nb.equals("all") ? counts : nb.equals("none") ? List.of() : counts("no-batch-hosts", nb);
        return new Settings(counts, Integer.parseInt(o.get("latency-ms")), Integer.parseInt(o.get("startup-ms")),
                Integer.parseInt(o.get("forks")), noBatch, Path.of(o.get("jar")),
                Path.of(o.get("playbook")), Path.of(o.get("work")), update == null ? null : Path.of(update),
                o.get("audit-heap"), countOrNone(o, "side-by-side-hosts"), Integer.parseInt(o.get("side-by-side-forks")),
                Math.max(1, Integer.parseInt(o.get("pairs"))), countOrNone(o, "many-forks"),
                countOrNone(o, "realistic-hosts"), Path.of(o.get("ansible-playbook")), Path.of(o.get("launcher")),
                Integer.parseInt(o.get("ansible-timeout-s")));
    }

    private static int countOrNone(Map<String, String> o, String key) {
        String v = o.get(key).trim();
        return v.equals("none") ? 0 : counts(key, v).get(0);
    }
}
