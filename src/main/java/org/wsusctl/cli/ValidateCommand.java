package org.wsusctl.cli;

import org.wsusctl.report.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.playbook.PlaybookLoader;

/** {@code validate}: checks files only, no network; every error of every file as {@code file:line:col}. */
final class ValidateCommand implements Command {
    private final CliContext ctx;
    private final ModuleRegistry modules;

    ValidateCommand(CliContext ctx, ModuleRegistry modules) {
        this.ctx = ctx;
        this.modules = modules;
    }

    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String synopsis() {
        return "[-i INVENTORY] PLAYBOOK...";
    }

    @Override
    public String description() {
        return "check playbooks (and an inventory) without contacting any host";
    }

    @Override
    public Options options() {
        return CommonOptions.addLogging(CommonOptions.addVault(new Options().addOption(CommonOptions.inventory(false))));
    }

    @Override
    public int run(CommandLine line) throws Exception {
        if (line.getArgList().isEmpty() && !line.hasOption("inventory")) {
            throw new UsageException("nothing to validate: give playbooks and/or -i INVENTORY");
        }
        List<Path> inputs = new ArrayList<>();
        if (line.hasOption("inventory")) {
            for (String i : line.getOptionValues("inventory")) {
                inputs.add(Path.of(i));
            }
        }
        line.getArgList().forEach(f -> inputs.add(Path.of(f)));
        CommonOptions.configureLogging(line, CommonOptions.checkLogOnly(line, java.util.Map.of(), inputs));
        List<Diagnostic> problems = new ArrayList<>();
        java.util.Optional<java.util.Set<String>> inventoryVariables = java.util.Optional.empty();
        if (line.hasOption("inventory")) {
            try {
                inventoryVariables = java.util.Optional.of(RunCommand.variablesOf(
                        CommonOptions.loadInventory(line, ctx).inventory()));
            } catch (ConfigException e) {
                problems.addAll(e.diagnostics());
            }
        }
        PlaybookLoader loader = new PlaybookLoader(modules);
        for (String f : line.getArgList()) {
            try {
                loader.load(Path.of(f), inventoryVariables);
            } catch (ConfigException e) {
                problems.addAll(e.diagnostics());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        ctx.out().println("ok: " + (line.getArgList().size()) + " playbook(s)"
                + (line.hasOption("inventory") ? " and 1 inventory" : "") + " valid");
        return ExitCodes.OK;
    }
}
