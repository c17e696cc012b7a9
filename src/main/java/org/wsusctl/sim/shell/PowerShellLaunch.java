package org.wsusctl.sim.shell;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads a {@code powershell.exe} command line as Windows PowerShell 5.1 does and finds the script text:
 * {@code -EncodedCommand} (base64 of UTF-16LE, any unambiguous prefix such as {@code -enc} or {@code -e},
 * or {@code -ec}), {@code -Command} (the rest of the line); within that text, wsusctl's launcher, which creates
 * the batch from the shell's environment and single-quoted lines ({@link ScriptBlockLauncher}), or the bootstrap
 * of wsusctl before it, whose {@code $z} held the gzip-compressed batch in base64 (still accepted, as Windows
 * would).
 */
final class PowerShellLaunch {
    /** Switches that take a value, which is skipped. */
    private static final Set<String> VALUED = Set.of("executionpolicy", "ep", "ex", "inputformat", "if", "outputformat",
            "of", "windowstyle", "w", "version", "v", "configurationname", "psconsolefile");
    private static final Set<String> FLAGS = Set.of("noprofile", "nop", "noninteractive", "noni", "nologo", "noexit",
            "sta", "mta", "nol");
    /** {@code $z='<base64>'} inline, or {@code $z=$env:NAME} for a batch staged in the shell's environment. */
    private static final Pattern BOOTSTRAP = Pattern.compile(
            "^\\s*\\$z\\s*=\\s*(?:'([A-Za-z0-9+/=]*)'|\\$env:([A-Za-z0-9_]+))\\s*;.*GZipStream.*", Pattern.DOTALL);

    /** The outcome: the script text to run, or the error powershell.exe itself prints. */
    record Script(String text, ShellOutput launchError) { }

    private PowerShellLaunch() { }

    /** @param args the arguments after the executable name */
    static Script script(List<String> args) {
        return script(args, java.util.Map.of());
    }

    /** @param environment the shell's environment variables (names compared case-insensitively, as Windows does) */
    static Script script(List<String> args, java.util.Map<String, String> environment) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!(a.startsWith("-") || a.startsWith("/")) || a.length() < 2) {
                return command(String.join(" ", args.subList(i, args.size())), environment);
            }
            String name = a.substring(1).toLowerCase(Locale.ROOT);
            if (name.equals("ec") || "encodedcommand".startsWith(name)) {
                if (i + 1 >= args.size()) {
                    return failed("Missing parameter argument for -EncodedCommand.");
                }
                return encoded(args.get(i + 1), environment);
            } else if ("command".startsWith(name)) {
                return command(String.join(" ", args.subList(i + 1, args.size())), environment);
            } else if ("file".startsWith(name) && name.length() >= 1 && name.startsWith("f")) {
                return failed("The simulator does not run script files (-File).");
            } else if (VALUED.contains(name) || VALUED.stream().anyMatch(v -> v.length() > 3 && v.startsWith(name) && name.length() >= 3)) {
                i++;
            } else if (FLAGS.contains(name) || FLAGS.stream().anyMatch(f -> f.length() > 5 && f.startsWith(name) && name.length() >= 5)) {
                continue;
            } else {
                // powershell.exe 5.1 treats the first unknown word as the start of the command
                return command(String.join(" ", args.subList(i, args.size())), environment);
            }
        }
        return new Script("", null);
    }

    private static Script encoded(String b64, java.util.Map<String, String> environment) {
        try {
            return command(new String(Base64.getDecoder().decode(b64.strip()), StandardCharsets.UTF_16LE), environment);
        } catch (IllegalArgumentException e) {
            return failed("Cannot process the command because the value specified with -EncodedCommand is not properly "
                    + "encoded. The value must be Base64 encoded.");
        }
    }

    private static Script command(String text, java.util.Map<String, String> environment) {
        java.util.Optional<String> created = ScriptBlockLauncher.scriptText(text, environment);
        if (created.isPresent()) {
            return new Script(created.get(), null);
        }
        Matcher m = BOOTSTRAP.matcher(text);
        if (m.matches()) {
            String payload = m.group(1) != null ? m.group(1) : lookup(environment, m.group(2));
            if (payload == null) {
                return new Script(null, new ShellOutput("", Clixml.errorStream(List.of(
                        "Exception calling \"FromBase64String\" with \"1\" argument(s): \"Value cannot be null.",
                        "Parameter name: s\"",
                        "    + CategoryInfo          : NotSpecified: (:) [], MethodInvocationException",
                        "    + FullyQualifiedErrorId : ArgumentNullException", " ")), 1));
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(payload)))) {
                return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
            } catch (IOException | IllegalArgumentException e) {
                return new Script(null, new ShellOutput("", Clixml.errorStream(List.of(
                        "Exception calling \"ReadToEnd\" with \"0\" argument(s): \"The magic number in GZip header is not "
                                + "correct. Make sure you are passing in a GZip stream.\"",
                        "    + CategoryInfo          : NotSpecified: (:) [], MethodInvocationException",
                        "    + FullyQualifiedErrorId : InvalidDataException", " ")), 1));
            }
        }
        return new Script(text, null);
    }

    private static String lookup(java.util.Map<String, String> environment, String name) {
        for (java.util.Map.Entry<String, String> e : environment.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().strip();
            }
        }
        return null;
    }

    private static Script failed(String message) {
        return new Script(null, new ShellOutput("", message + WindowsText.CRLF, 64));
    }
}
