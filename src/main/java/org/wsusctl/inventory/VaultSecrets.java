package org.wsusctl.inventory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.Values;

/**
 * Vault passwords from the command line, as ansible-playbook takes them: {@code --vault-password-file FILE}
 * (a file whose content, stripped, is the password, or an executable that prints it),
 * {@code --vault-id [LABEL@]SOURCE} (SOURCE a file, an executable, or {@code prompt}; a script named
 * {@code *-client} is asked with {@code --vault-id LABEL}) and {@code --ask-vault-pass}.
 */
public final class VaultSecrets {
    /** Ansible's vault client scripts: {@code NAME-client} or {@code NAME-client.EXT}. */
    private static final Pattern CLIENT_SCRIPT = Pattern.compile(".*-client(\\.[^.]+)?$");
    private static final int MAX_PASSWORD_BYTES = 64 * 1024;

    private VaultSecrets() { }

    /** Every secret, in the order given (Ansible tries them in this order after a matching label). */
    public static Vault load(List<String> passwordFiles, List<String> vaultIds, boolean askVaultPass,
            PasswordPrompt prompt) throws ConfigException {
        List<VaultSecret> out = new ArrayList<>();
        for (String f : passwordFiles) {
            out.add(fromSource(VaultSecret.DEFAULT_LABEL, f, prompt));
        }
        for (String id : vaultIds) {
            int at = id.indexOf('@');
            String label = at < 0 ? VaultSecret.DEFAULT_LABEL : id.substring(0, at);
            String source = at < 0 ? id : id.substring(at + 1);
            if (label.isEmpty() || source.isEmpty()) {
                throw new ConfigException(SourcePos.fileOnly(Path.of(id)),
                        "--vault-id: expected LABEL@SOURCE or SOURCE, found " + Values.quote(id));
            }
            out.add(fromSource(label, source, prompt));
        }
        if (askVaultPass) {
            out.add(fromPrompt(VaultSecret.DEFAULT_LABEL, prompt));
        }
        return new Vault(out);
    }

    private static VaultSecret fromSource(String label, String source, PasswordPrompt prompt) throws ConfigException {
        if (source.equals("prompt") || source.equals("prompt_ask_vault_pass")) {
            return fromPrompt(label, prompt);
        }
        Path file = Path.of(source);
        SourcePos at = SourcePos.fileOnly(file);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(at, "vault password file: expected a regular file, found "
                    + (Files.exists(file) ? "something else" : "no file"));
        }
        byte[] bytes;
        String how;
        if (Files.isExecutable(file)) {
            List<String> cmd = new ArrayList<>(List.of(file.toAbsolutePath().toString()));
            if (CLIENT_SCRIPT.matcher(file.getFileName().toString()).matches()) {
                cmd.addAll(List.of("--vault-id", label));
            }
            try {
                BoundedProcess.Result r = BoundedProcess.run(cmd, null, BoundedProcess.DEFAULT_TIMEOUT,
                        MAX_PASSWORD_BYTES);
                if (r.exitCode() != 0) {
                    // stderr may carry anything the script printed; it is not echoed (it could be the password).
                    throw new ConfigException(at, "vault password script exited with code " + r.exitCode());
                }
                bytes = r.stdout();
            } catch (BoundedProcess.Failure f) {
                throw new ConfigException(at, "vault password script: " + f.getMessage());
            }
            how = "script " + file;
        } else {
            try {
                if (Files.size(file) > MAX_PASSWORD_BYTES) {
                    throw new ConfigException(at, "vault password file: expected at most 64 KB, found more");
                }
                bytes = Files.readAllBytes(file);
            } catch (java.io.IOException e) {
                throw new ConfigException(at, "vault password file: cannot read it (" + e.getClass().getSimpleName()
                        + ")");
            }
            how = "file " + file;
        }
        try {
            char[] pw = strip(decode(bytes, at));
            if (pw.length == 0) {
                throw new ConfigException(at, "vault password file: expected a password, found an empty one");
            }
            VaultSecret s = new VaultSecret(label, pw, how);
            Arrays.fill(pw, '\0');
            return s;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static VaultSecret fromPrompt(String label, PasswordPrompt prompt) throws ConfigException {
        char[] typed = prompt.ask(label.equals(VaultSecret.DEFAULT_LABEL) ? "Vault password: "
                : "Vault password (" + label + "): ");
        if (typed == null) {
            throw new ConfigException(SourcePos.fileOnly(Path.of("--ask-vault-pass")),
                    "expected a vault password from the terminal, found no terminal; use --vault-password-file");
        }
        VaultSecret s = new VaultSecret(label, typed, "prompt");
        Arrays.fill(typed, '\0');
        return s;
    }

    private static char[] decode(byte[] bytes, SourcePos at) throws ConfigException {
        try {
            CharBuffer c = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            char[] out = new char[c.remaining()];
            c.get(out);
            Arrays.fill(c.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new ConfigException(at, "vault password: expected UTF-8 text, found other bytes");
        }
    }

    /** Python's bytes.strip(): ASCII whitespace off both ends, as Ansible reads password files. */
    private static char[] strip(char[] c) {
        int b = 0;
        int e = c.length;
        while (b < e && isSpace(c[b])) {
            b++;
        }
        while (e > b && isSpace(c[e - 1])) {
            e--;
        }
        char[] out = Arrays.copyOfRange(c, b, e);
        Arrays.fill(c, '\0');
        return out;
    }

    private static boolean isSpace(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\u000b' || ch == '\f';
    }
}
