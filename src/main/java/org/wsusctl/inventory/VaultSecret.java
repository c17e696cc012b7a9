package org.wsusctl.inventory;

import java.util.Arrays;

/**
 * One vault password with its vault id label ({@code default} when none was given). Not a record: the
 * password never appears in {@code toString}, {@code equals} or {@code hashCode}.
 */
public final class VaultSecret {
    public static final String DEFAULT_LABEL = "default";
    private final String label;
    private final char[] password;
    private final String source;

    /** Takes a copy of {@code password}; the caller may wipe its array. */
    public VaultSecret(String label, char[] password, String source) {
        this.label = label;
        this.password = password.clone();
        this.source = source;
    }

    public String label() {
        return label;
    }

    /** Where it came from ("file vault.pw", "prompt"), for messages. */
    public String source() {
        return source;
    }

    char[] password() {
        return password.clone();
    }

    public void wipe() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "vault secret " + label + " (" + source + ")";
    }
}
