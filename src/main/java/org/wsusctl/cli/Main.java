package org.wsusctl.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.MissingOptionException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.logging.log4j.LogManager;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.report.ExitCodes;

/** The {@code wsusctl} command line: picks the command, maps outcomes to exit codes. */
public final class Main {
    private final CliContext ctx;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    public Main(CliContext ctx) {
        this.ctx = ctx;
        ModuleRegistry modules = ModuleRegistry.builtIn();
        for (Command c : new Command[] {
                new RunCommand(ctx, modules, org.wsusctl.engine.Mode.AUDIT),
                new RunCommand(ctx, modules, org.wsusctl.engine.Mode.APPLY),
                new ValidateCommand(ctx, modules),
                new SimulateCommand(ctx),
                new InventoryCommand(ctx),
                new ModulesCommand(ctx, modules),
                new ScriptCommand(ctx, modules),
                new ReportCommand(ctx)}) {
            commands.put(c.name(), c);
        }
    }

    /** The only place that exits the JVM. */
    public static void main(String[] args) {
        // First, before anything slow: an interrupt from here on ends in an orderly exit 99.
        InterruptHandler.install(System.err);
        int code = new Main(CliContext.system()).run(args);
        org.wsusctl.report.Logging.shutdown();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; never throws. */
    public int run(String... args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printUsage();
            return args.length == 0 ? ExitCodes.BAD_OPTIONS : ExitCodes.OK;
        }
        if (args[0].equals("--version")) {
            ctx.out().println("wsusctl " + version());
            return ExitCodes.OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            error("wsusctl: error: unknown command '" + args[0] + "'"
                    + org.wsusctl.config.DidYouMean.hint(args[0], commands.keySet()) + "; commands: " + String.join(", ", commands.keySet()));
            return ExitCodes.BAD_OPTIONS;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            printHelp(command);
            return ExitCodes.OK;
        }
        try {
            CommandLine line = new DefaultParser().parse(command.options(), rest);
            return command.run(line);
        } catch (ParseException e) {
            error("wsusctl " + command.name() + ": error: " + describe(e, command.options())
                    + " (see 'wsusctl " + command.name() + " --help')");
            return ExitCodes.BAD_OPTIONS;
        } catch (UsageException e) {
            error("wsusctl " + command.name() + ": error: " + e.getMessage()
                    + " (see 'wsusctl " + command.name() + " --help')");
            return ExitCodes.BAD_OPTIONS;
        } catch (ConfigException e) {
            for (Diagnostic d : e.diagnostics()) {
                ctx.err().println(d.format());
            }
            ctx.err().println("wsusctl " + command.name() + ": " + e.diagnostics().size() + " error(s); nothing was run");
            return ExitCodes.INVALID_INPUT;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            LogManager.getLogger(Main.class).debug("unexpected error", e);
            error("wsusctl " + command.name() + ": unexpected error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (run with -vv for details)");
            return ExitCodes.UNEXPECTED;
        }
    }

    /** An error line: it quotes what the user typed, so it is made safe for the terminal first. */
    private void error(String line) {
        ctx.err().println(org.wsusctl.config.TerminalText.printable(line));
    }

    /**
     * commons-cli names a missing option by its short form only ("Missing required option: i"); a user
     * needs to see which option that is, with its long name and what it takes.
     */
    static String describe(ParseException e, Options options) {
        if (e instanceof MissingOptionException m) {
            List<String> names = new ArrayList<>();
            for (Object o : m.getMissingOptions()) {
                Option opt = o instanceof String s ? options.getOption(s) : null;
                names.add(opt == null ? String.valueOf(o) : display(opt));
            }
            return "missing required option " + String.join(", ", names);
        }
        if (e instanceof MissingArgumentException m && m.getOption() != null) {
            return "option " + display(m.getOption()) + " needs a value";
        }
        return e.getMessage();
    }

    private static String display(Option o) {
        String name = o.getOpt() != null && o.getLongOpt() != null ? "-" + o.getOpt() + "/--" + o.getLongOpt()
                : o.getOpt() != null ? "-" + o.getOpt() : "--" + o.getLongOpt();
        return o.hasArg() && o.getArgName() != null ? name + " " + o.getArgName() : name;
    }

    private void printUsage() {
        ctx.out().println("usage: wsusctl COMMAND [OPTIONS]\n\nCommands:");
        for (Command c : commands.values()) {
            ctx.out().printf("  %-9s %s%n", c.name(), c.description());
        }
        ctx.out().println("\nRun 'wsusctl COMMAND --help' for a command's options.");
        ctx.out().println("Exit codes: 0 compliant, 2 drift (audit) or failed step, 3 unreachable host,"
                + " 4 invalid playbook/inventory, 5 bad options, 99 interrupted, 250 unexpected error.");
    }

    private void printHelp(Command c) {
        HelpFormatter f = new HelpFormatter();
        java.io.PrintWriter pw = new java.io.PrintWriter(ctx.out(), true);
        f.printHelp(pw, 100, "wsusctl " + c.name() + " " + c.synopsis(), c.description() + "\n\n", c.options(), 2, 2,
                "", false);
        pw.flush();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
