package org.wsusctl.sim;

/** An error the simulated script raises, as PowerShell would (message only, like {@code $_.Exception.Message}). */
public final class SimScriptException extends Exception {
    public SimScriptException(String message) {
        super(message);
    }
}
