package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;

/** Inventory sources: scripts bounded in time and output, formats told apart, refusals that say what to do. */
class SourcesTest {
    @TempDir
    Path dir;

    Inventory load(Duration scriptTimeout, String... sources) throws ConfigException {
        return new InventoryLoader(new InventoryLoader.Options(Map.of(), Vault.NONE, scriptTimeout))
                .load(List.of(sources));
    }

    Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    @Timeout(30)
    void aHungInventoryScriptIsStoppedAtItsDeadline() throws Exception {
        Path s = script("inv.sh", "sleep 60\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Duration.ofSeconds(1), s.toString()));
        assertTrue(e.getMessage().contains("inv.sh:1:1: error: inventory script --list: it did not finish within 1 s"),
                e.getMessage());
    }

    @Test
    void aScriptCannotPrintWithoutBound() throws Exception {
        BoundedProcess.Failure f = assertThrows(BoundedProcess.Failure.class, () -> BoundedProcess.run(
                List.of("sh", "-c", "yes wsus01 | head -c 3000000"), null, Duration.ofSeconds(20), 1024 * 1024));
        assertTrue(f.getMessage().contains("printed more than 1 MB"), f.getMessage());
    }

    @Test
    void scriptErrorsAndJsonPositions() throws Exception {
        Path bad = script("bad.sh", "printf '{\\n  \"wsus\": [\"a\",]\\n}'\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Duration.ofSeconds(20), bad.toString()));
        assertTrue(e.getMessage().contains("bad.sh --list:2:"), e.getMessage());
        Path hostVars = script("hv.sh", "[ \"$1\" = --list ] && echo '{\"g\": [\"h1\"]}' || echo '[1]'\n");
        ConfigException hv = assertThrows(ConfigException.class, () -> load(Duration.ofSeconds(20), hostVars.toString()));
        assertTrue(hv.getMessage().contains("variables of host \"h1\": expected a mapping"), hv.getMessage());
    }

    @Test
    void iniErrorsNameTheLineAndColumn() throws Exception {
        Path ini = dir.resolve("hosts");
        Files.writeString(ini, "[wsus]\nwsus01 ansible_port\n[wsus:vars]\nnovalue\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Duration.ofSeconds(5), ini.toString()));
        assertTrue(e.getMessage().contains("hosts:2:8: error: expected key=value after the host name, found"
                + " \"ansible_port\""), e.getMessage());
        assertTrue(e.getMessage().contains("hosts:4:1: error: expected key=value in [wsus:vars]"), e.getMessage());
    }

    @Test
    void aFileWithoutExtensionIsYamlWhenItReadsAsAYamlMappingElseIni() throws Exception {
        Path yaml = dir.resolve("prod");
        Files.writeString(yaml, "wsus:\n  hosts:\n    w1:\n");
        assertEquals("w1", load(Duration.ofSeconds(5), yaml.toString()).hosts().get(0).name());
        Path ini = dir.resolve("hosts");
        Files.writeString(ini, "w2 ansible_host=10.0.0.2\n");
        assertEquals("w2", load(Duration.ofSeconds(5), ini.toString()).hosts().get(0).name());
    }

    @Test
    void tomlAndPluginConfigurationsAreRefusedWithWhatToDo() throws Exception {
        Path toml = dir.resolve("inv.toml");
        Files.writeString(toml, "[wsus.hosts]\n");
        ConfigException t = assertThrows(ConfigException.class, () -> load(Duration.ofSeconds(5), toml.toString()));
        assertTrue(t.getMessage().contains("ansible-inventory -i"), t.getMessage());
        Path aws = dir.resolve("aws_ec2.yml");
        Files.writeString(aws, "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n");
        ConfigException p = assertThrows(ConfigException.class, () -> load(Duration.ofSeconds(5), aws.toString()));
        assertTrue(p.getMessage().contains("aws_ec2.yml:1:1: error: this is the configuration of Ansible's"
                + " amazon.aws.aws_ec2 inventory plugin, which wsusctl does not run"), p.getMessage());
    }

    @Test
    void severalSourcesMergeAndAnEndlessDeviceIsRefusedAtTheBound() throws Exception {
        Path a = dir.resolve("a.yml");
        Files.writeString(a, "wsus:\n  hosts: {w1: }\n");
        Path b = dir.resolve("b.ini");
        Files.writeString(b, "[wsus]\nw2\n");
        Inventory inv = load(Duration.ofSeconds(5), a.toString(), b.toString(), "w3,");
        assertEquals(List.of("w1", "w2"), inv.groups().get("wsus").hosts());
        assertEquals(List.of("w3"), inv.groups().get("ungrouped").hosts());
        ConfigException e = assertThrows(ConfigException.class, () -> load(Duration.ofSeconds(5), "/dev/zero"));
        assertTrue(e.getMessage().contains("expected a file of at most 16 MB"), e.getMessage());
    }

    /** {@code -i <(ansible-inventory --list)}: a pipe is read once, as Ansible reads it. */
    @Test
    void aPipeIsReadOnce() throws Exception {
        Path fifo = dir.resolve("inv.json");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, "{\"_meta\": {\"hostvars\": {}}, \"all\": {\"children\": [\"wsus\"]},"
                        + " \"wsus\": {\"hosts\": [\"w1\", \"w2\"]}}");
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        writer.start();
        Inventory inv = load(Duration.ofSeconds(5), fifo.toString());
        writer.join(5000);
        assertEquals(List.of("w1", "w2"), inv.groups().get("wsus").hosts());
    }
}
