package org.wsusctl.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.engine.Engine;
import org.wsusctl.engine.EngineSettings;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.PlaybookPlan;
import org.wsusctl.engine.RunListener;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.SimStats;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.HostPattern;
import org.wsusctl.inventory.Inventory;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.playbook.ArgResolver;
import org.wsusctl.playbook.Playbook;
import org.wsusctl.playbook.PlaybookLoader;
import org.wsusctl.remote.winrm.ConnectionPolicy;
import org.wsusctl.remote.winrm.TransportSettings;
import org.wsusctl.remote.winrm.WinRmRuntime;
import org.wsusctl.remote.winrm.WinRmShellFactory;
import org.wsusctl.report.ConsoleReporter;
import org.wsusctl.report.ExitCodes;
import org.wsusctl.report.Journal;
import java.io.IOException;

/** {@code audit} and {@code apply}: load, validate, connect, run, report. */
final class RunCommand implements Command {
    private final CliContext ctx;
    private final ModuleRegistry modules;
    private final Mode mode;

    RunCommand(CliContext ctx, ModuleRegistry modules, Mode mode) {
        this.ctx = ctx;
        this.modules = modules;
        this.mode = mode;
    }

    @Override
    public String name() {
        return mode.json();
    }

    @Override
    public String synopsis() {
        return "-i INVENTORY [OPTIONS] PLAYBOOK...";
    }

    @Override
    public String description() {
        return mode == Mode.AUDIT
                ? "dry run: run the checks only and report drift; never changes a host"
                : "check, fix what drifted, and verify each fix by checking again";
    }

    @Override
    public Options options() {
        Options o = new Options()
                .addOption(CommonOptions.inventory(true))
                .addOption(Option.builder("l").longOpt("limit").hasArg().argName("PATTERN")
                        .desc("only hosts matching PATTERN (group, host, wsus0*, a:b, a,b, !x, &y)").build())
                .addOption(Option.builder("f").longOpt("forks").hasArg().argName("N")
                        .desc("hosts worked on in parallel (default " + EngineSettings.DEFAULT_FORKS + ")").build())
                .addOption(Option.builder().longOpt("timeout").hasArg().argName("SECONDS")
                        .desc("deadline for one host (default " + EngineSettings.DEFAULT_HOST_DEADLINE.toSeconds()
                                + ")").build())
                .addOption(Option.builder().longOpt("report-json").hasArg().argName("FILE")
                        .desc("write the JSON report (- for stdout)").build())
                .addOption(Option.builder().longOpt("report-junit").hasArg().argName("FILE")
                        .desc("write a JUnit XML report").build())
                .addOption(Option.builder().longOpt("report-html").hasArg().argName("FILE")
                        .desc("write a self-contained HTML fleet report").build())
                .addOption(Option.builder().longOpt("no-progress").desc("plain lines instead of a live progress bar")
                        .build())
                .addOption(Option.builder().longOpt("diff").desc("print before/after values per host and step")
                        .build())
                .addOption(Option.builder().longOpt("no-batch")
                        .desc("one PowerShell process per check instead of one per host (slower; for comparison)")
                        .build())
                .addOption(Option.builder().longOpt("ask-pass")
                        .desc("ask for the WinRM password once, for hosts without a password source").build())
                .addOption(Option.builder("t").longOpt("tags").hasArg().argName("TAGS")
                        .desc("only steps with these tags (comma-separated; always, never, tagged, untagged, all"
                                + " as in Ansible)").build())
                .addOption(Option.builder().longOpt("skip-tags").hasArg().argName("TAGS")
                        .desc("leave out steps with these tags").build())
                .addOption(Option.builder().longOpt("list-hosts")
                        .desc("list the hosts each playbook would run on, without connecting (-v: where and how"
                                + " each is reached)").build())
                .addOption(Option.builder().longOpt("list-steps")
                        .desc("list the steps each playbook would run, after --tags/--skip-tags, without connecting")
                        .build())
                .addOption(Option.builder().longOpt("retry-dir").hasArg().argName("DIR")
                        .desc("where to write PLAYBOOK.retry after a run with failed or unreachable hosts (default:"
                                + " $XDG_STATE_HOME/wsusctl/retry)").build())
                .addOption(Option.builder().longOpt("no-retry-file").desc("write no retry file").build())
                .addOption(CommonOptions.simState());
        if (mode == Mode.APPLY) {
            o.addOption(Option.builder().longOpt("journal").hasArg().argName("FILE")
                    .desc("append every change to FILE as JSON lines (default: under $XDG_STATE_HOME/wsusctl)")
                    .build());
            o.addOption(Option.builder().longOpt("fail-fast").desc("stop starting hosts after the first failure")
                    .build());
        }
        return CommonOptions.addLogging(CommonOptions.addVault(ShardOption.addTo(o)));
    }

    @Override
    public int run(CommandLine line) throws Exception {
        if (ctx.handleSignals()) {
            // Until the engine exists, an interrupt is remembered; the engine then starts no host (exit 99).
            InterruptHandler.onInterrupt(() -> { }, "no host will be started; reports are written for what is"
                    + " known (interrupt again to stop at once)");
        }
        List<String> playbookArgs = line.getArgList();
        if (playbookArgs.isEmpty()) {
            throw new UsageException("no playbook given");
        }
        int forks = CommonOptions.intOption(line, "forks", EngineSettings.DEFAULT_FORKS, 1, 1000);
        int timeout = CommonOptions.intOption(line, "timeout", (int) EngineSettings.DEFAULT_HOST_DEADLINE.toSeconds(),
                1, 86_400);
        ShardOption shard = ShardOption.fromOptions(line, ctx.env());
        OutputTargets outputs = checkOutputs(line, playbookArgs);
        Reports reports = Reports.fromOptions(line, outputs);
        CommonOptions.configureLogging(line, outputs);
        // The transport's runtime (CXF bus, WSDL, JAXB context, HTTP client) is built on its own thread while the
        // inventory and playbooks are read: a one-host audit waits for neither in turn (BENCHMARKS.md, second pass).
        // Started after logging is set up: log4j set up from two threads at once warns of conflicts on stderr.
        // Not for a listing, which connects nowhere: it would only take CPU from it.
        boolean listing = line.hasOption("list-hosts") || line.hasOption("list-steps");
        try (WinRmRuntime.Pending transport = listing ? WinRmRuntime.onDemand() : WinRmRuntime.startInBackground()) {
            return run(line, new RunOptions(playbookArgs, forks, timeout, shard, outputs, reports), transport);
        }
    }

    /** What the command line says, read and checked before the run starts its transport. */
    private record RunOptions(List<String> playbookArgs, int forks, int timeout, ShardOption shard,
            OutputTargets outputs, Reports reports) { }

    private int run(CommandLine line, RunOptions o, WinRmRuntime.Pending transport) throws Exception {
        List<String> playbookArgs = o.playbookArgs();
        ShardOption shard = o.shard();
        OutputTargets outputs = o.outputs();
        Reports reports = o.reports();
        RetryFiles retry = RetryFiles.fromOptions(line, ctx.env()).forShard(shard.shard());
        CommonOptions.LoadedInventory loaded = CommonOptions.loadInventory(line, ctx);
        Inventory inventory = loaded.inventory();
        StepTags tags = StepTags.of(CommonOptions.values(line, "tags"), CommonOptions.values(line, "skip-tags"));
        List<Playbook> playbooks = PlanListing.filterSteps(loadPlaybooks(playbookArgs, variablesOf(inventory)), tags, ctx.err());
        PlanListing.refuseVarsBesidePlaybooks(playbooks, CommonOptions.values(line, "inventory"));
        ShardOption.Applied sharded = shard.apply(plan(inventory, playbooks, line.getOptionValue("limit")), inventory,
                ctx.err());
        List<PlaybookPlan> plans = sharded.plans();
        if (line.hasOption("list-hosts") || line.hasOption("list-steps")) {
            sharded.line().filter(l -> line.hasOption("list-hosts")).ifPresent(ctx.out()::println);
            PlanListing.print(plans, line.hasOption("list-hosts"), line.hasOption("list-steps"),
                    CommonOptions.verbosity(line) > 0, ctx.out());
            return ExitCodes.OK;
        }
        sharded.line().ifPresent(l -> ctx.err().println("wsusctl: " + l));
        plans = PlanListing.winrmOnly(plans, ctx.err());
        List<Host> hosts = distinctHosts(plans);
        checkConnections(hosts);
        Credentials creds = Credentials.resolve(hosts, ctx.env(), line.hasOption("ask-pass"), loaded.vault());

        try (SimLauncher.Launched sim = SimLauncher.start(hosts, creds.byHost(), outputs.path("--sim-state"));
             WinRmShellFactory shells = new WinRmShellFactory(transport.take(), creds::password,
                     TransportSettings.defaults());
             Journal journal = mode == Mode.APPLY ? openJournal(outputs.path("--journal").orElseThrow()) : null) {
            plans = rewrite(plans, sim.hosts());
            boolean live = ctx.interactive() && !line.hasOption("no-progress") && !reports.jsonToStdout();
            ConsoleReporter console = new ConsoleReporter(reports.consoleStream(ctx), live, ctx.clock());
            console.markSimulated(hosts.stream().filter(h -> h.simulate().isPresent()).map(Host::name).toList());
            List<Journal.OpenEntry> open = journal == null ? List.of() : journal.openAtStart();
            if (journal != null) {
                announce(journal);
            }
            RunListener listener = journal == null ? console : Listeners.both(console, journal);
            Engine engine = new Engine(shells, modules,
                    (module, step, vars) -> {
                        try {
                            return ArgResolver.resolve(module, step.args(), vars);
                        } catch (org.wsusctl.playbook.ArgException e) {
                            throw new IllegalArgumentException(e.getMessage(), e);
                        }
                    },
                    inventory.groups(), listener,
                    new EngineSettings(o.forks(), Duration.ofSeconds(o.timeout()), !line.hasOption("no-batch"),
                            line.hasOption("fail-fast")),
                    ctx.clock());
            if (ctx.handleSignals()) {
                // runs at once if an interrupt already came: then no host is started
                InterruptHandler.onInterrupt(engine::requestStop, InterruptHandler.RUN_MESSAGE);
            }
            RunResult result = withSimStats(engine.run(mode, plans), sim);
            if (ctx.handleSignals()) {
                InterruptHandler.onInterrupt(() -> { }, "every host has finished; the reports are being written"
                        + " (interrupt again to stop at once)");
            }
            if (journal != null) {
                open = journal.openAtStart(); // now with what this run found for each
            }
            IOException reportFailure = null;
            try {
                reports.write(result, open, java.util.Optional.of(sharded.scope()), ctx);
            } catch (IOException e) {
                reportFailure = e;
            }
            console.printOpenEntries(open, journal == null ? null : journal.path());
            console.printRecap(result, line.hasOption("diff"));
            retry.write(plans, result, ctx.err());
            if (InterruptHandler.received() && !result.interrupted()) {
                ctx.err().println("wsusctl: the interrupt came after every host had finished: the results above are"
                        + " complete");
            }
            if (reportFailure != null) {
                ctx.err().println(org.wsusctl.config.TerminalText.printable("wsusctl " + name()
                        + ": error: cannot write a report: " + reportFailure.getMessage()));
                return ExitCodes.UNEXPECTED;
            }
            return ExitCodes.of(result);
        }
    }

    /**
     * Every output of the run checked before anything is loaded or contacted (exit 5 on a problem); the
     * journal's default path is an output too.
     */
    private OutputTargets checkOutputs(CommandLine line, List<String> playbookArgs) throws UsageException {
        Map<String, Map.Entry<Path, OutputTargets.Use>> outputs = new LinkedHashMap<>();
        if (mode == Mode.APPLY) {
            Path journal = CommonOptions.path(line, "journal").orElseGet(() -> Journal.defaultPath(ctx.env()));
            outputs.put("--journal", Map.entry(journal, OutputTargets.Use.JOURNAL));
        }
        OutputTargets.addReportsAndLog(line, outputs);
        CommonOptions.path(line, "sim-state").ifPresent(p -> outputs.put("--sim-state",
                Map.entry(p, OutputTargets.Use.STATE)));
        List<Path> inputs = new ArrayList<>();
        for (String i : line.getOptionValues("inventory")) {
            inputs.add(Path.of(i));
        }
        playbookArgs.forEach(p -> inputs.add(Path.of(p)));
        return OutputTargets.check(outputs, inputs);
    }

    private static Journal openJournal(Path path) throws UsageException {
        try {
            return Journal.open(path);
        } catch (IOException e) {
            throw new UsageException("--journal " + path + ": " + e.getMessage());
        }
    }

    /** What the journal holds from earlier runs, said before any host is contacted. */
    private void announce(Journal journal) {
        if (journal.tornBytesRemoved() > 0) {
            ctx.err().println("wsusctl: warning: the journal " + journal.path() + " ended in half a line ("
                    + journal.tornBytesRemoved() + " bytes, from a run that died while writing it); it was cut off");
        }
        int open = journal.openAtStart().size();
        if (open > 0) {
            ctx.err().println(org.wsusctl.config.TerminalText.printable("wsusctl: warning: the journal "
                    + journal.path() + " has " + open + (open == 1 ? " fix" : " fixes") + " of earlier runs that"
                    + " started and never finished (they may be half-applied); listed with this run's findings"
                    + " at the end"));
        }
    }

    /** Every variable some host of the inventory defines (with a value): what a template may name. */
    static java.util.Set<String> variablesOf(Inventory inventory) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Host h : inventory.hosts()) {
            h.vars().forEach((k, v) -> {
                if (v != null) {
                    names.add(k);
                }
            });
        }
        return names;
    }

    private List<Playbook> loadPlaybooks(List<String> files, java.util.Set<String> inventoryVariables)
            throws ConfigException {
        PlaybookLoader loader = new PlaybookLoader(modules);
        List<Playbook> playbooks = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (String f : files) {
            try {
                playbooks.add(loader.load(Path.of(f), java.util.Optional.of(inventoryVariables)));
            } catch (ConfigException e) {
                problems.addAll(e.diagnostics());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return playbooks;
    }

    private List<PlaybookPlan> plan(Inventory inventory, List<Playbook> playbooks, String limit)
            throws UsageException {
        List<Host> limited = inventory.hosts();
        if (limit != null) {
            try {
                limited = HostPattern.limit(limit).select(inventory);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--limit: " + e.getMessage());
            }
            if (limited.isEmpty()) {
                throw new UsageException("--limit '" + limit + "' matched no hosts in " + inventory.source());
            }
        }
        // A set of names: List.contains here made planning quadratic in the fleet size.
        Set<String> allowed = new HashSet<>();
        limited.forEach(h -> allowed.add(h.name()));
        List<PlaybookPlan> plans = new ArrayList<>();
        for (Playbook pb : playbooks) {
            List<Host> selected;
            try {
                selected = HostPattern.parse(pb.hosts()).select(inventory);
            } catch (IllegalArgumentException e) {
                throw new UsageException(pb.source() + ": hosts: " + e.getMessage());
            }
            List<Host> finalHosts = selected.stream().filter(h -> allowed.contains(h.name())).toList();
            if (finalHosts.isEmpty()) {
                ctx.err().println(org.wsusctl.config.TerminalText.printable("wsusctl: warning: " + pb.source()
                        + ": hosts '" + pb.hosts() + "'" + (limit == null ? "" : " with --limit '" + limit + "'")
                        + " matched no hosts"));
            }
            plans.add(new PlaybookPlan(pb, finalHosts));
        }
        if (plans.stream().allMatch(p -> p.hosts().isEmpty())) {
            throw new UsageException("no host to run on");
        }
        return plans;
    }

    private static List<Host> distinctHosts(List<PlaybookPlan> plans) {
        Map<String, Host> byName = new LinkedHashMap<>();
        plans.forEach(p -> p.hosts().forEach(h -> byName.putIfAbsent(h.name(), h)));
        return List.copyOf(byName.values());
    }

    /** Insecure or impossible connection settings are inventory errors, reported before any host is contacted. */
    private static void checkConnections(List<Host> hosts) throws ConfigException {
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, Host> byEndpoint = new LinkedHashMap<>();
        for (Host h : hosts) {
            for (String p : ConnectionPolicy.problems(h)) {
                problems.add(new Diagnostic(h.declaredAt(), "host " + h.name() + ": " + p));
            }
            // TLS trust is applied per endpoint (one CXF conduit configuration per URL), so two inventory
            // names for one endpoint must agree on it; otherwise verify_tls: false on one would weaken the other.
            Host first = byEndpoint.putIfAbsent(h.connection().endpoint().toString(), h);
            if (first != null && !h.isSimulated() && (first.connection().verifyTls() != h.connection().verifyTls()
                    || !first.connection().caFile().equals(h.connection().caFile()))) {
                problems.add(new Diagnostic(h.declaredAt(), "host " + h.name() + ": same endpoint "
                        + h.connection().endpoint() + " as host " + first.name()
                        + " but different verify_tls/ca_file; expected the same TLS settings for one endpoint"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static List<PlaybookPlan> rewrite(List<PlaybookPlan> plans, List<Host> rewritten) {
        Map<String, Host> byName = new LinkedHashMap<>();
        rewritten.forEach(h -> byName.put(h.name(), h));
        return plans.stream().map(p -> new PlaybookPlan(p.playbook(),
                p.hosts().stream().map(h -> byName.getOrDefault(h.name(), h)).toList())).toList();
    }

    private static RunResult withSimStats(RunResult r, SimLauncher.Launched sim) {
        if (sim.fleet() == null) {
            return r;
        }
        List<HostResult> hosts = new ArrayList<>();
        java.util.Set<String> names = sim.fleet().endpoints().keySet(); // once, not a copy per host
        for (HostResult h : r.hosts()) {
            boolean simulated = names.contains(h.name());
            hosts.add(simulated ? h.withSimulated(new SimStats(sim.fleet().requests(h.name()),
                    sim.fleet().changesSinceStart(h.name()))) : h);
        }
        return r.withHosts(hosts);
    }
}
