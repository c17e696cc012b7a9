package org.wsusctl.cli;

import org.wsusctl.report.ExitCodes;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Inventory;

/**
 * {@code simulate}: serves an inventory's simulated hosts until interrupted, one line per host
 * ({@code NAME http://127.0.0.1:PORT/wsman}) once all listen, for other WinRM clients to use.
 */
final class SimulateCommand implements Command {
    private final CliContext ctx;

    SimulateCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String synopsis() {
        return "-i INVENTORY [--sim-state FILE]";
    }

    @Override
    public String description() {
        return "serve the simulated hosts of an inventory over WinRM until stopped";
    }

    @Override
    public Options options() {
        return CommonOptions.addLogging(CommonOptions.addVault(new Options().addOption(CommonOptions.inventory(true))
                .addOption(CommonOptions.simState())));
    }

    @Override
    public int run(CommandLine line) throws Exception {
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("simulate takes no playbooks, found '" + line.getArgList().get(0) + "'");
        }
        java.util.Map<String, java.util.Map.Entry<Path, OutputTargets.Use>> state = new java.util.LinkedHashMap<>();
        CommonOptions.path(line, "sim-state").ifPresent(p -> state.put("--sim-state",
                java.util.Map.entry(p, OutputTargets.Use.STATE)));
        OutputTargets outputs = CommonOptions.checkLogOnly(line, state,
                java.util.Arrays.stream(line.getOptionValues("inventory")).map(Path::of).toList());
        CommonOptions.configureLogging(line, outputs);
        // served, not logged in to: a host without a user accepts any client's account (README, Simulated hosts)
        CommonOptions.LoadedInventory loaded = CommonOptions.loadInventory(line, ctx, false);
        Inventory inventory = loaded.inventory();
        List<Host> simulated = inventory.hosts().stream().filter(Host::isSimulated).toList();
        if (simulated.isEmpty()) {
            throw new UsageException(inventory.source() + " has no host with a simulate: mapping");
        }
        Credentials creds = Credentials.resolve(simulated, ctx.env(), false, loaded.vault());
        CountDownLatch stop = new CountDownLatch(1);
        if (ctx.handleSignals()) {
            // before the fleet starts: an early interrupt still stops it in order
            InterruptHandler.onInterrupt(stop::countDown, "stopping the simulated hosts and saving their state");
        }
        try (SimLauncher.Launched sim = SimLauncher.start(simulated, creds.byHost(), outputs.path("--sim-state"))) {
            for (Map.Entry<String, URI> e : sim.fleet().endpoints().entrySet()) {
                ctx.out().println(org.wsusctl.config.TerminalText.printable(e.getKey() + " " + e.getValue()));
            }
            sim.fleet().certificatePem().ifPresent(p -> ctx.out().println("# certificate " + p));
            ctx.out().flush();
            stop.await();
            // what the hosts' PowerShell processes did that a real server pays for (simulate.costs; make bench reads it)
            org.wsusctl.sim.SimWork w = sim.models().work();
            ctx.out().printf(java.util.Locale.ROOT, "# work: processes %d, api loads %d, sql probes %d, http probes %d,"
                    + " charged ms %d%n", w.processes(), w.apiLoads(), w.sqlProbes(), w.httpProbes(), w.chargedMs());
            ctx.out().flush();
        }
        return ExitCodes.OK;
    }
}
