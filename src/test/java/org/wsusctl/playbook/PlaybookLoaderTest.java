package org.wsusctl.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;

class PlaybookLoaderTest {
    @TempDir
    Path dir;

    private final PlaybookLoader loader = new PlaybookLoader(TestModules.registry());

    private Playbook load(String yaml) throws Exception {
        Path f = dir.resolve("pb.yml");
        Files.writeString(f, yaml);
        return loader.load(f);
    }

    @Test
    void loadsTheDesignExample() throws Exception {
        Playbook p = loader.load(Path.of("src/test/resources/fixtures/good-playbook.yml"));
        assertEquals("WSUS sync fails with HTTP 503 (message 6703)", p.name());
        assertEquals("wsus:!eu", p.hosts());
        assertEquals(new Serial.Percent(25), p.serial().orElseThrow());
        assertEquals(20, p.maxFailPercentage().getAsInt());
        assertEquals(4000000L, p.vars().get("memory_limit_kb"));
        assertEquals(4, p.steps().size());
        Step mem = p.steps().get(1);
        assertEquals("iis.apppool.private_memory", mem.module());
        assertEquals("{{ memory_limit_kb }}", mem.args().get("minimum_kb"));
        assertEquals(List.of("recycle WsusPool"), mem.notifies());
        assertEquals(10, mem.pos().line());
        Step web = p.steps().get(2);
        assertFalse(web.fix());
        assertEquals(List.of("web", "smoke"), web.tags());
        assertTrue(p.steps().get(3).approve());
        assertTrue(p.steps().get(0).fix());
        assertFalse(p.steps().get(0).approve());
        assertEquals("recycle WsusPool", p.handlers().get(0).name());
    }

    @Test
    void serialCountAndDefaultName() throws Exception {
        Playbook p = load("hosts: all\nserial: 3\nsteps:\n  - name: a\n    module: iis.apppool.state\n");
        assertEquals(new Serial.Count(3), p.serial().orElseThrow());
        assertEquals("pb", p.name());
        assertTrue(p.maxFailPercentage().isEmpty());
        assertEquals(Map.of(), p.steps().get(0).args());
    }

    @Test
    void reportsAllErrorsOfTheFileSortedByPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                hosts: all
                serial: lots
                steps:
                  - name: a
                    module: iis.apppool.stat
                  - name: b
                    module: iis.apppool.state
                    args: { pol: x, soak_seconds: -1 }
                    notify: nothing
                """));
        List<Integer> lines = e.diagnostics().stream().map(d -> d.pos().line()).toList();
        assertEquals(List.of(2, 5, 6, 8, 8), lines, e.getMessage());
    }

    @Test
    void templatesAreCheckedForSyntaxOnlyAtLoad() throws Exception {
        Playbook p = load("hosts: all\nsteps:\n  - name: a\n    module: iis.apppool.private_memory\n"
                + "    args: { minimum_kb: \"{{ from_host_vars }}\" }\n");
        assertEquals("{{ from_host_vars }}", p.steps().get(0).args().get("minimum_kb"));
    }
}
