package org.wsusctl.inventory;

/** WinRM listener scheme. HTTPS (5986) is the default; HTTP (5985) only when the inventory says so. */
public enum Scheme {
    HTTPS(5986), HTTP(5985);

    private final int defaultPort;

    Scheme(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }
}
