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
            Path jar, Path playbook, Path work, Path update, String auditHeap) { }

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

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        Files.createDirectories(s.work());
        String password = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        List<Run> runs = new ArrayList<>();
        List<Sim> sims = new ArrayList<>();
        System.out.printf(Locale.ROOT, "wsusctl benchmark: %s, latency %d ms each way, PowerShell start-up %d ms,"
                + " forks %d%n", s.playbook().getFileName(), s.latencyMs(), s.startupMs(), s.forks());
        for (int n : s.hostCounts()) {
            fleet(s, n, password, runs, sims);
        }
        String machine = machine();
        String table = table(s, runs, sims);
        System.out.println();
        System.out.println(machine);
        System.out.println(table);
        if (s.update() != null) {
            update(s.update(), s, machine, table);
            System.out.println("results written to " + s.update());
        }
        boolean ok = runs.stream().allMatch(r -> r.exitCode() == 0 && r.unhealthy() == 0);
        if (!ok) {
            System.err.println("bench: some audit did not find every simulated host compliant (see the status column);"
                    + " the figures of that run are not valid");
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ one fleet size

    private static void fleet(Settings s, int n, String password, List<Run> runs, List<Sim> sims) throws Exception {
        Path dir = s.work().resolve("n" + n);
        Files.createDirectories(dir);
        Path simInv = dir.resolve("sim.yml");
        Files.writeString(simInv, simInventory(n, s.latencyMs(), s.startupMs()));
        Path simOut = dir.resolve("sim.out");
        Path simGc = dir.resolve("sim-gc.log");
        List<String> cmd = List.of(java(), "-Xlog:gc,gc+heap+exit:file=" + simGc, "-jar", s.jar().toString(),
                "simulate", "-i", simInv.toString());
        System.out.printf(Locale.ROOT, "%nN=%d: starting the simulator (%s)%n", n, String.join(" ", cmd));
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve("sim.err").toFile());
        pb.environment().put("WSUSCTL_BENCH_PASSWORD", password);
        Process sim = pb.start();
        try {
            Map<String, Integer> ports = readEndpoints(sim, n, simOut);
            double startS = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "N=%d: %d simulated hosts listening after %.1f s%n", n, ports.size(), startS);
            Path clientInv = dir.resolve("client.yml");
            Files.writeString(clientInv, clientInventory(ports));
            long simPid = sim.pid();
            runs.add(audit(s, n, "batch", clientInv, dir, password, simPid, List.of()));
            if (s.noBatchCounts().contains(n)) {
                runs.add(audit(s, n, "no-batch", clientInv, dir, password, simPid, List.of("--no-batch")));
            }
            double rss = kb(procStatus(simPid, "VmHWM")) / 1024.0;
            double cpu = procCpuSeconds(simPid);
            sim.destroy(); // SIGTERM: the simulator closes its listeners and exits
            if (!sim.waitFor(20, TimeUnit.SECONDS)) {
                sim.destroyForcibly();
            }
            sims.add(new Sim(n, startS, rss, heap(simGc)[0], cpu));
        } finally {
            if (sim.isAlive()) {
                sim.destroyForcibly();
            }
        }
    }

    /** Reads the simulator's {@code NAME http://127.0.0.1:PORT/wsman} lines until all N hosts listen. */
    private static Map<String, Integer> readEndpoints(Process sim, int n, Path copy) throws Exception {
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
                            ports.notifyAll();
                        }
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
            return new LinkedHashMap<>(ports);
        }
    }

    private static Run audit(Settings s, int n, String mode, Path inv, Path dir, String password, long simPid,
            List<String> extra) throws Exception {
        Path report = dir.resolve("report-" + mode + ".json");
        Path gc = dir.resolve("audit-" + mode + "-gc.log");
        Files.deleteIfExists(report);
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + s.auditHeap(),
                "-Xlog:gc,gc+heap+exit:file=" + gc, "-jar", s.jar().toString(), "audit", "-i", inv.toString(),
                s.playbook().toString(), "--forks", Integer.toString(s.forks()), "--no-progress",
                "--report-json", report.toString()));
        cmd.addAll(extra);
        System.out.printf(Locale.ROOT, "N=%d: %s audit: %s%n", n, mode, String.join(" ", cmd));
        double simCpu0 = procCpuSeconds(simPid);
        double children0 = childrenCpuSeconds();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("audit-" + mode + ".out").toFile())
                .redirectError(dir.resolve("audit-" + mode + ".err").toFile());
        pb.environment().put("WSUSCTL_BENCH_PASSWORD", password);
        long t0 = System.nanoTime();
        Process p = pb.start();
        long hwmKb = 0;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
            hwmKb = Math.max(hwmKb, kb(procStatus(p.pid(), "VmHWM")));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = childrenCpuSeconds() - children0; // the audit JVM, reaped by waitFor
        double simCpu = procCpuSeconds(simPid) - simCpu0;
        JsonNode r = JSON.readTree(report.toFile());
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
        double floor = floorSeconds(n, s.forks(), s.latencyMs(), s.startupMs());
        Run run = new Run(n, mode, p.exitValue(), wall, r.path("duration_ms").asLong() / 1000.0, req / count, reqMax,
                inv2 / count, invMax, unhealthy, cpu, heap[0], heap[2], heap[1], hwmKb / 1024.0, simCpu, floor);
        System.out.printf(Locale.ROOT, "N=%d: %s: exit %d, wall %.2f s (engine %.2f s), %.1f hosts/s, %.2f requests"
                        + " and %.2f invocations per host, wall/floor %.2f, audit CPU %.1f s, simulator CPU %.1f s%n",
                n, mode, run.exitCode(), wall, run.engineS(), run.hostsPerSecond(), run.requestsPerHost(),
                run.invocationsPerHost(), run.ratio(), cpu, simCpu);
        return run;
    }

    /** The least wall time: ceil(N/forks) waves, each host one Create, Command, Receive, Signal, Delete and one start-up. */
    static double floorSeconds(int n, int forks, int latencyMs, int startupMs) {
        long waves = (n + forks - 1) / forks;
        return waves * (REQUESTS_BEST * 2.0 * latencyMs + startupMs) / 1000.0;
    }

    // ------------------------------------------------------------------ inventories

    static String simInventory(int n, int latencyMs, int startupMs) {
        return "# generated by bench/Bench.java: " + n + " simulated WSUS servers, all healthy\n"
                + "all:\n"
                + "  vars:\n"
                + "    winrm_user: bench\n"
                + "    winrm_password_env: WSUSCTL_BENCH_PASSWORD\n"
                + "    winrm_scheme: http\n"
                + "  children:\n"
                + "    lab:\n"
                + "      vars:\n"
                + "        simulate: { latency_ms: " + latencyMs + ", ps_startup_ms: " + startupMs + " }\n"
                + "      hosts:\n"
                + "        lab[0001:" + String.format(Locale.ROOT, "%04d", n) + "]:\n";
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

    static String table(Settings s, List<Run> runs, List<Sim> sims) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Audit of %s, L=%d ms, S=%d ms, forks=%d; floor = ceil(N/forks) x (5 x 2L + S)%n%n",
                s.playbook().getFileName(), s.latencyMs(), s.startupMs(), s.forks()));
        sb.append("| N | mode | wall s | engine s | hosts/s | WinRM req/host (max) | PS inv/host (max) | floor s | wall/floor"
                + " | audit CPU s | audit heap peak / after GC / committed MB | audit RSS MB | sim CPU s | sim CPU / wall | exit |\n");
        sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Run r : runs) {
            sb.append(String.format(Locale.ROOT,
                    "| %d | %s | %.2f | %.2f | %.0f | %.2f (%d) | %.2f (%d) | %.2f | %.2f | %.1f | %.0f / %.0f / %.0f | %.0f | %.1f | %.0f%% | %s |%n",
                    r.hosts(), r.mode(), r.wallS(), r.engineS(), r.hostsPerSecond(), r.requestsPerHost(), r.requestsMax(),
                    r.invocationsPerHost(), r.invocationsMax(), r.floorS(), r.ratio(), r.cpuS(), r.heapPeakMb(),
                    r.heapLiveMb(), r.heapCommittedMb(), r.rssMb(), r.simCpuS(), 100 * r.simCpuS() / r.wallS(),
                    r.exitCode() + (r.unhealthy() == 0 ? "" : ", " + r.unhealthy() + " hosts not compliant")));
        }
        sb.append("\n| N | simulator start-up s | simulator CPU s (whole life) | simulator RSS MB | simulator heap peak MB |\n");
        sb.append("|---:|---:|---:|---:|---:|\n");
        for (Sim m : sims) {
            sb.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.0f | %.0f |%n", m.hosts(), m.startS(),
                    m.cpuTotalS(), m.rssMb(), m.heapPeakMb()));
        }
        return sb.toString();
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
                        + " --forks %d --no-batch-hosts %s --audit-heap %s", s.jar(), hosts, s.latencyMs(),
                s.startupMs(), s.forks(), nb.length() == 0 ? "none" : nb, s.auditHeap());
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
        String update = null;
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: Bench [--hosts 100,1000] [--latency-ms 20] [--startup-ms 250]"
                        + " [--forks 100] [--no-batch-hosts 100|all|none] [--audit-heap 512m] [--update BENCHMARKS.md];"
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
                o.get("audit-heap"));
    }
}
