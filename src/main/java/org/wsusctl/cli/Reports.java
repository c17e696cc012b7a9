package org.wsusctl.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.cli.CommandLine;
import org.wsusctl.engine.RunResult;
import org.wsusctl.report.HtmlReport;
import org.wsusctl.report.JsonReport;
import org.wsusctl.report.JunitReport;

/**
 * The report files a run was asked for. Each is written to a temporary file and moved into place, so a
 * reader never sees half a report; {@code -} sends the JSON report to stdout (the console then uses stderr).
 */
record Reports(String json, String junit, String html) {

    static Reports fromOptions(CommandLine line) {
        return new Reports(line.getOptionValue("report-json"), line.getOptionValue("report-junit"),
                line.getOptionValue("report-html"));
    }

    boolean jsonToStdout() {
        return "-".equals(json);
    }

    /** Console output goes to stderr when stdout carries a report. */
    PrintStream consoleStream(CliContext ctx) {
        return jsonToStdout() ? ctx.err() : ctx.out();
    }

    void write(RunResult result, CliContext ctx) throws IOException {
        if (jsonToStdout()) {
            Writer w = new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8);
            JsonReport.write(result, w);
            w.flush();
        } else if (json != null) {
            atomically(Path.of(json), w -> JsonReport.write(result, w));
        }
        if (junit != null) {
            atomically(Path.of(junit), w -> JunitReport.write(result, w));
        }
        if (html != null) {
            atomically(Path.of(html), w -> HtmlReport.write(result, w));
        }
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private static void atomically(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.write(w);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
