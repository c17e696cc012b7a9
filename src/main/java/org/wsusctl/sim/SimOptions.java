package org.wsusctl.sim;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Fleet-wide simulator options.
 *
 * @param stateFile where host state is loaded from (if it exists) and saved to ({@code --sim-state})
 * @param keyStore a PKCS12 key store to serve HTTPS with; empty: a self-signed certificate is generated
 * @param keyStorePassword the key store's password
 */
public record SimOptions(Optional<Path> stateFile, Optional<Path> keyStore, Optional<char[]> keyStorePassword) {
    public SimOptions {
        stateFile = stateFile == null ? Optional.empty() : stateFile;
        keyStore = keyStore == null ? Optional.empty() : keyStore;
        keyStorePassword = keyStorePassword == null ? Optional.empty() : keyStorePassword;
    }

    /** No state file, generated certificate. */
    public static SimOptions defaults() {
        return new SimOptions(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SimOptions[stateFile=" + stateFile + ", keyStore=" + keyStore + "]";
    }
}
