package org.wsusctl.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.wsusctl.engine.RunResult;
import org.wsusctl.report.FleetScope;
import org.wsusctl.report.HtmlReport;
import org.wsusctl.report.Journal;
import org.wsusctl.report.JsonReport;
import org.wsusctl.report.JunitReport;

/**
 * The report files a run was asked for, at paths {@link OutputTargets} checked before the run. A regular
 * file is written to a temporary file next to it, synced, and renamed into place only once every report is
 * written, so a reader never sees half a report; a symbolic link is written through to its target; a FIFO
 * or device is written into as it is. {@code -} sends the JSON report to stdout (the console then uses stderr).
 */
record Reports(boolean jsonToStdout, Optional<OutputTargets.Target> json, Optional<OutputTargets.Target> junit,
        Optional<OutputTargets.Target> html) {

    static Reports fromOptions(CommandLine line, OutputTargets targets) {
        return new Reports("-".equals(line.getOptionValue("report-json")), targets.get("--report-json"),
                targets.get("--report-junit"), targets.get("--report-html"));
    }

    /** Console output goes to stderr when stdout carries a report. */
    PrintStream consoleStream(CliContext ctx) {
        return jsonToStdout() ? ctx.err() : ctx.out();
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private record Pending(Path temp, Path target) { }

    /** @param scope where the run's hosts sit in the fleet (the shard, the selection), recorded in JSON and HTML */
    void write(RunResult result, List<Journal.OpenEntry> open, Optional<FleetScope> scope, CliContext ctx)
            throws IOException {
        if (jsonToStdout) {
            Writer w = new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8);
            JsonReport.write(result, open, scope, w);
            w.flush();
        }
        List<Pending> pending = new ArrayList<>();
        List<Runnable> streams = new ArrayList<>();
        try {
            for (var e : List.of(
                    java.util.Map.entry(json, (Body) w -> JsonReport.write(result, open, scope, w)),
                    java.util.Map.entry(junit, (Body) w -> JunitReport.write(result, w)),
                    java.util.Map.entry(html, (Body) w -> HtmlReport.write(result, open, scope, w)))) {
                if (e.getKey().isEmpty()) {
                    continue;
                }
                OutputTargets.Target t = e.getKey().get();
                if (t.special()) {
                    streams.add(() -> stream(t.real(), e.getValue()));
                } else {
                    pending.add(new Pending(temp(t.real(), e.getValue()), t.real()));
                }
            }
            // FIFOs last: one with no reader blocks here, with every regular report already on disk.
            for (Runnable s : streams) {
                s.run();
            }
            for (Pending p : pending) {
                Files.move(p.temp(), p.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                TempFiles.done(p.temp());
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (Pending p : pending) {
                Files.deleteIfExists(p.temp());
                TempFiles.done(p.temp());
            }
        }
    }

    private static Path temp(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = TempFiles.create(dir, target.getFileName().toString());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
             Writer w = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8)) {
            body.write(w);
            w.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            TempFiles.done(tmp);
            throw e;
        }
        return tmp;
    }

    private static void stream(Path target, Body body) {
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE);
             Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            body.write(w);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
