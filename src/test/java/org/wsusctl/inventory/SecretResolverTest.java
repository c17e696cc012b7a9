package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.SourcePos;

class SecretResolverTest {
    @TempDir
    Path dir;

    private static Host host(String name, SecretRef ref, String user) {
        Connection c = new Connection(name, Scheme.HTTPS, 5986, "/wsman", AuthScheme.NTLM, Optional.ofNullable(user),
                ref, true, Optional.empty(), false, Connection.DEFAULT_CONNECT_TIMEOUT,
                Connection.DEFAULT_OPERATION_TIMEOUT);
        return new Host(name, c, Map.of(), List.of(), Optional.empty(), new SourcePos(Path.of("inv.yml"), 7, 5));
    }

    @Test
    void secretNeverPrintsItsValue() {
        Secret s = new Secret("hunter2".toCharArray());
        assertEquals("********", s.toString());
        assertEquals("********", String.valueOf(List.of(s)).replace("[", "").replace("]", ""));
        assertArrayEquals("hunter2".toCharArray(), s.reveal());
        s.wipe();
        assertFalse(s.revealAsString().contains("hunter2"));
    }

    @Test
    void fromEnvironment() throws Exception {
        SecretResolver r = new SecretResolver(Map.of("PW", "s3cret"), PasswordPrompt.none());
        assertEquals("s3cret", r.resolve(host("w1", new SecretRef.FromEnv("PW"), null)).orElseThrow().revealAsString());
        assertTrue(r.resolve(host("w1", new SecretRef.None(), null)).isEmpty());
    }

    @Test
    void missingOrEmptyEnvironmentVariableIsNamedAtTheHost() {
        SecretResolver r = new SecretResolver(Map.of("EMPTY", ""), PasswordPrompt.none());
        ConfigException e = assertThrows(ConfigException.class,
                () -> r.resolve(host("w1", new SecretRef.FromEnv("WSUS_PASSWORD"), null)));
        assertEquals("inv.yml:7:5: error: host \"w1\": expected the password in environment variable WSUS_PASSWORD,"
                + " found it unset; export WSUS_PASSWORD before running", e.getMessage());
        ConfigException empty = assertThrows(ConfigException.class,
                () -> r.resolve(host("w1", new SecretRef.FromEnv("EMPTY"), null)));
        assertTrue(empty.getMessage().contains("found it empty"), empty.getMessage());
    }

    @Test
    void ownerOnlyFileWithTrailingNewlineStripped() throws Exception {
        Path f = dir.resolve("pw.txt");
        Files.writeString(f, "line one pw\r\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        SecretResolver r = new SecretResolver(Map.of(), PasswordPrompt.none());
        assertEquals("line one pw", r.resolve(host("w1", new SecretRef.FromFile(f), null)).orElseThrow()
                .revealAsString());
    }

    @Test
    void groupOrWorldReadableFileIsRefusedWithChmodHint() throws Exception {
        Path f = dir.resolve("pw.txt");
        Files.writeString(f, "topsecret\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        SecretResolver r = new SecretResolver(Map.of(), PasswordPrompt.none());
        ConfigException e = assertThrows(ConfigException.class,
                () -> r.resolve(host("w1", new SecretRef.FromFile(f), null)));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"));
    }

    @Test
    void missingAndEmptyFilesAreRefused() throws Exception {
        SecretResolver r = new SecretResolver(Map.of(), PasswordPrompt.none());
        assertThrows(ConfigException.class, () -> r.resolve(host("w1", new SecretRef.FromFile(dir.resolve("x")), null)));
        Path f = dir.resolve("empty");
        Files.writeString(f, "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> r.resolve(host("w1", new SecretRef.FromFile(f), null)));
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
    }

    /** A password file is read up to a bound: a huge file is refused, not loaded (issue 14, finding 9). */
    @Test
    void oversizedPasswordFileIsRefusedWithoutReadingIt() throws Exception {
        Path f = dir.resolve("huge");
        Files.write(f, new byte[SecretResolver.MAX_PASSWORD_FILE_BYTES + 1]);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        ConfigException e = assertThrows(ConfigException.class, () -> new SecretResolver(Map.of(),
                PasswordPrompt.none()).resolve(host("w1", new SecretRef.FromFile(f), null)));
        assertTrue(e.getMessage().contains("expected one password, found a file of more than 64 KB"), e.getMessage());
    }

    @Test
    void promptIsAskedOncePerDistinctPrompt() throws Exception {
        List<String> asked = new ArrayList<>();
        SecretResolver r = new SecretResolver(Map.of(), p -> {
            asked.add(p);
            return "typed".toCharArray();
        });
        r.resolve(host("w1", new SecretRef.Prompt(), "CORP\\a"));
        r.resolve(host("w2", new SecretRef.Prompt(), "CORP\\a"));
        r.resolve(host("w3", new SecretRef.Prompt(), "CORP\\b"));
        assertEquals(List.of("Password for CORP\\a: ", "Password for CORP\\b: "), asked);
    }

    @Test
    void noTerminalMeansAClearError() {
        SecretResolver r = new SecretResolver(Map.of(), PasswordPrompt.none());
        ConfigException e = assertThrows(ConfigException.class, () -> r.resolve(host("w1", new SecretRef.Prompt(), null)));
        assertTrue(e.getMessage().contains("no terminal"), e.getMessage());
    }
}
