package org.wsusctl.inventory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Values;

/**
 * Turns a host's {@link SecretRef} into a {@link Secret}: from an environment variable, from a file only
 * its owner can read, or from the terminal (asked once per distinct prompt). Errors name the host's
 * position and the variable or file, never a value. Safe to call from several host workers at once.
 */
public final class SecretResolver {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Map<String, String> env;
    private final PasswordPrompt prompt;
    private final Vault vault;
    private final Map<String, Secret> prompted = new HashMap<>();

    /** @param env usually {@code System.getenv()}; tests pass their own */
    public SecretResolver(Map<String, String> env, PasswordPrompt prompt) {
        this(env, prompt, Vault.NONE);
    }

    /** @param vault the vault passwords given on the command line, for {@code !vault} passwords */
    public SecretResolver(Map<String, String> env, PasswordPrompt prompt, Vault vault) {
        this.env = Map.copyOf(env);
        this.prompt = prompt;
        this.vault = vault;
    }

    /** The host's password, or empty when none is configured ({@link SecretRef.None}). */
    public Optional<Secret> resolve(Host host) throws ConfigException {
        SecretRef ref = host.connection().password();
        if (ref instanceof SecretRef.None) {
            return Optional.empty();
        }
        if (ref instanceof SecretRef.FromEnv e) {
            return Optional.of(fromEnv(host, e.variable()));
        }
        if (ref instanceof SecretRef.FromFile f) {
            return Optional.of(fromFile(host, f.file()));
        }
        if (ref instanceof SecretRef.Prompt) {
            return Optional.of(fromPrompt(host));
        }
        if (ref instanceof SecretRef.FromVault v) {
            return Optional.of(fromVault(host, v.value()));
        }
        if (ref instanceof SecretRef.Decrypted dec) {
            return Optional.of(dec.secret());
        }
        throw new IllegalStateException("unknown secret source " + ref.getClass().getSimpleName());
    }

    private Secret fromEnv(Host host, String variable) throws ConfigException {
        String v = env.get(variable);
        if (v == null || v.isEmpty()) {
            throw new ConfigException(host.declaredAt(), "host \"" + host.name() + "\": expected the password in"
                    + " environment variable " + variable + ", found it " + (v == null ? "unset" : "empty")
                    + "; export " + variable + " before running");
        }
        return new Secret(v.toCharArray());
    }

    private Secret fromVault(Host host, Vaulted v) throws ConfigException {
        String plain = vault.decryptText(v.envelope(), v.pos(), "host \"" + host.name() + "\": the password");
        return new Secret(plain.toCharArray());
    }

    /** A password file holds one password: anything bigger is not one (and is not read into memory). */
    static final int MAX_PASSWORD_FILE_BYTES = 64 * 1024;

    private Secret fromFile(Host host, Path file) throws ConfigException {
        // The value is never shown: when it does not name a file, it may well be the password itself.
        String where = "host \"" + host.name() + "\": winrm_password_file";
        if (!Files.isRegularFile(file)) {
            String found = Files.exists(file) ? "something else (a directory or device)" : "no such file";
            throw new ConfigException(host.declaredAt(), where + ": expected the path of a file holding the"
                    + " password, found " + found + (looksLikePassword(host, file)
                            ? "; the value looks like a password, not a path: put the password in a file only you"
                                    + " can read and name that file, or use winrm_password_env"
                            : "") + " (the value is not shown, as it may be a secret)");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        byte[] bytes = null;
        try {
            // On file systems without POSIX permissions (Windows) the ACL is the owner's business.
            if (view != null) {
                Set<PosixFilePermission> perms = view.readAttributes().permissions();
                if (perms.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                    throw new ConfigException(host.declaredAt(), where + ": expected a file readable only by"
                            + " its owner, found permissions " + java.nio.file.attribute.PosixFilePermissions
                            .toString(perms) + "; run chmod 600 on it");
                }
            }
            bytes = org.wsusctl.config.BoundedRead.read(file, MAX_PASSWORD_FILE_BYTES);
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            int len = chars.limit();
            // One trailing newline (as editors and `echo` write it) is not part of the password.
            if (len > 0 && chars.get(len - 1) == '\n') {
                len--;
                if (len > 0 && chars.get(len - 1) == '\r') {
                    len--;
                }
            }
            char[] value = new char[len];
            chars.get(value, 0, len);
            Arrays.fill(chars.array(), '\0');
            if (len == 0) {
                throw new ConfigException(host.declaredAt(), where + ": expected a password, found an empty file");
            }
            Secret s = new Secret(value);
            Arrays.fill(value, '\0');
            return s;
        } catch (org.wsusctl.config.BoundedRead.TooLarge e) {
            throw new ConfigException(host.declaredAt(), where + ": expected one password, found a file of more than "
                    + org.wsusctl.config.BoundedRead.describe(MAX_PASSWORD_FILE_BYTES));
        } catch (IOException e) {
            throw new ConfigException(host.declaredAt(), where + ": cannot read it (" + e.getClass().getSimpleName()
                    + ")");
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /**
     * True when the value, as written in the inventory (relative to its directory), has neither a directory
     * separator nor a dot: names of password files have one or the other (secrets/wsus.txt, ~/.wsus-pw),
     * pasted passwords usually neither.
     */
    static boolean looksLikePassword(Host host, Path file) {
        Path inventoryDir = host.declaredAt() == null || host.declaredAt().file() == null ? null
                : host.declaredAt().file().toAbsolutePath().getParent();
        Path abs = file.toAbsolutePath();
        if (inventoryDir == null || !abs.startsWith(inventoryDir)) {
            return false;
        }
        String value = inventoryDir.relativize(abs).toString();
        return !value.isEmpty() && value.indexOf('/') < 0 && value.indexOf('\\') < 0 && value.indexOf('.') < 0;
    }

    private synchronized Secret fromPrompt(Host host) throws ConfigException {
        String text = host.connection().user().map(u -> "Password for " + u + ": ").orElse("WinRM password: ");
        Secret cached = prompted.get(text);
        if (cached != null) {
            return cached;
        }
        char[] typed = prompt.ask(text);
        if (typed == null) {
            throw new ConfigException(host.declaredAt(), "host \"" + host.name() + "\": expected a password from"
                    + " the terminal, found no terminal; set winrm_password_env instead");
        }
        Secret s = new Secret(typed);
        Arrays.fill(typed, '\0');
        prompted.put(text, s);
        return s;
    }
}
