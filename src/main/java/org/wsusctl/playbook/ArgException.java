package org.wsusctl.playbook;

/** A step argument that is invalid once templates are filled in for a host; the message says which and why. */
public final class ArgException extends Exception {
    public ArgException(String message) {
        super(message);
    }
}
