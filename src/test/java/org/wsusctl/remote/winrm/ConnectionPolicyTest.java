package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.inventory.SecretRef;
import org.wsusctl.remote.RemoteException;

class ConnectionPolicyTest {
    @TempDir
    Path dir;

    private static Connection with(Connection c, AuthScheme auth, Scheme scheme, boolean allowInsecure,
            Optional<String> user, SecretRef password) {
        return new Connection(c.address(), scheme, c.port(), c.path(), auth, user, password, c.verifyTls(),
                c.caFile(), allowInsecure, c.connectTimeout(), c.operationTimeout());
    }

    private static Connection base() {
        return TestHosts.conn("wsus01.corp.example", Scheme.HTTPS, 5986, AuthScheme.NTLM);
    }

    @Test
    void secureDefaultsHaveNoProblems() {
        assertEquals(List.of(), ConnectionPolicy.problems(TestHosts.host(base())));
    }

    @Test
    void basicOverHttpIsRefusedUnlessAllowedOrSimulated() {
        Connection c = with(base(), AuthScheme.BASIC, Scheme.HTTP, false, base().user(), base().password());
        List<String> p = ConnectionPolicy.problems(TestHosts.host(c));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("host h1") && p.get(0).contains("clear text")
                && p.get(0).contains("allow_insecure_basic"), p.get(0));
        Connection allowed = with(base(), AuthScheme.BASIC, Scheme.HTTP, true, base().user(), base().password());
        assertEquals(List.of(), ConnectionPolicy.problems(TestHosts.host(allowed)));
        assertEquals(List.of(), ConnectionPolicy.problems(TestHosts.simulated(c)));
        Connection https = with(base(), AuthScheme.BASIC, Scheme.HTTPS, false, base().user(), base().password());
        assertEquals(List.of(), ConnectionPolicy.problems(TestHosts.host(https)));
    }

    @Test
    void ntlmAndKerberosNeedAUser() {
        for (AuthScheme a : List.of(AuthScheme.NTLM, AuthScheme.KERBEROS)) {
            Connection c = with(base(), a, Scheme.HTTPS, false, Optional.empty(), base().password());
            List<String> p = ConnectionPolicy.problems(TestHosts.host(c));
            assertTrue(p.stream().anyMatch(s -> s.contains("needs a user (winrm_user)")), p.toString());
        }
        Connection sim = with(base(), AuthScheme.BASIC, Scheme.HTTP, false, Optional.empty(), new SecretRef.None());
        assertEquals(List.of(), ConnectionPolicy.problems(TestHosts.simulated(sim)), "a simulator accepts anyone");
    }

    @Test
    void ntlmWithoutPasswordIsAProblemKerberosMayUseItsTicketCache() {
        Connection ntlm = with(base(), AuthScheme.NTLM, Scheme.HTTPS, false, base().user(), new SecretRef.None());
        assertTrue(ConnectionPolicy.problems(TestHosts.host(ntlm)).get(0).contains("no password"));
        Connection krb = with(base(), AuthScheme.KERBEROS, Scheme.HTTPS, false, Optional.of("svc@CORP.EXAMPLE"),
                new SecretRef.None());
        assertEquals(List.of(), ConnectionPolicy.problems(TestHosts.host(krb)));
    }

    @Test
    void kerberosNeedsUpnAndHostName() {
        Connection c = new Connection("10.0.0.5", Scheme.HTTPS, 5986, "/wsman", AuthScheme.KERBEROS,
                Optional.of("CORP\\svc"), base().password(), true, Optional.empty(), false,
                Duration.ofSeconds(5), Duration.ofSeconds(20));
        List<String> p = ConnectionPolicy.problems(TestHosts.host(c));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("user@REALM"));
        assertTrue(p.get(1).contains("DNS name"));
    }

    @Test
    void caFileMustExistAndHoldAPemCertificate() throws Exception {
        Path missing = dir.resolve("nope.pem");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        for (Path f : List.of(missing, junk)) {
            Connection c = TestHosts.withTls(base(), true, Optional.of(f));
            List<String> p = ConnectionPolicy.problems(TestHosts.host(c));
            assertEquals(1, p.size(), p.toString());
            assertTrue(p.get(0).contains("ca_file " + f), p.get(0));
        }
    }

    @Test
    void openRefusesAHostWithProblemsBeforeConnecting() {
        Connection c = with(TestHosts.basicHttp(1), AuthScheme.BASIC, Scheme.HTTP, false, base().user(),
                base().password());
        try (WinRmShellFactory f = TestHosts.factory(0, Duration.ZERO, Duration.ofSeconds(1))) {
            RemoteException e = assertThrows(RemoteException.class, () -> f.open(TestHosts.host(c)));
            assertTrue(e.getMessage().contains("refusing to connect"), e.getMessage());
        }
    }

    @Test
    void accountNamesSplitOnlyOnBackslash() {
        assertEquals(new AccountName("CORP", "svc-wsus"), AccountName.parse("CORP\\svc-wsus"));
        assertEquals(new AccountName(null, "svc@corp.example"), AccountName.parse("svc@corp.example"));
        assertEquals(new AccountName(null, "admin"), AccountName.parse("admin"));
    }
}
