package org.wsusctl.cli;

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.OptionGroup;
import org.apache.commons.cli.Options;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.HostPattern;
import org.wsusctl.inventory.Inventory;
import org.wsusctl.report.ExitCodes;

/**
 * {@code inventory -i INVENTORY --list | --graph [GROUP] | --host NAME}: the inventory as
 * ansible-inventory prints it (same JSON shape and graph), so an operator can diff the two before a run.
 * Values decrypted from vault never appear; simulated hosts are marked in the graph. Contacts no host.
 */
final class InventoryCommand implements Command {
    private final CliContext ctx;

    InventoryCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "inventory";
    }

    @Override
    public String synopsis() {
        return "-i INVENTORY --list | --graph [GROUP] | --host NAME";
    }

    @Override
    public String description() {
        return "print the inventory as ansible-inventory does (JSON --list, --graph, --host); no host is contacted";
    }

    @Override
    public Options options() {
        OptionGroup mode = new OptionGroup();
        mode.addOption(Option.builder().longOpt("list").desc("all groups, hosts and host variables as JSON").build());
        mode.addOption(Option.builder().longOpt("graph").desc("the group tree (from GROUP, default all)").build());
        mode.addOption(Option.builder().longOpt("host").hasArg().argName("NAME").desc("one host's variables as JSON")
                .build());
        mode.setRequired(true);
        Options o = new Options().addOption(CommonOptions.inventory(true)).addOptionGroup(mode);
        return CommonOptions.addLogging(CommonOptions.addVault(o));
    }

    @Override
    public int run(CommandLine line) throws Exception {
        List<String> args = line.getArgList();
        if (!line.hasOption("graph") && !args.isEmpty()) {
            throw new UsageException("unexpected argument '" + args.get(0) + "'");
        }
        if (args.size() > 1) {
            throw new UsageException("--graph takes at most one group, found " + args.size() + " arguments");
        }
        org.wsusctl.report.Logging.configure(CommonOptions.verbosity(line), CommonOptions.path(line, "log-file"));
        CommonOptions.LoadedInventory loaded = CommonOptions.readInventory(line, ctx);
        Inventory inv = loaded.inventory();
        // Shown even when a run would refuse it (as ansible-inventory shows it): the problems go to stderr
        // and decide the exit code.
        for (Diagnostic d : loaded.problems()) {
            ctx.err().println(d.format());
        }
        int code = loaded.problems().isEmpty() ? ExitCodes.OK : ExitCodes.INVALID_INPUT;
        if (line.hasOption("list")) {
            ctx.out().println(inv.listing().listJson());
            return code;
        }
        if (line.hasOption("graph")) {
            String group = args.isEmpty() ? "all" : args.get(0);
            String graph = inv.listing().graph(group);
            if (graph == null) {
                throw new UsageException("--graph: no group \"" + group + "\" in the inventory");
            }
            ctx.out().println(graph);
            return code;
        }
        String name = line.getOptionValue("host");
        List<Host> matched;
        try {
            matched = HostPattern.parse(name).select(inv);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--host: " + e.getMessage());
        }
        if (matched.size() != 1) {
            throw new UsageException("--host: expected a pattern matching one host, found " + matched.size()
                    + " host(s) for '" + name + "'");
        }
        ctx.out().println(inv.listing().hostJson(matched.get(0).name()));
        return code;
    }
}
