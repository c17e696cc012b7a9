package org.wsusctl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.wsusctl.report.ExitCodes;

/**
 * The training run of the class-data-sharing archive that {@code make build} writes next to the jar
 * ({@code target/wsusctl.jsa}, used by {@code bin/wsusctl}). A JVM started with
 * {@code -XX:ArchiveClassesAtExit} archives every class it loaded, so this runs several real command lines
 * in that one JVM (Java 17 cannot merge archives of separate runs), each as {@code wsusctl} would run it.
 * They come from a file ({@code tools/cds/training.args}: one command line a line, split on whitespace,
 * {@code #} comments); they must succeed, or the archive would be trained on an error path.
 *
 * <p>Not a user command: {@code java -cp target/wsusctl.jar org.wsusctl.cli.CdsTraining FILE}. Exit code: 0
 * when every line exited 0, else the first other exit code (after running the rest).
 */
public final class CdsTraining {
    private CdsTraining() { }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CdsTraining FILE (one wsusctl command line a line)");
            System.exit(ExitCodes.BAD_OPTIONS);
        }
        // As Main does first: the same classes loaded, and Ctrl-C during a build ends in an orderly way.
        InterruptHandler.install(System.err);
        int result = run(new Main(CliContext.system()), System.out, commandLines(Path.of(args[0])));
        org.wsusctl.report.Logging.shutdown();
        System.exit(result);
    }

    /** The command lines of {@code file}: blank lines and {@code #} comments left out, each split on whitespace. */
    static List<List<String>> commandLines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> Arrays.asList(l.split("\\s+")))
                .toList();
    }

    /** Runs every command line with {@code main}; the first exit code other than 0, else 0. */
    static int run(Main main, PrintStream out, List<List<String>> commandLines) {
        int result = 0;
        for (List<String> args : commandLines) {
            out.println("cds-training: wsusctl " + String.join(" ", args));
            int code = main.run(args.toArray(String[]::new));
            out.println("cds-training: exit " + code);
            if (code != 0 && result == 0) {
                result = code;
            }
        }
        return result;
    }
}
