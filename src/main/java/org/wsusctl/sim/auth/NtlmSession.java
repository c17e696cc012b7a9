package org.wsusctl.sim.auth;

import static org.wsusctl.sim.auth.NtlmCrypto.concat;
import static org.wsusctl.sim.auth.NtlmCrypto.first;
import static org.wsusctl.sim.auth.NtlmCrypto.hmacMd5;
import static org.wsusctl.sim.auth.NtlmCrypto.le32;
import static org.wsusctl.sim.auth.NtlmCrypto.md5;
import static org.wsusctl.sim.auth.NtlmCrypto.readLe32;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Cipher;

/**
 * The server side of an NTLM security context after authentication: sealing and signing with extended session
 * security, as Windows does for WinRM message encryption.
 *
 * <ul>
 *   <li>Keys ([MS-NLMP] 3.4.5.2 SIGNKEY, 3.4.5.3 SEALKEY, 128-bit): MD5(ExportedSessionKey + magic constant), one
 *       signing and one sealing key per direction.</li>
 *   <li>Seal ([MS-NLMP] 3.4.3): RC4 with a handle that runs on across messages, one per direction.</li>
 *   <li>Signature ([MS-NLMP] 3.4.4.2, with NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY and KEY_EXCH): version 1,
 *       then the first 8 bytes of HMAC_MD5(SigningKey, SeqNum + message) passed through the same RC4 handle
 *       right after the message, then SeqNum; 16 bytes.</li>
 *   <li>Sequence numbers start at 0 in each direction and count every message. The same scheme is in pywinrm's
 *       ntlm-auth ({@code session_security.py}) and winrm4j ({@code NtlmEncryptionUtils}), the two clients
 *       that prove it against this simulator.</li>
 * </ul>
 */
final class NtlmSession implements SessionSecurity {
    static final String PROTOCOL = "application/HTTP-SPNEGO-session-encrypted";
    private static final byte[] CLIENT_SIGNING =
            "session key to client-to-server signing key magic constant\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_SIGNING =
            "session key to server-to-client signing key magic constant\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_SEALING =
            "session key to client-to-server sealing key magic constant\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_SEALING =
            "session key to server-to-client sealing key magic constant\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION = {1, 0, 0, 0};

    private final byte[] clientSigningKey;
    private final byte[] serverSigningKey;
    private final Cipher clientSeal;
    private final Cipher serverSeal;
    private long incoming;
    private long outgoing;

    NtlmSession(byte[] exportedSessionKey) {
        clientSigningKey = md5(exportedSessionKey, CLIENT_SIGNING);
        serverSigningKey = md5(exportedSessionKey, SERVER_SIGNING);
        clientSeal = NtlmCrypto.rc4(md5(exportedSessionKey, CLIENT_SEALING));
        serverSeal = NtlmCrypto.rc4(md5(exportedSessionKey, SERVER_SEALING));
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public synchronized byte[] unwrap(byte[] signature, byte[] sealed) throws BadMessage {
        if (signature.length != 16 || readLe32(signature, 0) != 1) {
            throw new BadMessage("NTLM signature is not a version 1 signature of 16 bytes");
        }
        byte[] plain = clientSeal.update(sealed);
        long seq = readLe32(signature, 12);
        byte[] expected = clientSeal.update(first(hmacMd5(clientSigningKey, le32(incoming), plain), 8));
        byte[] got = java.util.Arrays.copyOfRange(signature, 4, 12);
        if (!MessageDigest.isEqual(expected, got)) {
            throw new BadMessage("NTLM signature check failed on message " + incoming + " of this connection (sent as "
                    + seq + "): altered, replayed, or sealed with other keys");
        }
        if (seq != incoming) {
            throw new BadMessage("NTLM sequence number " + seq + " where " + incoming + " was due");
        }
        incoming++;
        return plain == null ? new byte[0] : plain;
    }

    @Override
    public synchronized Wrapped wrap(byte[] plain) {
        byte[] sealed = serverSeal.update(plain);
        byte[] checksum = serverSeal.update(first(hmacMd5(serverSigningKey, le32(outgoing), plain), 8));
        byte[] signature = concat(VERSION, checksum, le32(outgoing));
        outgoing++;
        return new Wrapped(signature, sealed == null ? new byte[0] : sealed);
    }
}
