package org.wsusctl.sim.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulated Windows command processor. A WinRM command runs through cmd.exe (winrm4j sends
 * {@code WINRS_SKIP_CMD_SHELL=FALSE}), so the line is read as cmd reads it: segments joined by {@code &} or
 * {@code &&}; a segment that starts {@code powershell[.exe]} runs the PowerShell emulation, a wsusctl batch
 * going to the host's model; the rest is cmd's small built-in repertoire.
 */
public final class ShellEmulator {
    /**
     * cmd.exe's longest command line. WinRM hands the line to {@code cmd.exe /c}, which refuses a longer one
     * before running anything; this is why {@code run_ps}-style {@code -EncodedCommand} fails on Windows for
     * scripts past about 3 KB, and why wsusctl sends its batches compressed.
     */
    static final int CMD_MAX_LINE = 8191;
    private static final String LINE_TOO_LONG = "The command line is too long." + WindowsText.CRLF;

    private ShellEmulator() { }

    /**
     * Parses a command line.
     *
     * @param command the {@code rsp:Command} text
     * @param arguments the {@code rsp:Arguments} elements; Ansible sends one holding all arguments space-joined,
     *                  so they are joined and re-tokenized
     */
    public static ParsedCommand parse(String command, List<String> arguments, HostIdentity id) {
        return parse(command, arguments, id, java.util.Map.of());
    }

    /**
     * Parses a command line run in a shell created with these environment variables ({@code rsp:Environment});
     * PowerShell sees them as {@code $env:NAME}.
     */
    public static ParsedCommand parse(String command, List<String> arguments, HostIdentity id,
            java.util.Map<String, String> environment) {
        StringBuilder line = new StringBuilder(command == null ? "" : command.strip());
        for (String a : arguments) {
            line.append(' ').append(a);
        }
        if (line.length() > CMD_MAX_LINE) {
            return new ParsedCommand(false, List.of(), host -> new ShellOutput("", LINE_TOO_LONG, 1));
        }
        List<WindowsCommandLine.Segment> segments = WindowsCommandLine.cmdSegments(line.toString());
        List<Step> steps = new ArrayList<>();
        List<ScriptRef> scripts = new ArrayList<>();
        boolean powershell = false;
        for (WindowsCommandLine.Segment seg : segments) {
            Step step = step(seg, id, environment);
            steps.add(step);
            scripts.addAll(step.scripts);
            powershell |= step.powershell;
        }
        return new ParsedCommand(powershell, scripts, host -> {
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            int exit = 0;
            long busy = 0; // each powershell segment is its own process, run one after the other
            for (Step s : steps) {
                if (s.conditional && exit != 0) {
                    continue;
                }
                ShellOutput o = s.program.run(host);
                out.append(o.stdout());
                err.append(o.stderr());
                exit = o.exitCode();
                busy += o.busyMs();
                if (s.exits) {
                    break;
                }
            }
            return new ShellOutput(out.toString(), err.toString(), exit, busy);
        });
    }

    /** One cmd segment: what it runs and whether it ends the line ({@code exit}). */
    private record Step(ParsedCommand.Program program, List<ScriptRef> scripts, boolean powershell, boolean conditional,
            boolean exits) { }

    private static Step step(WindowsCommandLine.Segment seg, HostIdentity id, java.util.Map<String, String> environment) {
        String text = seg.text().strip();
        List<String> args = WindowsCommandLine.arguments(text);
        String program = args.isEmpty() ? "" : args.get(0);
        if (WindowsCommandLine.isPowerShell(program)) {
            PowerShellLaunch.Script s = PowerShellLaunch.script(args.subList(1, args.size()), environment);
            if (s.launchError() != null) {
                ShellOutput error = s.launchError();
                return new Step(h -> error, List.of(), true, seg.onlyIfPreviousSucceeded(), false);
            }
            if (BatchRunner.isBatch(s.text())) {
                BatchRunner.Batch batch = BatchRunner.batch(s.text()); // the same text for every host: parsed once
                return new Step(h -> BatchRunner.run(batch.units(), h), batch.scripts(), true,
                        seg.onlyIfPreviousSucceeded(), false);
            }
            String script = s.text();
            return new Step(h -> PowerShellScript.run(script, id), List.of(), true, seg.onlyIfPreviousSucceeded(), false);
        }
        String name = program.toLowerCase(Locale.ROOT);
        ParsedCommand.Program p;
        boolean exits = false;
        switch (name) {
            case "":
                p = h -> new ShellOutput("", "", 0);
                break;
            case "hostname":
            case "hostname.exe":
                p = h -> new ShellOutput(id.computerName() + WindowsText.CRLF, "", 0);
                break;
            case "whoami":
            case "whoami.exe":
                p = h -> new ShellOutput(id.whoami() + WindowsText.CRLF, "", 0);
                break;
            case "ipconfig":
            case "ipconfig.exe":
                p = h -> new ShellOutput(WindowsText.ipconfig(id), "", 0);
                break;
            case "echo": {
                // cmd prints the rest of the line verbatim, quotes and trailing blanks included
                String rest = seg.text().stripLeading().substring(4);
                String shown = rest.isBlank() ? "ECHO is on." : rest.substring(1);
                p = h -> new ShellOutput(shown + WindowsText.CRLF, "", 0);
                break;
            }
            case "exit": {
                List<String> rest = new ArrayList<>(args.subList(1, args.size()));
                if (!rest.isEmpty() && rest.get(0).equalsIgnoreCase("/b")) {
                    rest.remove(0);
                }
                int code = 0;
                if (!rest.isEmpty()) {
                    try {
                        code = Integer.parseInt(rest.get(0));
                    } catch (NumberFormatException e) {
                        code = 0;
                    }
                }
                int c = code;
                p = h -> new ShellOutput("", "", c);
                exits = true;
                break;
            }
            default:
                p = h -> new ShellOutput("", WindowsText.cmdNotRecognized(program), 1);
        }
        return new Step(p, List.of(), false, seg.onlyIfPreviousSucceeded(), exits);
    }
}
