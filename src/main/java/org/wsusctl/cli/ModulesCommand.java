package org.wsusctl.cli;

import org.wsusctl.report.ExitCodes;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.FixPolicy;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;

/** {@code wsusctl modules}: every built-in module, its arguments, whether it fixes, and the symptom it answers. */
final class ModulesCommand implements Command {
    private final CliContext ctx;
    private final ModuleRegistry modules;

    ModulesCommand(CliContext ctx, ModuleRegistry modules) {
        this.ctx = ctx;
        this.modules = modules;
    }

    @Override
    public String name() {
        return "modules";
    }

    @Override
    public String synopsis() {
        return "[--markdown]";
    }

    @Override
    public String description() {
        return "list the built-in modules with their arguments and whether they can fix";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder().longOpt("markdown").desc("print a Markdown table").build());
    }

    @Override
    public int run(CommandLine line) throws UsageException {
        if (!line.getArgList().isEmpty()) {
            throw new UsageException("modules takes no arguments, found '" + line.getArgList().get(0) + "'");
        }
        PrintStream out = ctx.out();
        if (line.hasOption("markdown")) {
            out.println("| module | checks | fix | symptom | arguments (default) |");
            out.println("|---|---|---|---|---|");
            for (WsusModule m : modules.all()) {
                out.printf("| `%s` | %s | %s | %s | %s |%n", m.name(), m.summary(), fixText(m), m.symptom(),
                        argsText(m, "<br>"));
            }
            return ExitCodes.OK;
        }
        for (WsusModule m : modules.all()) {
            out.println(m.name() + " - " + m.summary());
            out.println("  fix:     " + fixText(m));
            out.println("  symptom: " + m.symptom());
            for (ArgSpec a : m.args()) {
                out.println("  arg " + a.name() + " (" + a.type().name().toLowerCase() + (a.required() ? ", required"
                        : ", default " + a.defaultValue()) + "): " + a.description());
            }
            out.println();
        }
        return ExitCodes.OK;
    }

    private static String fixText(WsusModule m) {
        String kind = m instanceof CheckModule ? "" : "action; ";
        if (m.fixPolicy() == FixPolicy.NONE) {
            return kind + "no (report only)";
        }
        return kind + (m.fixPolicy() == FixPolicy.APPROVAL ? "yes, needs approve: true" : "yes, automatic in apply");
    }

    private static String argsText(WsusModule m, String sep) {
        StringBuilder sb = new StringBuilder();
        for (ArgSpec a : m.args()) {
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append('`').append(a.name()).append('`').append(a.required() ? " (required)" : " (" + a.defaultValue() + ")");
        }
        return sb.toString();
    }
}
