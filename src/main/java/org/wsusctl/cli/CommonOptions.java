package org.wsusctl.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.wsusctl.config.ConfigException;
import org.wsusctl.inventory.Inventory;
import org.wsusctl.inventory.InventoryLoader;
import org.wsusctl.inventory.InventoryWarning;
import org.wsusctl.inventory.PasswordPrompt;
import org.wsusctl.inventory.Vault;
import org.wsusctl.inventory.VaultSecrets;

/** Options shared by the commands, parsed and checked once. */
final class CommonOptions {
    private CommonOptions() { }

    static Option inventory(boolean required) {
        return Option.builder("i").longOpt("inventory").hasArg().argName("INVENTORY").required(required)
                .desc("inventory as Ansible reads it: a YAML, INI or JSON file, a directory, an executable"
                        + " dynamic inventory script, or a host list 'a,b,'; repeat to merge several").build();
    }

    /** Ansible's vault options (ansible-playbook's names). */
    static Options addVault(Options o) {
        return o.addOption(Option.builder().longOpt("vault-password-file").hasArg().argName("FILE")
                        .desc("vault password from FILE (or printed by FILE when it is executable); repeatable")
                        .build())
                .addOption(Option.builder().longOpt("vault-id").hasArg().argName("[LABEL@]SOURCE")
                        .desc("a vault password with its label; SOURCE is a file, a script or 'prompt'; repeatable")
                        .build())
                .addOption(Option.builder().longOpt("ask-vault-pass").desc("ask for the vault password").build());
    }

    /**
     * An inventory, the vault passwords it was opened with (hosts' passwords may need them later), and the
     * problems of its variables and connections (which a run refuses and a listing shows).
     */
    record LoadedInventory(Inventory inventory, Vault vault, List<org.wsusctl.config.Diagnostic> problems) { }

    /**
     * Loads every {@code -i} source for a run, which logs in to the hosts unless it only lists them: any problem is
     * thrown (exit 4). Warnings go to stderr.
     */
    static LoadedInventory loadInventory(CommandLine line, CliContext ctx) throws ConfigException {
        // --list-hosts and --list-steps only list, as a listing of the inventory does: no host is logged in to
        return loadInventory(line, ctx, !line.hasOption("list-hosts") && !line.hasOption("list-steps"));
    }

    /**
     * As {@link #loadInventory(CommandLine, CliContext)}; without {@code forLogin} the simulated hosts are only
     * served to other clients ({@code wsusctl simulate}), so what wsusctl's own login needs is not required.
     */
    static LoadedInventory loadInventory(CommandLine line, CliContext ctx, boolean forLogin) throws ConfigException {
        LoadedInventory l = readInventory(line, ctx, forLogin);
        if (!l.problems().isEmpty()) {
            throw new ConfigException(l.problems());
        }
        return l;
    }

    /**
     * Loads every {@code -i} source with the vault options, printing the inventory's warnings on stderr
     * ({@code wsusctl: file:line:col: warning: ...}); problems of variables and connections are returned.
     */
    static LoadedInventory readInventory(CommandLine line, CliContext ctx) throws ConfigException {
        return readInventory(line, ctx, false);
    }

    private static LoadedInventory readInventory(CommandLine line, CliContext ctx, boolean forLogin)
            throws ConfigException {
        java.io.Console console = System.console();
        PasswordPrompt prompt = console == null ? PasswordPrompt.none() : text -> console.readPassword("%s", text);
        Vault vault = VaultSecrets.load(values(line, "vault-password-file"), values(line, "vault-id"),
                line.hasOption("ask-vault-pass"), prompt);
        InventoryLoader.Options opts = InventoryLoader.Options.defaults();
        InventoryLoader.Options mine = new InventoryLoader.Options(ctx.env(), vault, opts.scriptTimeout());
        InventoryLoader.Listed l = new InventoryLoader(forLogin ? mine.withLogin() : mine).list(values(line, "inventory"));
        for (InventoryWarning w : l.inventory().warnings()) {
            ctx.err().println("wsusctl: " + w.format());
        }
        return new LoadedInventory(l.inventory(), vault, l.problems());
    }

    static List<String> values(CommandLine line, String opt) {
        String[] v = line.getOptionValues(opt);
        return v == null ? List.of() : Arrays.asList(v);
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
