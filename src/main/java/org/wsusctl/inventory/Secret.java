package org.wsusctl.inventory;

import java.util.Arrays;

/**
 * A password in memory. Not a record: no value in {@code toString}, {@code equals} or {@code hashCode},
 * so it cannot leak through logging or a report by accident.
 */
public final class Secret {
    private static final String HIDDEN = "********";
    private final char[] value;

    /** Takes a copy; the caller may wipe its array afterwards. */
    public Secret(char[] value) {
        this.value = value.clone();
    }

    /** A copy of the characters, for the transport that must send them. Wipe it after use. */
    public char[] reveal() {
        return value.clone();
    }

    /** winrm4j takes the password as a String; this is the one place one is made. */
    public String revealAsString() {
        return new String(value);
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** Overwrites the characters; the secret is empty afterwards. */
    public void wipe() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
