package org.wsusctl.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code wsusctl} as a real process (its own JVM, {@code Main.main}, signal handlers installed), for what
 * an in-process run cannot show: signals, {@code kill -9}, file size limits. stdout and stderr go to files
 * in {@code dir}, named after {@code tag}.
 */
final class WsusctlProcess {
    final Process process;
    final Path out;
    final Path err;

    private WsusctlProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static WsusctlProcess start(Path dir, String tag, Map<String, String> env, String... args) throws IOException {
        return startIn(dir, tag, env, null, args);
    }

    /** With extra JVM options (e.g. a small {@code -Xmx}). */
    static WsusctlProcess startWith(Path dir, String tag, Map<String, String> env, List<String> jvm, String... args)
            throws IOException {
        return startIn(dir, tag, env, null, jvm, args);
    }

    /** @param shellPrefix run through {@code bash -c 'PREFIX; exec java ...'} (e.g. {@code ulimit -f 64}), or null */
    static WsusctlProcess startIn(Path dir, String tag, Map<String, String> env, String shellPrefix, String... args)
            throws IOException {
        return startIn(dir, tag, env, shellPrefix, List.of(), args);
    }

    private static WsusctlProcess startIn(Path dir, String tag, Map<String, String> env, String shellPrefix,
            List<String> jvm, String... args) throws IOException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1"));
        java.addAll(jvm);
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.wsusctl.cli.Main"));
        java.addAll(List.of(args));
        List<String> cmd = java;
        if (shellPrefix != null) {
            StringBuilder sb = new StringBuilder(shellPrefix).append("; exec");
            for (String a : java) {
                sb.append(" '").append(a.replace("'", "'\\''")).append('\'');
            }
            cmd = List.of("bash", "-c", sb.toString());
        }
        Path out = dir.resolve(tag + ".out");
        Path err = dir.resolve(tag + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new WsusctlProcess(pb.start(), out, err);
    }

    /** Waits until {@code condition} holds (polling), failing if the process ends first or time runs out. */
    void awaitWhileAlive(BooleanSupplier condition, long seconds, String what) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("wsusctl ended (exit " + process.exitValue() + ") before " + what + "\n" + text());
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + seconds + " s: " + what + "\n" + text());
            }
            Thread.sleep(20);
        }
    }

    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    /** Waits for the exit code, killing the process if it takes longer than {@code seconds}. */
    int exit(long seconds) throws Exception {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                throw new AssertionError("wsusctl did not end within " + seconds + " s\n" + text());
            }
            return process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }

    String stdout() throws IOException {
        return Files.exists(out) ? Files.readString(out) : "";
    }

    String stderr() throws IOException {
        return Files.exists(err) ? Files.readString(err) : "";
    }

    String text() {
        try {
            return "--- stdout\n" + stdout() + "\n--- stderr\n" + stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
