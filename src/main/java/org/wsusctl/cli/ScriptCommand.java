package org.wsusctl.cli;

import org.wsusctl.report.ExitCodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.wsusctl.modules.ActionModule;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.playbook.ArgResolver;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.ScriptCall;

/**
 * {@code script MODULE}: prints the exact PowerShell wsusctl would run for a module's check (or fix), so an
 * administrator can read it, or run it with any WinRM client. Arguments as {@code --arg name=value}.
 */
final class ScriptCommand implements Command {
    private final CliContext ctx;
    private final ModuleRegistry modules;

    ScriptCommand(CliContext ctx, ModuleRegistry modules) {
        this.ctx = ctx;
        this.modules = modules;
    }

    @Override
    public String name() {
        return "script";
    }

    @Override
    public String synopsis() {
        return "MODULE [--fix] [--arg NAME=VALUE]... [--command-line]";
    }

    @Override
    public String description() {
        return "print the PowerShell a module's check (or --fix) runs on a host";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("fix").desc("the fix or action instead of the check").build())
                .addOption(Option.builder("a").longOpt("arg").hasArg().argName("NAME=VALUE")
                        .desc("a module argument (repeatable)").build())
                .addOption(Option.builder().longOpt("command-line")
                        .desc("print the compressed command line sent over WinRM instead of the script").build());
    }

    @Override
    public int run(CommandLine line) throws UsageException {
        if (line.getArgList().size() != 1) {
            throw new UsageException("expected one module name, found " + line.getArgList().size());
        }
        String name = line.getArgList().get(0);
        WsusModule module = modules.find(name).orElseThrow(() -> new UsageException("unknown module '" + name + "'"
                + org.wsusctl.config.DidYouMean.hint(name, modules.all().stream().map(WsusModule::name).toList())
                + "; run 'wsusctl modules'"));
        Map<String, Object> raw = new LinkedHashMap<>();
        for (String kv : line.getOptionValues("arg") == null ? new String[0] : line.getOptionValues("arg")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--arg expects NAME=VALUE, found '" + kv + "'");
            }
            raw.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        ModuleArgs args;
        try {
            args = ArgResolver.resolve(module, raw, Map.of());
        } catch (org.wsusctl.playbook.ArgException e) {
            throw new UsageException(e.getMessage());
        }
        ScriptCall<?> call = pick(module, args, line.hasOption("fix"));
        List<PsInvocation.Unit> units = List.of(new PsInvocation.Unit("u1", call));
        ctx.out().print(line.hasOption("command-line") ? PsInvocation.commandLine(units) + "\n"
                : PsInvocation.batchText(units));
        ctx.out().flush();
        return ExitCodes.OK;
    }

    private static ScriptCall<?> pick(WsusModule module, ModuleArgs args, boolean fix) throws UsageException {
        if (module instanceof ActionModule a) {
            return a.action(args);
        }
        CheckModule c = (CheckModule) module;
        if (!fix) {
            return c.check(args);
        }
        return c.fix(args, new org.wsusctl.remote.UnitResult.Check("drift", "", Map.of(), Map.of(), "", Map.of()))
                .orElseThrow(() -> new UsageException(module.name() + " has no fix (report only)"));
    }
}
