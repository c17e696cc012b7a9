package org.wsusctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wsusctl} as users run it, on the packaged jar (an integration test: Maven's failsafe runs it after
 * {@code package}). Each test lays out a copy of the launcher and of the jar as a checkout has them
 * ({@code bin/wsusctl}, {@code target/wsusctl.jar}, optionally {@code target/wsusctl.jsa}), so the archive
 * cases never touch the build's own files.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("bin", "wsusctl").toAbsolutePath();
    private static final Path JAR = Path.of("target", "wsusctl.jar").toAbsolutePath();
    private static final String PLAYBOOK = Path.of("src/test/resources/security/pool-only.yml").toAbsolutePath()
            .toString();
    private static final String MAIN_FROM_ARCHIVE = "org.wsusctl.cli.Main source: shared objects file (top)";

    @TempDir
    Path dir;
    private Path home;
    private Path jsa;

    /** What a run printed and how it ended. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    @BeforeEach
    void layOut() throws IOException {
        // A space in the path: every expansion in the launcher must be quoted.
        layOutAt("wsusctl home");
    }

    private void layOutAt(String name) throws IOException {
        assertTrue(Files.isRegularFile(JAR), "run after package: " + JAR);
        home = dir.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("target"));
        Files.copy(LAUNCHER, home.resolve("bin/wsusctl"));
        Files.copy(JAR, home.resolve("target/wsusctl.jar"));
        jsa = home.resolve("target/wsusctl.jsa");
    }

    @Test
    void withoutAnArchiveItRunsAndPassesArgumentsAndExitCodesThrough() throws Exception {
        Run version = launch(Map.of(), "--version");
        assertEquals(0, version.exit(), version::toString);
        assertTrue(version.out().startsWith("wsusctl "), version::toString);
        assertEquals("", version.err(), version::toString);

        Run bad = launch(Map.of(), "validate");
        assertEquals(5, bad.exit(), bad::toString);

        Path inv = Files.writeString(dir.resolve("my inventory.yml"), "all:\n  hosts: [oops\n");
        Run invalid = launch(Map.of(), "validate", "-i", inv.toString());
        assertEquals(4, invalid.exit(), invalid::toString);
        assertTrue(invalid.err().contains("my inventory.yml"), invalid::toString);
    }

    @Test
    void runsWithTheArchiveBesideTheJar() throws Exception {
        dumpArchive();
        // -Xshare:on: a JVM that could not map the archive would refuse to start instead of falling back.
        Run run = launch(Map.of("WSUSCTL_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info"), "--version");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains(MAIN_FROM_ARCHIVE), run::toString);
    }

    @Test
    void aStaleOrDamagedArchiveIsIgnoredInSilence() throws Exception {
        dumpArchive();
        // The jar rebuilt after the archive: the JVM sees another modification time and drops the archive.
        Path jar = home.resolve("target/wsusctl.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Run stale = launch(Map.of(), "--version");
        assertEquals(0, stale.exit(), stale::toString);
        assertTrue(stale.out().matches("wsusctl \\S+\n"), stale::toString);
        assertEquals("", stale.err(), stale::toString);
        Run proof = launch(Map.of("WSUSCTL_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertFalse(proof.out().contains(MAIN_FROM_ARCHIVE), "the archive was still used: the test proves nothing");

        byte[] junk = new byte[64 * 1024];
        new java.util.Random(15).nextBytes(junk);
        Files.write(jsa, junk);
        Run damaged = launch(Map.of(), "--version");
        assertEquals(0, damaged.exit(), damaged::toString);
        assertTrue(damaged.out().matches("wsusctl \\S+\n"), damaged::toString);
        assertEquals("", damaged.err(), damaged::toString);
    }

    /** A stand-in java records what it was given: JAVA_HOME, WSUSCTL_JAVA_OPTS and the arguments as they were. */
    @Test
    void javaHomeAndJavaOptionsAreHonouredAndArgumentsArriveIntact() throws Exception {
        Path fakeHome = dir.resolve("fake jdk");
        Files.createDirectories(fakeHome.resolve("bin"));
        Path argsFile = dir.resolve("args.txt");
        Path java = Files.writeString(fakeHome.resolve("bin/java"),
                "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$ARGS_FILE\"\nexit 42\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run run = launch(Map.of("JAVA_HOME", fakeHome.toString(), "ARGS_FILE", argsFile.toString(),
                "WSUSCTL_JAVA_OPTS", " -Xmx77m  -Dwsusctl.glob=* "), "audit", "two words", "", "$HOME", "*");
        assertEquals(42, run.exit(), run::toString);
        List<String> args = Files.readAllLines(argsFile);
        int jar = args.indexOf("-jar");
        assertTrue(jar > 0, args::toString);
        assertEquals(home.toRealPath().resolve("target/wsusctl.jar").toString(), args.get(jar + 1));
        assertEquals(List.of("audit", "two words", "", "$HOME", "*"), args.subList(jar + 2, args.size()));
        List<String> jvm = args.subList(0, jar);
        assertTrue(jvm.contains("-XX:SharedArchiveFile=" + home.toRealPath().resolve("target/wsusctl.jsa")), jvm::toString);
        assertTrue(jvm.contains("-Xshare:auto"), jvm::toString);
        // The user's options come last among the JVM's, so they override the launcher's; never globbed.
        assertEquals(List.of("-Xmx77m", "-Dwsusctl.glob=*"), jvm.subList(jvm.size() - 2, jvm.size()));

        Run noJava = launch(Map.of("JAVA_HOME", dir.resolve("nowhere").toString()), "--version");
        assertEquals(250, noJava.exit(), noJava::toString);
        assertTrue(noJava.err().contains("JAVA_HOME"), noJava::toString);
    }

    @Test
    void withoutTheJarItSaysHowToBuildIt() throws Exception {
        Files.delete(home.resolve("target/wsusctl.jar"));
        Run run = launch(Map.of(), "--version");
        assertEquals(250, run.exit(), run::toString);
        assertTrue(run.err().contains("make build"), run::toString);
    }

    /**
     * The launcher execs java, so a signal sent to the process the user started reaches wsusctl's own handler
     * (orderly stop, exit 99). A shell left in between would die of SIGTERM (143) and orphan the JVM.
     */
    @Test
    void sigtermReachesWsusctlItself() throws Exception {
        Path inv = dir.resolve("inv.yml");
        assertEquals(0, new ProcessBuilder("mkfifo", inv.toString()).inheritIO().start().waitFor());
        Process p = start(Map.of("LAB_PW", "launcher-pw"), "audit", "-i", inv.toString(), PLAYBOOK, "--no-progress");
        try {
            try (OutputStream w = Files.newOutputStream(inv)) { // returns once wsusctl (java) opened it to read
                assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor());
                Thread.sleep(300);
                w.write("""
                        all:
                          vars: { winrm_user: LAB\\\\tester, winrm_password_env: LAB_PW }
                          hosts:
                            a: { simulate: {} }
                        """.getBytes(StandardCharsets.UTF_8));
            }
            Run run = finish(p, 120);
            assertEquals(99, run.exit(), run::toString);
            assertTrue(run.err().contains("interrupted"), run::toString);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * A small archive for a layout's jar, written as make build writes the real one (a shorter training). In
     * a layout without a space: Java 17 (17.0.15 here) records no class path entry for a jar whose path has a
     * space, so such an archive holds JDK classes only (the launcher still works; it just gains less).
     */
    private void dumpArchive() throws Exception {
        layOutAt("wsusctl-home");
        Process p = new ProcessBuilder(javaBin(), "-XX:ArchiveClassesAtExit=" + jsa, "-jar",
                home.toRealPath().resolve("target/wsusctl.jar").toString(), "--version")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dump.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "archive dump timed out");
        assertEquals(0, p.exitValue(), () -> read(dir.resolve("dump.log")));
        assertTrue(Files.size(jsa) > 0, () -> read(dir.resolve("dump.log")));
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        return finish(start(env, args), 120);
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/wsusctl").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        Map<String, String> e = pb.environment();
        e.remove("WSUSCTL_JAVA_OPTS");
        // The JDK running this test, unless the test sets another JAVA_HOME.
        e.put("JAVA_HOME", System.getProperty("java.home"));
        e.putAll(new HashMap<>(env));
        Files.setPosixFilePermissions(home.resolve("bin/wsusctl"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return pb.start();
    }

    private Run finish(Process p, long seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not end within " + seconds + " s\n"
                    + read(dir.resolve("err.txt")));
        }
        return new Run(p.exitValue(), read(dir.resolve("out.txt")), read(dir.resolve("err.txt")));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
