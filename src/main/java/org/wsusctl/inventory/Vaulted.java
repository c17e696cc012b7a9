package org.wsusctl.inventory;

import org.wsusctl.config.SourcePos;

/**
 * A {@code !vault} scalar as written: the encrypted envelope ({@code $ANSIBLE_VAULT;1.1;AES256...}) and
 * where it was. It is decrypted only when a value is needed (a connection setting, a password), in memory,
 * so {@code wsusctl inventory --list} can show it the way ansible-inventory does without a vault password.
 */
public record Vaulted(String envelope, SourcePos pos) {

    /** Never the plaintext (there is none here), and not the envelope either: a value printed by mistake says what it is. */
    @Override
    public String toString() {
        return "<vaulted>";
    }
}
