package org.wsusctl.sim.auth;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * The channel binding hash an NTLM client puts in MsvAvChannelBindings over HTTPS ([MS-NLMP] 2.2.2.1): MD5 of a
 * {@code gss_channel_bindings_struct} (RFC 2744 3.11: no addresses, application data only) whose application data
 * is {@code "tls-server-end-point:"} plus the server certificate's hash (RFC 5929 4.1: the certificate's own
 * signature hash, SHA-256 when that is MD5 or SHA-1). requests-ntlm's {@code _get_certificate_hash} and ntlm-auth's
 * {@code GssChannelBindingsStruct} build the same bytes.
 */
final class ChannelBindings {
    private ChannelBindings() { }

    static byte[] tlsServerEndPoint(byte[] derCertificate) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(derCertificate));
            byte[] certHash = MessageDigest.getInstance(hashFor(cert.getSigAlgName())).digest(derCertificate);
            byte[] app = NtlmCrypto.concat("tls-server-end-point:".getBytes(StandardCharsets.US_ASCII), certHash);
            byte[] zero = NtlmCrypto.le32(0);
            byte[] struct = NtlmCrypto.concat(zero, zero, zero, zero, NtlmCrypto.le32(app.length), app);
            return NtlmCrypto.md5(struct);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash the simulator's own certificate: " + e.getMessage(), e);
        }
    }

    private static String hashFor(String sigAlg) {
        String a = sigAlg.toUpperCase(Locale.ROOT);
        if (a.startsWith("SHA384")) {
            return "SHA-384";
        }
        if (a.startsWith("SHA512")) {
            return "SHA-512";
        }
        return "SHA-256";
    }
}
