package org.wsusctl.remote.winrm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.wsusctl.inventory.Connection;

/**
 * Which server certificates one host's connection accepts: the JDK's default CAs, only the CAs of
 * the host's {@code ca_file} (PEM, one or more certificates), or, with {@code verify_tls: false},
 * anything (and then no host name check either).
 */
record TlsTrust(TrustManager[] trustManagers, boolean checkHostName) {

    static TlsTrust forConnection(Connection c) throws GeneralSecurityException, IOException {
        if (!c.verifyTls()) {
            return new TlsTrust(new TrustManager[] {new TrustAll()}, false);
        }
        if (c.caFile().isPresent()) {
            return new TlsTrust(fromPem(c.caFile().get()), true);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return new TlsTrust(tmf.getTrustManagers(), true);
    }

    /** Trust managers that accept exactly the certificates in {@code pem} as anchors. */
    static TrustManager[] fromPem(Path pem) throws GeneralSecurityException, IOException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in " + pem);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate cert : certs) {
            ks.setCertificateEntry("ca-" + (i++), cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /** An SSLContext over these trust managers (what winrm4j's NTLM/Kerberos path takes). */
    SSLContext sslContext() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustManagers, null);
        return ctx;
    }

    /** Accepts every chain: only ever used when the inventory says {@code verify_tls: false}. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
