package org.wsusctl.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.wsusctl.modules.ActionModule;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.FactRequest;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.playbook.ArgResolver;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.report.ExitCodes;

/**
 * {@code script MODULE}: prints the exact PowerShell wsusctl would run on a host for a module: the fact sections
 * its check gathers (read-only; what an audit sends), or with {@code --fix} the fix scripts it may run (their
 * arguments are planned from the facts on each host), or an action. An administrator can read it, or run it with
 * any WinRM client. Module arguments as {@code --arg name=value}.
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
        return "print the PowerShell a module's check (its fact sections) or --fix runs on a host";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("fix").desc("the fix scripts (or the action) instead of the check")
                        .build())
                .addOption(Option.builder("a").longOpt("arg").hasArg().argName("NAME=VALUE")
                        .desc("a module argument (repeatable)").build())
                .addOption(Option.builder().longOpt("command-line")
                        .desc("print the self-contained command line (launcher and code) instead of the script").build());
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
        boolean commandLine = line.hasOption("command-line");
        StringBuilder out = new StringBuilder();
        if (module instanceof ActionModule a) {
            out.append(commandLine ? PsInvocation.commandLineOf(a.action(args)) + "\n"
                    : PsInvocation.scriptText(a.action(args)));
        } else if (line.hasOption("fix")) {
            List<PsScript<Mutating>> fixes = ((CheckModule) module).fixScripts();
            if (fixes.isEmpty()) {
                throw new UsageException(module.name() + " has no fix (report only)");
            }
            for (PsScript<Mutating> f : fixes) {
                out.append("# ").append(f.id()).append(": its arguments are planned from the facts on each host\n")
                        .append(f.body()).append('\n');
            }
        } else {
            // One batch, as a pass sends it: each fact section a unit (u1, u2, ...) printing one result line.
            List<ScriptCall<?>> calls = ((CheckModule) module).facts(args).stream()
                    .<ScriptCall<?>>map(FactRequest::call).toList();
            out.append(commandLine ? PsInvocation.commandLineOf(calls) + "\n" : PsInvocation.scriptText(calls));
        }
        ctx.out().print(out);
        ctx.out().flush();
        return ExitCodes.OK;
    }
}
