package org.wsusctl.remote.winrm;

/** Renders a cause chain on one line, for assertion messages. */
final class Chain {
    private Chain() { }

    static String of(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable e : WinRmErrors.chain(t)) {
            b.append(" <- ").append(e.getClass().getName()).append(": ").append(e.getMessage());
        }
        return b.toString();
    }
}
