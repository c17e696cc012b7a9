package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * log4j's life in a real wsusctl process: started once, with wsusctl's own configuration, and shut down without
 * starting again. Seen through the classes the JVM loads: {@code XmlConfiguration} is what log4j uses to read
 * log4j2.xml, which a run never needs (Logging.configure builds its configuration in code). It was loaded twice
 * over before: at set-up (log4j2.xml first, then replaced) and inside java.util.logging's exit hook, which
 * restarted log4j after Main had shut it down (~0.14 s of every command).
 */
class LoggingLifecycleTest {

    @Test
    void aCommandNeverReadsLog4j2XmlNeitherAtStartNorAtExit(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.txt");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:file=" + classes,
                "-cp", System.getProperty("java.class.path"), "org.wsusctl.cli.Main",
                "validate", "-i", "inventory/lab.yml", "playbooks/wsus-health.yml");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "validate finished");
        assertEquals(0, p.exitValue(), () -> read(dir.resolve("out.txt")));
        String loaded = read(classes);
        assertTrue(loaded.contains("org.apache.logging.log4j.core.LoggerContext "), "log4j was set up at all");
        assertFalse(loaded.contains("org.apache.logging.log4j.core.config.xml.XmlConfiguration "),
                "log4j2.xml was read: log4j was set up from its file, at start or again at exit");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
