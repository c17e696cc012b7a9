package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.SourcePos;

/**
 * Ansible Vault decryption against data encrypted by ansible-vault itself (ansible-core 2.14, the corpus
 * fixtures): format 1.1 strings, a 1.2 file with a vault id label, wrong passwords, tampering, and where
 * the passwords come from (files, scripts, vault ids, the terminal).
 */
class VaultTest {
    static final Path CORPUS = InventoryCorpusTest.CORPUS;
    static final SourcePos AT = new SourcePos(Path.of("inv.yml"), 3, 7);

    @TempDir
    Path dir;

    static Vault vault(String label, String password) {
        return new Vault(List.of(new VaultSecret(label, password.toCharArray(), "test")));
    }

    /** The !vault value of ansible_password in corpus case 16, as encrypt_string printed it. */
    static String inlineEnvelope() throws Exception {
        String text = Files.readString(CORPUS.resolve("16-vault-inline/hosts.yml"));
        int start = text.indexOf("$ANSIBLE_VAULT");
        int end = text.indexOf("ansible_user:", start);
        return text.substring(start, end).lines().map(String::strip).filter(l -> !l.isEmpty())
                .reduce((a, b) -> a + "\n" + b).orElseThrow();
    }

    @Test
    void decryptsAnsibleVaultStringFormat11() throws Exception {
        assertEquals("Not-A-Real-Passw0rd", vault("default", "corpus-vault-password").decryptText(inlineEnvelope(), AT,
                "value"));
    }

    @Test
    void decryptsAVaultIdFileFormat12WithTheMatchingLabelAmongOthers() throws Exception {
        String file = Files.readString(CORPUS.resolve("17-vault-file-ids/group_vars/wsus/vault.yml"));
        assertTrue(file.startsWith("$ANSIBLE_VAULT;1.2;AES256;prod"));
        Vault v = new Vault(List.of(new VaultSecret("dev", "corpus-vault-password".toCharArray(), "a"),
                new VaultSecret("prod", "corpus-prod-password".toCharArray(), "b")));
        assertTrue(v.decryptText(file, AT, "vars file").contains("vault_wsus_password: Not-A-Real-Passw0rd"));
    }

    @Test
    void wrongPasswordIsRefusedWithoutEchoingAnything() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> vault("default", "guess").decryptText(inlineEnvelope(), AT, "value"));
        assertTrue(e.getMessage().contains("inv.yml:3:7"), e.getMessage());
        assertTrue(e.getMessage().contains("none of the 1 vault password(s) given decrypts it"), e.getMessage());
        assertFalse(e.getMessage().contains("guess"), e.getMessage());
    }

    @Test
    void noPasswordSaysHowToGiveOne() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Vault.NONE.decryptText(inlineEnvelope(), AT, "value"));
        assertTrue(e.getMessage().contains("--vault-password-file"), e.getMessage());
    }

    @Test
    void tamperedCiphertextFailsTheHmacCheckBeforeDecrypting() throws Exception {
        String env = inlineEnvelope();
        String[] lines = env.split("\n");
        char c = lines[3].charAt(10);
        lines[3] = lines[3].substring(0, 10) + (c == '3' ? '4' : '3') + lines[3].substring(11);
        String tampered = String.join("\n", lines);
        assertThrows(ConfigException.class, () -> vault("default", "corpus-vault-password").decryptText(tampered, AT,
                "value"));
    }

    @Test
    void malformedEnvelopesAreNamed() {
        assertTrue(Vault.malformed("$ANSIBLE_VAULT;1.1;AES256\n6162636465").contains("salt, HMAC and ciphertext"));
        assertTrue(Vault.malformed("$ANSIBLE_VAULT;1.0;AES\n00").contains("format 1.1 or 1.2"));
        assertTrue(Vault.malformed("$ANSIBLE_VAULT;1.1;AES256\nzz").contains("hexadecimal"));
    }

    @Test
    void passwordFileIsStrippedAndScriptsAreRun() throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "  corpus-vault-password\n\n");
        assertEquals("Not-A-Real-Passw0rd", VaultSecrets.load(List.of(f.toString()), List.of(), false,
                PasswordPrompt.none()).decryptText(inlineEnvelope(), AT, "value"));

        Path script = dir.resolve("vault-pass.sh");
        Files.writeString(script, "#!/bin/sh\necho corpus-vault-password\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        assertEquals("Not-A-Real-Passw0rd", VaultSecrets.load(List.of(script.toString()), List.of(), false,
                PasswordPrompt.none()).decryptText(inlineEnvelope(), AT, "value"));

        // Ansible's vault client scripts (*-client) are asked for the label: --vault-id LABEL
        Path client = dir.resolve("keyring-client.sh");
        Files.writeString(client, "#!/bin/sh\n[ \"$1 $2\" = \"--vault-id prod\" ] && echo corpus-prod-password\n");
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwx------"));
        String file = Files.readString(CORPUS.resolve("17-vault-file-ids/group_vars/wsus/vault.yml"));
        assertTrue(VaultSecrets.load(List.of(), List.of("prod@" + client), false, PasswordPrompt.none())
                .decryptText(file, AT, "vars file").contains("vault_wsus_user"));
    }

    @Test
    void askVaultPassPromptsAndRefusesWithoutATerminal() throws Exception {
        String[] asked = new String[1];
        Vault v = VaultSecrets.load(List.of(), List.of(), true, prompt -> {
            asked[0] = prompt;
            return "corpus-vault-password".toCharArray();
        });
        assertEquals("Vault password: ", asked[0]);
        assertEquals("Not-A-Real-Passw0rd", v.decryptText(inlineEnvelope(), AT, "value"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> VaultSecrets.load(List.of(), List.of(), true, PasswordPrompt.none()));
        assertTrue(e.getMessage().contains("no terminal"), e.getMessage());
    }

    @Test
    void badPasswordSourcesAreRefused() throws Exception {
        assertThrows(ConfigException.class, () -> VaultSecrets.load(List.of(dir.resolve("missing").toString()),
                List.of(), false, PasswordPrompt.none()));
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");
        assertThrows(ConfigException.class, () -> VaultSecrets.load(List.of(empty.toString()), List.of(), false,
                PasswordPrompt.none()));
        Path failing = dir.resolve("fails.sh");
        Files.writeString(failing, "#!/bin/sh\necho oops-this-could-be-a-secret >&2\nexit 1\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
        ConfigException e = assertThrows(ConfigException.class, () -> VaultSecrets.load(List.of(failing.toString()),
                List.of(), false, PasswordPrompt.none()));
        assertFalse(e.getMessage().contains("oops"), "a script's stderr is not echoed: " + e.getMessage());
    }

    @Test
    void vaultPasswordOfAHostIsDecryptedOnlyWhenResolved() throws Exception {
        Path f = dir.resolve("hosts.yml");
        Files.writeString(f, "wsus:\n  vars:\n    ansible_connection: winrm\n    ansible_winrm_transport: ntlm\n"
                + "    ansible_password: !vault |\n" + inlineEnvelope().indent(6) + "  hosts:\n    wsus01:\n");
        // No vault password is needed to load it (as ansible-inventory --list needs none)...
        Inventory inv = new InventoryLoader(new InventoryLoader.Options(Map.of(), Vault.NONE,
                java.time.Duration.ofSeconds(30))).load(f);
        Host h = inv.hosts().get(0);
        assertTrue(h.connection().password() instanceof SecretRef.FromVault, h.connection().password().toString());
        Secret s = new SecretResolver(Map.of(), PasswordPrompt.none(), vault("default", "corpus-vault-password"))
                .resolve(h).orElseThrow();
        // ...only to resolve the password when a host is about to be contacted.
        assertEquals("Not-A-Real-Passw0rd", s.revealAsString());
        assertEquals("********", s.toString());
    }

    @Test
    void encryptedBytesAreRecognised() {
        assertTrue(Vault.isEncrypted("$ANSIBLE_VAULT;1.1;AES256\n00".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(Vault.isEncrypted("all:\n".getBytes(StandardCharsets.US_ASCII)));
    }
}
