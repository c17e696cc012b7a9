package org.wsusctl.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;

/**
 * Writes every report format for the synthetic mixed fleet and a 1,000-host fleet, for
 * {@code scripts/check-html-render.sh} and for people to look at. {@code HtmlReportTest} runs it into
 * {@code target/sample-reports}; by hand: {@code main(DIR)} from the test class path.
 */
public final class SampleReports {
    private SampleReports() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "target/sample-reports"));
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAll(dir, "report", Fleet.mixed(Mode.APPLY));
        writeAll(dir, "large", Fleet.large(1000));
    }

    private static void writeAll(Path dir, String base, RunResult run) throws IOException {
        try (Writer w = Files.newBufferedWriter(dir.resolve(base + ".html"), StandardCharsets.UTF_8)) {
            HtmlReport.write(run, w);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(base + ".json"), StandardCharsets.UTF_8)) {
            JsonReport.write(run, w);
        }
        try (Writer w = Files.newBufferedWriter(dir.resolve(base + ".xml"), StandardCharsets.UTF_8)) {
            JunitReport.write(run, w);
        }
    }
}
