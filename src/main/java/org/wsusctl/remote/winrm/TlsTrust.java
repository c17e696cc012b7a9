package org.wsusctl.remote.winrm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
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
 * anything. The host name check is part of the trust managers (see {@link HostNameCheck} for why), so
 * CXF's own check is always switched off.
 */
record TlsTrust(TrustManager[] trustManagers, boolean checkHostName) {

    static TlsTrust forConnection(Connection c) throws GeneralSecurityException, IOException {
        if (!c.verifyTls()) {
            return new TlsTrust(new TrustManager[] {new TrustAll()}, false);
        }
        TrustManager[] anchors;
        if (c.caFile().isPresent()) {
            anchors = fromPem(c.caFile().get());
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            anchors = tmf.getTrustManagers();
        }
        for (TrustManager tm : anchors) {
            if (tm instanceof X509TrustManager x) {
                return new TlsTrust(new TrustManager[] {new NameChecking(x, c.address())}, true);
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
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

    /** The chain must validate against the anchors and its leaf must name {@code host}. */
    private static final class NameChecking implements X509TrustManager {
        private final X509TrustManager anchors;
        private final String host;

        NameChecking(X509TrustManager anchors, String host) {
            this.anchors = anchors;
            this.host = host;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anchors.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anchors.checkServerTrusted(chain, authType);
            if (chain.length == 0 || !HostNameCheck.matches(host, chain[0])) {
                throw new CertificateException("certificate does not match host name '" + host + "' (it is for "
                        + (chain.length == 0 ? "nothing" : HostNameCheck.describe(chain[0])) + ")");
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return anchors.getAcceptedIssuers();
        }
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
