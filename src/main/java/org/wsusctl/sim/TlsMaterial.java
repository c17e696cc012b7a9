package org.wsusctl.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The key and certificate the simulator serves HTTPS with, plus the certificate as a PEM file clients can trust.
 *
 * <p>Why {@code keytool}: the JDK has no public API to issue an X.509 certificate (the {@code sun.security.x509}
 * classes are internal and closed to us since Java 16) and the project takes no crypto dependency such as Bouncy
 * Castle. The JDK's own {@code keytool} does it in one process run, with the subject alternative names
 * {@code IP:127.0.0.1} and {@code DNS:localhost} that hostname verification against the loopback endpoint needs.
 * An EC P-256 key is used because it is generated in milliseconds, where RSA-2048 costs noticeable time on a
 * small CI machine.
 */
final class TlsMaterial {
    private static final String ALIAS = "wsusctl-sim";

    final SSLContext sslContext;
    final Path pemFile;
    private final Path tempDir;

    private TlsMaterial(SSLContext sslContext, Path pemFile, Path tempDir) {
        this.sslContext = sslContext;
        this.pemFile = pemFile;
        this.tempDir = tempDir;
    }

    /** Generates a self-signed certificate for localhost / 127.0.0.1 in a private temporary directory. */
    static TlsMaterial generate() throws IOException {
        Path dir = Files.createTempDirectory("wsusctl-sim-tls");
        Path p12 = dir.resolve("sim.p12");
        char[] password = randomPassword();
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name").toLowerCase().contains("win") ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("cannot generate the simulator's HTTPS certificate: " + keytool
                    + " not found (run on a full JDK, or give a PKCS12 key store)");
        }
        ProcessBuilder pb = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "825", "-dname", "CN=localhost, O=wsusctl simulator",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", p12.toString(),
                // the password goes through the environment, not the command line, so ps(1) never shows it
                "-storepass:env", "WSUSCTL_SIM_STOREPASS", "-keypass:env", "WSUSCTL_SIM_STOREPASS", "-noprompt");
        pb.environment().put("WSUSCTL_SIM_STOREPASS", new String(password));
        pb.redirectErrorStream(true);
        Path log = dir.resolve("keytool.log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s generating " + p12);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the simulator certificate", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (exit " + p.exitValue() + ") generating " + p12 + ": "
                    + Files.readString(log, StandardCharsets.UTF_8).strip());
        }
        return load(p12, password, dir);
    }

    /** Serves the first key entry of a PKCS12 key store. */
    static TlsMaterial load(Path p12, char[] password) throws IOException {
        return load(p12, password, Files.createTempDirectory("wsusctl-sim-tls"));
    }

    private static TlsMaterial load(Path p12, char[] password, Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            String alias = null;
            for (String a : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(a)) {
                    alias = a;
                    break;
                }
            }
            if (alias == null) {
                throw new IOException(p12 + ": no private key entry in the PKCS12 key store");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, new SecureRandom());
            Path pem = dir.resolve("sim-cert.pem");
            Files.writeString(pem, pem(ks.getCertificateChain(alias)), StandardCharsets.US_ASCII);
            return new TlsMaterial(ctx, pem, dir);
        } catch (GeneralSecurityException e) {
            throw new IOException(p12 + ": cannot load as a PKCS12 key store with the given password ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String pem(Certificate[] chain) throws GeneralSecurityException {
        StringBuilder sb = new StringBuilder();
        Base64.Encoder enc = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (Certificate c : chain) {
            sb.append("-----BEGIN CERTIFICATE-----\n").append(enc.encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }

    private static char[] randomPassword() {
        SecureRandom r = new SecureRandom();
        char[] pw = new char[24];
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        for (int i = 0; i < pw.length; i++) {
            pw[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return pw;
    }

    /** Deletes the temporary files (generated key store, PEM). */
    void delete() {
        try (var files = Files.walk(tempDir)) {
            List<Path> all = new ArrayList<>(files.toList());
            Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // temp files only; nothing to do but leave them
        }
    }
}
