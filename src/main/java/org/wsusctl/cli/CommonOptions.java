package org.wsusctl.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Options shared by the commands, parsed and checked once. */
final class CommonOptions {
    private CommonOptions() { }

    static Option inventory(boolean required) {
        return Option.builder("i").longOpt("inventory").hasArg().argName("INVENTORY").required(required)
                .desc("inventory file (Ansible YAML shape)").build();
    }

    static Option simState() {
        return Option.builder().longOpt("sim-state").hasArg().argName("FILE")
                .desc("keep simulated hosts' state in FILE across runs (loaded at start, saved at the end)").build();
    }

    static Option verbose() {
        return Option.builder("v").longOpt("verbose").desc("more log output on stderr (-vv for debug)").build();
    }

    static Option logFile() {
        return Option.builder().longOpt("log-file").hasArg().argName("FILE").desc("write a full debug log to FILE")
                .build();
    }

    static Options addLogging(Options o) {
        return o.addOption(verbose()).addOption(logFile());
    }

    /** -v may be repeated; -vv counts twice. */
    static int verbosity(CommandLine line) {
        int n = 0;
        for (Option o : line.getOptions()) {
            if ("v".equals(o.getOpt())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Configures logging once the outputs are checked: the log file (if any) at its checked path, created
     * owner-only, like the journal.
     */
    static void configureLogging(CommandLine line, OutputTargets outputs) throws UsageException {
        Optional<Path> log = outputs.path("--log-file");
        if (log.isPresent()) {
            try {
                org.wsusctl.report.Logging.prepareLogFile(log.get());
            } catch (java.io.IOException e) {
                throw new UsageException("--log-file " + line.getOptionValue("log-file") + ": " + e.getMessage());
            }
        }
        org.wsusctl.report.Logging.configure(verbosity(line), log);
    }

    /** Checks {@code --log-file} (and {@code extra} outputs) for commands that only log. */
    static OutputTargets checkLogOnly(CommandLine line, java.util.Map<String, java.util.Map.Entry<Path,
            OutputTargets.Use>> extra, java.util.List<Path> inputs) throws UsageException {
        java.util.Map<String, java.util.Map.Entry<Path, OutputTargets.Use>> outputs = new java.util.LinkedHashMap<>(extra);
        path(line, "log-file").ifPresent(p -> outputs.put("--log-file", java.util.Map.entry(p, OutputTargets.Use.APPEND)));
        return OutputTargets.check(outputs, inputs);
    }

    static Optional<Path> path(CommandLine line, String opt) {
        return Optional.ofNullable(line.getOptionValue(opt)).map(Path::of);
    }

    static int intOption(CommandLine line, String opt, int dflt, int min, int max) throws UsageException {
        String v = line.getOptionValue(opt);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("--" + opt + " must be between " + min + " and " + max + ", found " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + opt + " expects a whole number, found '" + v + "'");
        }
    }
}
