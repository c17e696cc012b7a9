package org.wsusctl.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;

/**
 * The training run of the class-data-sharing archive that {@code make build} writes next to the jar
 * ({@code target/wsusctl.jsa}, used by {@code bin/wsusctl}). A JVM started with
 * {@code -XX:ArchiveClassesAtExit} archives every class it loaded, so this runs several real command lines
 * in that one JVM (Java 17 cannot merge archives of separate runs): each argument is one command line,
 * split on whitespace, run as {@code wsusctl} would run it. The Makefile chooses them (validate, a
 * one-host audit of simulated hosts); they must succeed, or the archive would be trained on an error path.
 *
 * <p>Not a user command: {@code java -cp target/wsusctl.jar org.wsusctl.cli.CdsTraining 'LINE' ...}.
 * Exit code: 0 when every line exited 0, else the first other exit code (after running the rest).
 */
public final class CdsTraining {
    private CdsTraining() { }

    public static void main(String[] commandLines) {
        // As Main does first: the same classes loaded, and Ctrl-C during a build ends in an orderly way.
        InterruptHandler.install(System.err);
        Main main = new Main(CliContext.system());
        int result = 0;
        for (String line : commandLines) {
            List<String> args = new ArrayList<>(List.of(line.trim().split("\\s+")));
            System.out.println("cds-training: wsusctl " + String.join(" ", args));
            int code = main.run(args.toArray(String[]::new));
            System.out.println("cds-training: exit " + code);
            if (code != 0 && result == 0) {
                result = code;
            }
        }
        LogManager.shutdown();
        System.exit(result);
    }
}
