package org.wsusctl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.config.TerminalText;
import org.wsusctl.report.ConsoleReporter;
import org.wsusctl.report.ExitCodes;
import org.wsusctl.report.FleetScope;
import org.wsusctl.report.ReportMerge;
import org.wsusctl.report.ReportReader;

/**
 * {@code report merge REPORT.json...}: one fleet report from the JSON reports of a sharded run's shards,
 * with the recap on the console and the exit code the run would have had as one process. Contacts nothing.
 */
final class ReportCommand implements Command {
    private static final String MERGE = "merge";
    private final CliContext ctx;

    ReportCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String synopsis() {
        return "merge REPORT.json... [--report-json FILE] [--report-junit FILE] [--report-html FILE]";
    }

    @Override
    public String description() {
        return "merge: one fleet report and exit code from the JSON reports of the shards of a run (--shard)";
    }

    @Override
    public Options options() {
        Options o = new Options()
                .addOption(Option.builder().longOpt("report-json").hasArg().argName("FILE")
                        .desc("write the merged JSON report (- for stdout)").build())
                .addOption(Option.builder().longOpt("report-junit").hasArg().argName("FILE")
                        .desc("write the merged JUnit XML report").build())
                .addOption(Option.builder().longOpt("report-html").hasArg().argName("FILE")
                        .desc("write the merged self-contained HTML fleet report").build())
                .addOption(Option.builder().longOpt("diff").desc("print before/after values per host and step")
                        .build());
        return CommonOptions.addLogging(o);
    }

    @Override
    public int run(CommandLine line) throws Exception {
        List<String> args = line.getArgList();
        if (args.isEmpty() || !args.get(0).equals(MERGE)) {
            throw new UsageException(args.isEmpty() ? "expected a subcommand: merge REPORT.json..."
                    : "unknown subcommand '" + args.get(0) + "'" + org.wsusctl.config.DidYouMean.hint(args.get(0),
                            List.of(MERGE)) + "; expected: merge REPORT.json...");
        }
        List<Path> files = args.subList(1, args.size()).stream().map(Path::of).toList();
        if (files.isEmpty()) {
            throw new UsageException("merge: no report given; expected the JSON report of every shard");
        }
        OutputTargets outputs = checkOutputs(line, files);
        Reports reports = Reports.fromOptions(line, outputs);
        CommonOptions.configureLogging(line, outputs);

        List<ReportReader.Read> read = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                read.add(ReportReader.read(f));
            } catch (ConfigException e) {
                problems.addAll(e.diagnostics());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        ReportMerge.Merged merged;
        try {
            merged = ReportMerge.merge(read);
        } catch (ReportMerge.Refused e) {
            for (String p : e.problems()) {
                ctx.err().println(TerminalText.printable("wsusctl report merge: error: " + p));
            }
            ctx.err().println("wsusctl report merge: " + e.problems().size() + " problem(s); nothing was merged");
            return ExitCodes.INVALID_INPUT;
        }
        PrintStream console = reports.consoleStream(ctx);
        console.println(TerminalText.printable(header(merged)));
        console.flush();
        ConsoleReporter recap = new ConsoleReporter(console, false, ctx.clock());
        recap.printOpenEntries(merged.open(), "the journal of each shard");
        recap.printRecap(merged.run(), line.hasOption("diff"));
        try {
            reports.write(merged.run(), merged.open(), Optional.of(merged.scope()), ctx);
        } catch (IOException e) {
            ctx.err().println(TerminalText.printable("wsusctl report merge: error: cannot write a report: "
                    + e.getMessage()));
            return ExitCodes.UNEXPECTED;
        }
        return ExitCodes.of(merged.run());
    }

    /** {@code merged 4 shards (audit of playbooks/wsus-health.yml): shard 1/4 s1.json 75 hosts, ...}. */
    private static String header(ReportMerge.Merged m) {
        FleetScope.Merged parts = m.scope().merged().orElseThrow();
        List<String> each = new ArrayList<>();
        for (FleetScope.Part p : parts.reports()) {
            each.add("shard " + p.index() + "/" + parts.total() + " " + p.file() + " " + p.hosts()
                    + (p.hosts() == 1 ? " host" : " hosts") + (p.interrupted() ? " (interrupted)" : ""));
        }
        return "merged " + parts.total() + (parts.total() == 1 ? " shard" : " shards")
                + parts.by().map(b -> " by " + b).orElse("") + " (" + m.run().mode().json() + " of "
                + String.join(", ", m.run().playbooks()) + ", " + m.scope().selectedHosts() + " selected hosts): "
                + String.join("; ", each);
    }

    /** The merged reports are outputs, checked before anything is read; the shard reports are inputs. */
    private static OutputTargets checkOutputs(CommandLine line, List<Path> inputs) throws UsageException {
        Map<String, Map.Entry<Path, OutputTargets.Use>> outputs = new LinkedHashMap<>();
        OutputTargets.addReportsAndLog(line, outputs);
        return OutputTargets.check(outputs, inputs);
    }
}
