package org.wsusctl.inventory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.SourcePos;

/**
 * Ansible Vault decryption (formats 1.1 and 1.2, cipher AES256), with the JDK's own primitives:
 * PBKDF2-HMAC-SHA256 (10000 iterations, 80 bytes: AES key, HMAC key, counter), HMAC-SHA256 over the
 * ciphertext checked in constant time before anything is decrypted, then AES-256-CTR and PKCS#7
 * unpadding. The format is Ansible's ({@code ansible/parsing/vault/__init__.py}): a header line
 * {@code $ANSIBLE_VAULT;1.2;AES256;LABEL}, then hex of "hex(salt)\nhex(hmac)\nhex(ciphertext)".
 * Plaintext lives only in memory; nothing here writes it anywhere.
 */
public final class Vault {
    public static final Vault NONE = new Vault(List.of());
    static final String HEADER = "$ANSIBLE_VAULT";
    private static final int KEY_LENGTH = 32;
    private static final int IV_LENGTH = 16;
    private static final int ITERATIONS = 10_000;
    /** An inventory value or vars file is small; a huge envelope is a mistake or an attack. */
    private static final int MAX_ENVELOPE = 8 * 1024 * 1024;

    private final List<VaultSecret> secrets;
    /**
     * Plaintext by envelope: a group's !vault value is used by every host of the group, and each key
     * derivation costs 10000 HMAC rounds. Memory only, as the decrypted values are anyway.
     */
    private final java.util.Map<String, byte[]> decrypted = new java.util.concurrent.ConcurrentHashMap<>();

    public Vault(List<VaultSecret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    public boolean hasSecrets() {
        return !secrets.isEmpty();
    }

    /** True for text that starts with Ansible's vault header. */
    static boolean isEncrypted(String text) {
        return text != null && text.startsWith(HEADER);
    }

    static boolean isEncrypted(byte[] bytes) {
        byte[] h = HEADER.getBytes(StandardCharsets.US_ASCII);
        return bytes.length >= h.length && Arrays.equals(bytes, 0, h.length, h, 0, h.length);
    }

    /** Why an envelope cannot be vault data ("malformed vault data: ..."), or null when it is well formed. */
    static String malformed(String envelope) {
        try {
            Envelope.parse(envelope, null, "!vault");
            return null;
        } catch (ConfigException e) {
            return e.diagnostics().get(0).message();
        }
    }

    /** What wsusctl says when a value is encrypted and no password was given. */
    static String howToGivePassword() {
        return "give --vault-password-file FILE, --vault-id [LABEL@]SOURCE or --ask-vault-pass";
    }

    /**
     * Decrypts a vault envelope with the matching secret (a 1.2 envelope's label first, then the others,
     * as Ansible does). {@code what} names the value in messages ("vars file", "value").
     */
    byte[] decrypt(String envelope, SourcePos pos, String what) throws ConfigException {
        byte[] known = decrypted.get(envelope);
        if (known != null) {
            return known.clone();
        }
        byte[] plain = decryptOnce(envelope, pos, what);
        decrypted.put(envelope, plain.clone());
        return plain;
    }

    private byte[] decryptOnce(String envelope, SourcePos pos, String what) throws ConfigException {
        if (envelope.length() > MAX_ENVELOPE) {
            throw new ConfigException(pos, what + ": expected vault data of at most 8 MB, found more");
        }
        Envelope e = Envelope.parse(envelope, pos, what);
        if (secrets.isEmpty()) {
            throw new ConfigException(pos, what + " is vault-encrypted" + e.labelText()
                    + " and no vault password was given; " + howToGivePassword());
        }
        List<VaultSecret> order = new ArrayList<>();
        if (e.label != null) {
            secrets.stream().filter(s -> s.label().equals(e.label)).forEach(order::add);
        }
        secrets.stream().filter(s -> !order.contains(s)).forEach(order::add);
        for (VaultSecret s : order) {
            byte[] plain = tryDecrypt(e, s, pos, what);
            if (plain != null) {
                return plain;
            }
        }
        throw new ConfigException(pos, what + " is vault-encrypted" + e.labelText() + " and none of the "
                + secrets.size() + " vault password(s) given decrypts it (wrong password or vault id?)");
    }

    /** The plaintext as UTF-8 text. */
    String decryptText(String envelope, SourcePos pos, String what) throws ConfigException {
        byte[] plain = decrypt(envelope, pos, what);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain)).toString();
        } catch (CharacterCodingException ex) {
            throw new ConfigException(pos, what + ": decrypted, but the plaintext is not UTF-8 text");
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] tryDecrypt(Envelope e, VaultSecret s, SourcePos pos, String what) throws ConfigException {
        char[] pw = s.password();
        byte[] derived = null;
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            // The JDK's PBKDF2 encodes the password as UTF-8, as Ansible's to_bytes(password) does.
            PBEKeySpec spec = new PBEKeySpec(pw, e.salt, ITERATIONS, (2 * KEY_LENGTH + IV_LENGTH) * 8);
            derived = f.generateSecret(spec).getEncoded();
            spec.clearPassword();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(derived, KEY_LENGTH, KEY_LENGTH, "HmacSHA256"));
            byte[] expected = mac.doFinal(e.ciphertext);
            if (!MessageDigest.isEqual(expected, e.hmac)) {
                return null; // not this password
            }
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(derived, 0, KEY_LENGTH, "AES"),
                    new IvParameterSpec(derived, 2 * KEY_LENGTH, IV_LENGTH));
            byte[] padded = c.doFinal(e.ciphertext);
            return unpad(padded, pos, what);
        } catch (GeneralSecurityException ex) {
            throw new ConfigException(pos, what + ": vault decryption failed (" + ex.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(pw, '\0');
            if (derived != null) {
                Arrays.fill(derived, (byte) 0);
            }
        }
    }

    private static byte[] unpad(byte[] padded, SourcePos pos, String what) throws ConfigException {
        int n = padded.length == 0 ? 0 : padded[padded.length - 1] & 0xff;
        boolean ok = n >= 1 && n <= 16 && n <= padded.length;
        for (int i = padded.length - n; ok && i < padded.length; i++) {
            ok = (padded[i] & 0xff) == n;
        }
        if (!ok) {
            Arrays.fill(padded, (byte) 0);
            throw new ConfigException(pos, what + ": vault data decrypted with bad padding (corrupt file?)");
        }
        byte[] out = Arrays.copyOf(padded, padded.length - n);
        Arrays.fill(padded, (byte) 0);
        return out;
    }

    /** The parts of {@code $ANSIBLE_VAULT;VERSION;AES256[;LABEL]} + hex body. */
    private record Envelope(String version, String label, byte[] salt, byte[] hmac, byte[] ciphertext) {

        String labelText() {
            return label == null ? "" : " (vault id \"" + label + "\")";
        }

        static Envelope parse(String text, SourcePos pos, String what) throws ConfigException {
            List<String> lines = text.lines().toList();
            String[] header = lines.isEmpty() ? new String[0] : lines.get(0).strip().split(";");
            if (header.length < 3 || !header[0].strip().equals(HEADER)) {
                throw bad(pos, what, "expected a header $ANSIBLE_VAULT;1.1;AES256");
            }
            String version = header[1].strip();
            if (!version.equals("1.1") && !version.equals("1.2")) {
                throw bad(pos, what, "expected vault format 1.1 or 1.2, found " + version);
            }
            if (!header[2].strip().equals("AES256")) {
                throw bad(pos, what, "expected cipher AES256, found " + header[2].strip()
                        + " (the old AES cipher of Ansible 1.x is not supported: re-key the file with ansible-vault)");
            }
            String label = header.length >= 4 ? header[3].strip() : null;
            StringBuilder body = new StringBuilder();
            for (int i = 1; i < lines.size(); i++) {
                body.append(lines.get(i).strip());
            }
            try {
                String inner = new String(HexFormat.of().parseHex(body), StandardCharsets.US_ASCII);
                String[] parts = inner.split("\n", 3);
                if (parts.length != 3) {
                    throw bad(pos, what, "expected salt, HMAC and ciphertext in the vault data");
                }
                return new Envelope(version, label, HexFormat.of().parseHex(parts[0].strip()),
                        HexFormat.of().parseHex(parts[1].strip()), HexFormat.of().parseHex(parts[2].strip()));
            } catch (IllegalArgumentException ex) {
                throw bad(pos, what, "expected hexadecimal vault data, found other characters");
            }
        }

        private static ConfigException bad(SourcePos pos, String what, String why) {
            return new ConfigException(pos, what + ": malformed vault data: " + why);
        }
    }

    /** For messages only. */
    @Override
    public String toString() {
        return "vault with " + secrets.size() + " secret(s)";
    }
}
