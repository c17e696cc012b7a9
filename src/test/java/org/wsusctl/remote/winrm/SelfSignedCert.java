package org.wsusctl.remote.winrm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A throwaway self-signed server certificate made with the JDK's keytool, plus its PEM. */
final class SelfSignedCert {
    private static final char[] PASS = "changeit".toCharArray();

    final Path pem;
    final SSLContext serverContext;

    private SelfSignedCert(Path pem, SSLContext serverContext) {
        this.pem = pem;
        this.serverContext = serverContext;
    }

    /** @param san e.g. {@code ip:127.0.0.1,dns:localhost} */
    static SelfSignedCert create(Path dir, String san) throws Exception {
        Path ks = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=wsus-stub", "-ext", "san=" + san, "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", new String(PASS), "-keypass", new String(PASS));
        run(keytool, "-exportcert", "-rfc", "-alias", "srv", "-keystore", ks.toString(), "-storepass",
                new String(PASS), "-file", pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASS);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASS);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return new SelfSignedCert(pem, ctx);
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }
}
