package org.wsusctl.inventory;

import java.nio.file.Path;

/** Where a password comes from. Never a password written in plain text: inventories do not hold those. */
public sealed interface SecretRef {

    /** No password configured (a simulated host then accepts any credentials). */
    record None() implements SecretRef { }

    /** The named environment variable ({@code winrm_password_env}, {@code lookup('env', 'NAME')}). */
    record FromEnv(String variable) implements SecretRef { }

    /** A file readable only by its owner ({@code winrm_password_file}). */
    record FromFile(Path file) implements SecretRef { }

    /** Asked once on the terminal ({@code --ask-pass}). */
    record Prompt() implements SecretRef { }

    /** A {@code !vault} value, decrypted (in memory) only when the password is needed. */
    record FromVault(Vaulted value) implements SecretRef { }

    /**
     * A password already decrypted in memory: it came from a vault-encrypted file, or from a template over
     * vault values. {@link Secret} prints as asterisks, so this record does too.
     */
    record Decrypted(Secret secret, String from) implements SecretRef { }
}
