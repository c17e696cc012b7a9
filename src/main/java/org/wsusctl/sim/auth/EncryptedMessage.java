package org.wsusctl.sim.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of an encrypted WinRM message, [MS-WSMV] 2.2.9.1.1 ("Negotiate/SPNEGO" encryption), byte for byte as
 * Windows, pywinrm ({@code winrm/encryption.py}) and winrm4j ({@code NtlmEncryptionUtils}) write it:
 *
 * <pre>
 * --Encrypted Boundary\r\n
 * \tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n
 * \tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=N\r\n
 * --Encrypted Boundary\r\n
 * \tContent-Type: application/octet-stream\r\n
 * [4-byte little-endian signature length][signature][sealed message]--Encrypted Boundary--\r\n
 * </pre>
 *
 * with the HTTP header {@code Content-Type: multipart/encrypted;protocol="...";boundary="Encrypted Boundary"}.
 */
public final class EncryptedMessage {
    static final String BOUNDARY = "Encrypted Boundary";
    private static final byte[] DASH_BOUNDARY = ("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OCTET_STREAM =
            "\tContent-Type: application/octet-stream\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final Pattern LENGTH = Pattern.compile("Length=(\\d{1,9})");

    private EncryptedMessage() { }

    /** Is this HTTP Content-Type an encrypted WinRM message? */
    public static boolean isEncrypted(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/encrypted");
    }

    /** The HTTP Content-Type of an encrypted message under {@code protocol}. */
    public static String contentType(String protocol) {
        return "multipart/encrypted;protocol=\"" + protocol + "\";boundary=\"" + BOUNDARY + "\"";
    }

    /** Unwraps one encrypted request body with the connection's security context. */
    public static byte[] open(byte[] body, SessionSecurity security) throws SessionSecurity.BadMessage {
        int at = expect(body, 0, DASH_BOUNDARY);
        int headersEnd = indexOf(body, DASH_BOUNDARY, at);
        if (headersEnd < 0) {
            throw new SessionSecurity.BadMessage("encrypted body has no second boundary");
        }
        String headers = new String(body, at, headersEnd - at, StandardCharsets.US_ASCII);
        if (!headers.contains(security.protocol())) {
            throw new SessionSecurity.BadMessage("encrypted body is not " + security.protocol());
        }
        Matcher m = LENGTH.matcher(headers);
        if (!m.find()) {
            throw new SessionSecurity.BadMessage("encrypted body has no OriginalContent Length");
        }
        int length = Integer.parseInt(m.group(1));
        at = expect(body, headersEnd + DASH_BOUNDARY.length, OCTET_STREAM);
        int end = body.length - END.length;
        if (end < at + 4 || !Arrays.equals(body, end, body.length, END, 0, END.length)) {
            throw new SessionSecurity.BadMessage("encrypted body does not end with the closing boundary");
        }
        long sigLength = NtlmCrypto.readLe32(body, at);
        if (sigLength < 0 || sigLength > end - at - 4) {
            throw new SessionSecurity.BadMessage("encrypted body's signature length " + sigLength + " is impossible");
        }
        int sigStart = at + 4;
        int sealedStart = sigStart + (int) sigLength;
        byte[] plain = security.unwrap(Arrays.copyOfRange(body, sigStart, sealedStart),
                Arrays.copyOfRange(body, sealedStart, end));
        if (plain.length != length) {
            throw new SessionSecurity.BadMessage("decrypted " + plain.length + " bytes where OriginalContent said " + length);
        }
        return plain;
    }

    /** Wraps one response body (a SOAP envelope, UTF-8) with the connection's security context. */
    public static byte[] seal(byte[] plain, SessionSecurity security) {
        SessionSecurity.Wrapped w = security.wrap(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 256);
        out.writeBytes(DASH_BOUNDARY);
        out.writeBytes(("\tContent-Type: " + security.protocol() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(("\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=" + plain.length + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(DASH_BOUNDARY);
        out.writeBytes(OCTET_STREAM);
        out.writeBytes(NtlmCrypto.le32(w.signature().length));
        out.writeBytes(w.signature());
        out.writeBytes(w.sealed());
        out.writeBytes(END);
        return out.toByteArray();
    }

    private static int expect(byte[] body, int at, byte[] what) throws SessionSecurity.BadMessage {
        if (body.length < at + what.length || !Arrays.equals(body, at, at + what.length, what, 0, what.length)) {
            throw new SessionSecurity.BadMessage("encrypted body lacks '"
                    + new String(what, StandardCharsets.US_ASCII).strip() + "' at byte " + at);
        }
        return at + what.length;
    }

    private static int indexOf(byte[] body, byte[] what, int from) {
        outer:
        for (int i = from; i <= body.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (body[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
