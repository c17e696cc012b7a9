package org.wsusctl.inventory;

/** Asks the operator for a password ({@code --ask-pass}); the CLI backs it with {@code Console.readPassword}. */
@FunctionalInterface
public interface PasswordPrompt {

    /** The password typed, or null when there is no terminal to ask on. */
    char[] ask(String prompt);

    /** For runs without a terminal (CI): every prompt is refused. */
    static PasswordPrompt none() {
        return prompt -> null;
    }
}
