package org.wsusctl.sim.auth;

import static org.wsusctl.sim.auth.NtlmCrypto.hmacMd5;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jcifs.ntlmssp.NtlmFlags;
import jcifs.ntlmssp.Type1Message;
import jcifs.ntlmssp.Type2Message;
import jcifs.ntlmssp.Type3Message;
import jcifs.ntlmssp.av.AvFlags;
import jcifs.ntlmssp.av.AvPair;
import jcifs.ntlmssp.av.AvPairs;
import jcifs.ntlmssp.av.AvTimestamp;

/**
 * The server side of NTLM authentication for one simulated Windows host: answers a NEGOTIATE_MESSAGE with a
 * CHALLENGE_MESSAGE and checks the AUTHENTICATE_MESSAGE that follows, as [MS-NLMP] 3.2.5 describes.
 *
 * <p>Message formats (security buffers, AV pairs) are jcifs-ng's {@code jcifs.ntlmssp} classes; the checks are
 * ours, because no Java library has the server side of NTLM (jcifs' old {@code NtlmHttpFilter} hands the
 * response to a domain controller). What is checked:
 * <ul>
 *   <li>NTLMv2 only ([MS-NLMP] 3.3.2): NTProofStr = HMAC_MD5(NTOWFv2, ServerChallenge + blob). NTLMv1 and
 *       anonymous logons are refused, as a hardened Windows server (LmCompatibilityLevel 5) does.</li>
 *   <li>NTOWFv2 is tried with the domain as sent, then upper-cased, then empty, as Samba's
 *       {@code ntlm_password_check} (libcli/auth/ntlm_check.c) does for Windows compatibility: clients differ
 *       in the case of the domain they hash and the one they send.</li>
 *   <li>The account: the user the inventory gives (case-insensitive), with its domain when it names one.</li>
 *   <li>The MIC ([MS-NLMP] 3.1.5.1.2) when the client's AV pairs announce one: HMAC_MD5(ExportedSessionKey,
 *       NEGOTIATE + CHALLENGE + AUTHENTICATE with the MIC zeroed).</li>
 *   <li>Channel bindings over HTTPS ([MS-NLMP] 2.2.2.1 MsvAvChannelBindings, RFC 5929 tls-server-end-point):
 *       checked when sent, not required; WinRM's default {@code CbtHardeningLevel=Relaxed}.</li>
 * </ul>
 * The blob's timestamp is not checked against a clock skew limit.
 */
public final class NtlmAcceptor {
    /** [MS-NLMP] 2.2.2.1: MsvAvFlags bit "the client is providing a MIC". */
    private static final int AV_FLAG_MIC = 0x2;
    private static final int MIC_OFFSET = 72;
    /** Blob header before the AV pairs: RespType, HiRespType, Reserved1/2, TimeStamp, ChallengeFromClient, Reserved3. */
    private static final int BLOB_AV_OFFSET = 28;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<String> expectedUser;
    private final Optional<String> expectedDomain;
    private final byte[] ntHash;
    private final String nbComputer;
    private final String nbDomain;
    private final String dnsComputer;
    private final String dnsDomain;

    /**
     * @param account the account the host accepts: {@code DOMAIN\\user}, {@code user@dns.domain} or a local
     *                {@code user}; empty: any user
     * @param password the password the host accepts (an empty one when the inventory gives none: NTLM's
     *                 message keys derive from the password, so "any password" cannot be had)
     * @param hostName the host's name, for the CHALLENGE_MESSAGE's target information
     */
    public NtlmAcceptor(Optional<String> account, String password, String hostName) {
        Optional<String> user = account;
        Optional<String> domain = Optional.empty();
        if (account.isPresent()) {
            String a = account.get();
            int slash = a.indexOf('\\');
            if (slash > 0 && slash < a.length() - 1) {
                domain = Optional.of(a.substring(0, slash));
                user = Optional.of(a.substring(slash + 1));
            }
        }
        this.expectedUser = user;
        this.expectedDomain = domain;
        this.ntHash = NtlmCrypto.ntHash(password);
        String label = hostName.contains(".") ? hostName.substring(0, hostName.indexOf('.')) : hostName;
        this.nbComputer = netbios(label);
        this.dnsComputer = hostName.toLowerCase(Locale.ROOT);
        this.nbDomain = domain.map(NtlmAcceptor::netbios).orElse(nbComputer);
        this.dnsDomain = domain.map(d -> d.toLowerCase(Locale.ROOT))
                .orElse(hostName.contains(".") ? hostName.substring(hostName.indexOf('.') + 1) : dnsComputer);
    }

    /** A CHALLENGE_MESSAGE sent, with what checking its answer needs. */
    public record Challenge(byte[] negotiate, byte[] challengeMessage, byte[] serverChallenge, int flags) { }

    /** What an AUTHENTICATE_MESSAGE came to. */
    public sealed interface Outcome permits Accepted, Rejected { }

    /** @param account {@code DOMAIN\\user} or {@code user} as the client sent it */
    public record Accepted(String account, NtlmSession session) implements Outcome { }

    /** @param reason why, for the log (never a secret) */
    public record Rejected(String reason) implements Outcome { }

    /**
     * Answers a NEGOTIATE_MESSAGE ([MS-NLMP] 3.2.5.1.1): the flags the client asked for that a Windows server
     * grants, a fresh 8-byte challenge, and target information with a timestamp (so clients answer NTLMv2).
     *
     * @throws IOException when {@code negotiate} is not a NEGOTIATE_MESSAGE
     */
    public Challenge challenge(byte[] negotiate) throws IOException {
        Type1Message t1 = parseType1(negotiate);
        int asked = t1.getFlags();
        int flags = NtlmFlags.NTLMSSP_REQUEST_TARGET | NtlmFlags.NTLMSSP_NEGOTIATE_NTLM
                | NtlmFlags.NTLMSSP_NEGOTIATE_TARGET_INFO
                | (expectedDomain.isPresent() ? NtlmFlags.NTLMSSP_TARGET_TYPE_DOMAIN : NtlmFlags.NTLMSSP_TARGET_TYPE_SERVER)
                | ((asked & NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE) != 0 ? NtlmFlags.NTLMSSP_NEGOTIATE_UNICODE
                        : NtlmFlags.NTLMSSP_NEGOTIATE_OEM)
                | (asked & (NtlmFlags.NTLMSSP_NEGOTIATE_SIGN | NtlmFlags.NTLMSSP_NEGOTIATE_SEAL
                        | NtlmFlags.NTLMSSP_NEGOTIATE_ALWAYS_SIGN | NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
                        | NtlmFlags.NTLMSSP_NEGOTIATE_VERSION | NtlmFlags.NTLMSSP_NEGOTIATE_128
                        | NtlmFlags.NTLMSSP_NEGOTIATE_KEY_EXCH | NtlmFlags.NTLMSSP_NEGOTIATE_56));
        byte[] serverChallenge = new byte[8];
        RANDOM.nextBytes(serverChallenge);
        Type2Message t2 = new Type2Message(null, flags, serverChallenge, null);
        t2.setTarget(nbDomain);
        List<AvPair> info = new ArrayList<>();
        info.add(new AvPair(2, utf16(nbDomain)));     // MsvAvNbDomainName
        info.add(new AvPair(1, utf16(nbComputer)));   // MsvAvNbComputerName
        info.add(new AvPair(4, utf16(dnsDomain)));    // MsvAvDnsDomainName
        info.add(new AvPair(3, utf16(dnsComputer)));  // MsvAvDnsComputerName
        info.add(new AvTimestamp(fileTime(Instant.now())));
        t2.setTargetInformation(AvPairs.encode(info));
        return new Challenge(negotiate.clone(), t2.toByteArray(), serverChallenge, flags);
    }

    /**
     * Checks an AUTHENTICATE_MESSAGE against the challenge this connection was sent ([MS-NLMP] 3.2.5.1.2).
     *
     * @param tlsServerCertificate the DER certificate this connection's TLS presented (for channel bindings),
     *                             empty over plain HTTP
     */
    public Outcome authenticate(Challenge challenge, byte[] authenticate, Optional<byte[]> tlsServerCertificate) {
        Type3Message t3;
        try {
            t3 = new Type3Message(authenticate);
        } catch (IOException | RuntimeException e) {
            return new Rejected("not an NTLM AUTHENTICATE_MESSAGE (" + e.getMessage() + ")");
        }
        byte[] nt = t3.getNTResponse();
        String user = nullToEmpty(t3.getUser());
        String domain = nullToEmpty(t3.getDomain());
        if (user.isEmpty() || nt == null || nt.length <= 24) {
            return new Rejected(user.isEmpty() ? "anonymous logon refused" : "NTLMv1 refused: only NTLMv2 is accepted");
        }
        String account = domain.isEmpty() ? user : domain + "\\" + user;
        if (!accountMatches(user, domain)) {
            return new Rejected("account " + account + " is not the one this host accepts");
        }
        byte[] proof = Arrays.copyOf(nt, 16);
        byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
        byte[] responseKey = null;
        for (String d : List.of(domain, domain.toUpperCase(Locale.ROOT), "")) {
            byte[] key = NtlmCrypto.ntowfV2(ntHash, user, d);
            if (MessageDigest.isEqual(proof, hmacMd5(key, challenge.serverChallenge(), blob))) {
                responseKey = key;
                break;
            }
        }
        if (responseKey == null) {
            return new Rejected("wrong password for " + account);
        }
        // [MS-NLMP] 3.3.2: SessionBaseKey; KXKEY is SessionBaseKey under NTLMv2 (3.4.5.1)
        byte[] sessionBaseKey = hmacMd5(responseKey, proof);
        byte[] exported = sessionBaseKey;
        byte[] encrypted = t3.getEncryptedSessionKey();
        if ((challenge.flags() & NtlmFlags.NTLMSSP_NEGOTIATE_KEY_EXCH) != 0 && encrypted != null && encrypted.length == 16) {
            exported = NtlmCrypto.rc4(sessionBaseKey, encrypted);
        }
        List<AvPair> pairs;
        try {
            pairs = AvPairs.decode(Arrays.copyOfRange(blob, Math.min(BLOB_AV_OFFSET, blob.length), blob.length));
        } catch (IOException | RuntimeException e) {
            return new Rejected("NTLMv2 response of " + account + " has unreadable AV pairs");
        }
        AvPair flagsPair = AvPairs.get(pairs, AvPair.MsvAvFlags);
        boolean micPresent = flagsPair instanceof AvFlags f && (f.getFlags() & AV_FLAG_MIC) != 0;
        if (micPresent && !micMatches(challenge, authenticate, exported)) {
            return new Rejected("MIC of " + account + "'s AUTHENTICATE_MESSAGE does not match");
        }
        AvPair cbt = AvPairs.get(pairs, AvPair.MsvAvChannelBindings);
        if (cbt != null && tlsServerCertificate.isPresent() && !isZero(cbt.getRaw())
                && !MessageDigest.isEqual(cbt.getRaw(), ChannelBindings.tlsServerEndPoint(tlsServerCertificate.get()))) {
            return new Rejected("channel bindings of " + account + " do not match this TLS connection");
        }
        if ((challenge.flags() & NtlmFlags.NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) == 0
                || (challenge.flags() & NtlmFlags.NTLMSSP_NEGOTIATE_128) == 0) {
            // Only the sealing WinRM clients negotiate (ESS, 128-bit keys) is implemented; without SEAL no
            // message is ever sealed, so the session only matters when the client asked for it.
            if ((challenge.flags() & NtlmFlags.NTLMSSP_NEGOTIATE_SEAL) != 0) {
                return new Rejected("sealing without extended session security and 128-bit keys is not supported");
            }
        }
        return new Accepted(account, new NtlmSession(exported));
    }

    private boolean accountMatches(String user, String domain) {
        if (expectedUser.isEmpty()) {
            return true;
        }
        if (!expectedUser.get().equalsIgnoreCase(user)) {
            return false;
        }
        // A local account (no domain in the inventory) is found whatever domain the client names, as on a
        // workgroup server; a domain account must come with its domain.
        return expectedDomain.isEmpty() || expectedDomain.get().equalsIgnoreCase(domain);
    }

    private static boolean micMatches(Challenge c, byte[] authenticate, byte[] exportedSessionKey) {
        if (authenticate.length < MIC_OFFSET + 16) {
            return false;
        }
        byte[] zeroed = authenticate.clone();
        Arrays.fill(zeroed, MIC_OFFSET, MIC_OFFSET + 16, (byte) 0);
        byte[] expected = hmacMd5(exportedSessionKey, c.negotiate(), c.challengeMessage(), zeroed);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(authenticate, MIC_OFFSET, MIC_OFFSET + 16));
    }

    private static Type1Message parseType1(byte[] negotiate) throws IOException {
        try {
            return new Type1Message(negotiate);
        } catch (RuntimeException e) {
            throw new IOException("not an NTLM NEGOTIATE_MESSAGE", e);
        }
    }

    /** Windows FILETIME: 100 ns units since 1601-01-01. */
    static long fileTime(Instant t) {
        return (t.getEpochSecond() + 11_644_473_600L) * 10_000_000L + t.getNano() / 100;
    }

    private static String netbios(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.length() > 15 ? n.substring(0, 15) : n;
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
