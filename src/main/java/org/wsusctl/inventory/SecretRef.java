package org.wsusctl.inventory;

import java.nio.file.Path;

/** Where a password comes from. Never the password itself: inventories do not hold secrets. */
public sealed interface SecretRef {

    /** No password configured (a simulated host then accepts any credentials). */
    record None() implements SecretRef { }

    /** The named environment variable ({@code winrm_password_env}). */
    record FromEnv(String variable) implements SecretRef { }

    /** A file readable only by its owner ({@code winrm_password_file}). */
    record FromFile(Path file) implements SecretRef { }

    /** Asked once on the terminal ({@code --ask-pass}). */
    record Prompt() implements SecretRef { }
}
