package org.wsusctl.inventory;

/** A string tagged {@code !unsafe}: Ansible never templates it, and neither does wsusctl. */
public record Unsafe(String text) {

    @Override
    public String toString() {
        return text;
    }
}
