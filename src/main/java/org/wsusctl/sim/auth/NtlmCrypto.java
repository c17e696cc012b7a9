package org.wsusctl.sim.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kerby.kerberos.kerb.crypto.util.Md4;

/**
 * The few primitives NTLM is built from, as [MS-NLMP] section 6 ("Appendix A: Cryptographic Operations Reference")
 * names them. Everything comes from the JDK (HMAC-MD5, MD5, RC4 as {@code ARCFOUR}) except MD4, which the JDK
 * only has as an internal class: it comes from Apache Kerby (already here for the simulated KDC). What is ours
 * is only the composition, each step cited to the section of [MS-NLMP] that defines it.
 */
final class NtlmCrypto {
    private NtlmCrypto() { }

    /** NTOWFv1 / the NT hash: MD4(UNICODE(password)) ([MS-NLMP] 3.3.1). */
    static byte[] ntHash(String password) {
        MessageDigest md4 = new Md4();
        return md4.digest(password.getBytes(StandardCharsets.UTF_16LE));
    }

    /**
     * NTOWFv2: HMAC_MD5(NT hash, UNICODE(Uppercase(user) + domain)) ([MS-NLMP] 3.3.2). The domain is taken as
     * the client sent it; only the user is upper-cased.
     */
    static byte[] ntowfV2(byte[] ntHash, String user, String domain) {
        return hmacMd5(ntHash, (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
    }

    static byte[] hmacMd5(byte[] key, byte[]... data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            for (byte[] d : data) {
                mac.update(d);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is missing from this JDK", e);
        }
    }

    static byte[] md5(byte[]... data) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (byte[] d : data) {
                md.update(d);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** A stateful RC4 stream ([MS-NLMP] 6: RC4Init/RC4); every call continues where the last one stopped. */
    static Cipher rc4(byte[] key) {
        try {
            Cipher c = Cipher.getInstance("ARCFOUR");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RC4 (ARCFOUR) is missing from this JDK", e);
        }
    }

    /** One-shot RC4K(key, data). */
    static byte[] rc4(byte[] key, byte[] data) {
        return rc4(key).update(data);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static long readLe32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    static byte[] first(byte[] b, int n) {
        return Arrays.copyOf(b, n);
    }
}
