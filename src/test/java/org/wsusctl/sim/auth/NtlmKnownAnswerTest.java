package org.wsusctl.sim.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import jcifs.ntlmssp.Type3Message;
import org.junit.jupiter.api.Test;

/**
 * The server side of NTLM against the worked example of [MS-NLMP] section 4.2.4 ("NTLMv2 Authentication"): user
 * "User", domain "Domain", password "Password", server challenge 0123456789abcdef, client challenge aa..aa, time 0,
 * random session key 55..55, and the sealed "Plaintext" of 4.2.4.4. Independent of any client library.
 */
class NtlmKnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
    /** 4.2.4: the temp blob: RespType, HiRespType, reserved, time 0, client challenge, reserved, AV pairs, 0. */
    private static final byte[] TEMP = HEX.parseHex("0101000000000000" + "0000000000000000" + "aaaaaaaaaaaaaaaa"
            + "00000000" + "02000c0044006f006d00610069006e00" + "01000c005300650072007600650072000000000000000000");
    private static final int FLAGS = 0xe28a8233;

    @Test
    void ntowfV2IsTheSpecsValue() {
        byte[] key = NtlmCrypto.ntowfV2(NtlmCrypto.ntHash("Password"), "User", "Domain");
        assertEquals("0c868a403bfd7a93a3001ef22ef02e3f", HEX.formatHex(key));
    }

    @Test
    void theSpecsAuthenticateMessageIsAcceptedAndItsSealedMessageOpens() throws Exception {
        byte[] proof = HEX.parseHex("68cd0ab851e51c96aabc927bebef6a1c");
        byte[] nt = NtlmCrypto.concat(proof, TEMP);
        Type3Message t3 = new Type3Message(FLAGS, new byte[24], nt, "Domain", "User", "COMPUTER");
        t3.setEncryptedSessionKey(HEX.parseHex("c5dad2544fc9799094ce1ce90bc9d03e"));
        NtlmAcceptor.Challenge challenge = new NtlmAcceptor.Challenge(new byte[0], new byte[0], SERVER_CHALLENGE, FLAGS);

        NtlmAcceptor acceptor = new NtlmAcceptor(Optional.of("Domain\\User"), "Password", "server");
        NtlmAcceptor.Accepted ok = assertInstanceOf(NtlmAcceptor.Accepted.class,
                acceptor.authenticate(challenge, t3.toByteArray(), Optional.empty()));
        assertEquals("Domain\\User", ok.account());

        // 4.2.4.4 GSS_WrapEx: "Plaintext" sealed by the client with sequence number 0
        byte[] plain = ok.session().unwrap(HEX.parseHex("010000007fb38ec5c55d497600000000"),
                HEX.parseHex("54e50165bf1936dc996020c1811b0f06fb5f"));
        assertEquals("Plaintext", new String(plain, StandardCharsets.UTF_16LE));
    }

    @Test
    void theSameMessageWithAnotherPasswordOrAccountIsRejected() throws Exception {
        Type3Message t3 = new Type3Message(FLAGS, new byte[24],
                NtlmCrypto.concat(HEX.parseHex("68cd0ab851e51c96aabc927bebef6a1c"), TEMP), "Domain", "User", "COMPUTER");
        t3.setEncryptedSessionKey(HEX.parseHex("c5dad2544fc9799094ce1ce90bc9d03e"));
        NtlmAcceptor.Challenge challenge = new NtlmAcceptor.Challenge(new byte[0], new byte[0], SERVER_CHALLENGE, FLAGS);
        assertInstanceOf(NtlmAcceptor.Rejected.class, new NtlmAcceptor(Optional.of("Domain\\User"), "Passw0rd", "server")
                .authenticate(challenge, t3.toByteArray(), Optional.empty()));
        assertInstanceOf(NtlmAcceptor.Rejected.class, new NtlmAcceptor(Optional.of("Domain\\Other"), "Password", "server")
                .authenticate(challenge, t3.toByteArray(), Optional.empty()));
        // a challenge other than the one the response answers
        NtlmAcceptor.Challenge other = new NtlmAcceptor.Challenge(new byte[0], new byte[0], new byte[8], FLAGS);
        assertInstanceOf(NtlmAcceptor.Rejected.class, new NtlmAcceptor(Optional.of("Domain\\User"), "Password", "server")
                .authenticate(other, t3.toByteArray(), Optional.empty()));
    }

    @Test
    void aReplayedOrAlteredMessageIsRefusedAndSequenceNumbersCount() throws Exception {
        byte[] key = HEX.parseHex("55555555555555555555555555555555");
        NtlmSession server = new NtlmSession(key);
        byte[] sig = HEX.parseHex("010000007fb38ec5c55d497600000000");
        byte[] data = HEX.parseHex("54e50165bf1936dc996020c1811b0f06fb5f");
        server.unwrap(sig, data);
        // the same bytes again: the RC4 stream and sequence number have moved on
        assertThrows(SessionSecurity.BadMessage.class, () -> server.unwrap(sig, data));

        byte[] altered = data.clone();
        altered[0] ^= 1;
        assertThrows(SessionSecurity.BadMessage.class, () -> new NtlmSession(key).unwrap(sig, altered));
    }

    @Test
    void whatTheServerSealsTheClientDirectionCannotOpenButTheServerDirectionCan() throws Exception {
        byte[] key = HEX.parseHex("55555555555555555555555555555555");
        SessionSecurity.Wrapped w = new NtlmSession(key).wrap("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(16, w.signature().length);
        assertEquals(0, NtlmCrypto.readLe32(w.signature(), 12), "first server message: sequence number 0");
        // sealed with the server-to-client key: the client-to-server direction of a session does not open it
        assertThrows(SessionSecurity.BadMessage.class, () -> new NtlmSession(key).unwrap(w.signature(), w.sealed()));
    }

    @Test
    void framingRoundTripsAndIsCheckedLikePywinrmWritesIt() throws Exception {
        byte[] key = HEX.parseHex("00112233445566778899aabbccddeeff");
        byte[] soap = "<s:Envelope/>".getBytes(StandardCharsets.UTF_8);
        byte[] body = EncryptedMessage.seal(soap, new NtlmSession(key));
        String head = new String(body, 0, 230, StandardCharsets.ISO_8859_1);
        assertEquals(0, head.indexOf("--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=13\r\n--Encrypted Boundary\r\n"
                + "\tContent-Type: application/octet-stream\r\n"), head);
        assertEquals("--Encrypted Boundary--\r\n",
                new String(body, body.length - 24, 24, StandardCharsets.US_ASCII));
        assertThrows(SessionSecurity.BadMessage.class,
                () -> EncryptedMessage.open("not multipart".getBytes(StandardCharsets.US_ASCII), new NtlmSession(key)));
    }
}
