package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.inventory.SecretRef;
import org.wsusctl.remote.PsOutput;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimOptions;
import org.wsusctl.sim.SimRequest;
import org.wsusctl.sim.SimTransport;
import org.wsusctl.sim.SimulatedFleet;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * wsusctl's transport (winrm4j 0.12.3 under {@link WinRmShellFactory}) logging in with NTLM to the simulator's
 * Windows-style NTLM: sealed messages over HTTP, plain ones over HTTPS, a wrong password refused at once.
 */
@org.junit.jupiter.api.Timeout(120)
class NtlmTransportTest {
    private static final String PASSWORD = "Ntlm-Pa55!word";
    private static SimulatedFleet fleet;
    private static WinRmShellFactory factory;

    @BeforeAll
    static void start() throws Exception {
        fleet = SimulatedFleet.start(List.of(
                new SimHostSpec("ntlm-http", Map.of(), Optional.of("LAB\\svc-wsus"), Optional.of(PASSWORD), false,
                        SimTransport.NTLM),
                new SimHostSpec("ntlm-https", Map.of(), Optional.of("LAB\\svc-wsus"), Optional.of(PASSWORD), true,
                        SimTransport.NTLM),
                new SimHostSpec("local-account", Map.of(), Optional.of("wsusadmin"), Optional.of(PASSWORD), false,
                        SimTransport.NTLM)),
                SimOptions.defaults(), new WsusModelFactory());
        factory = new WinRmShellFactory(h -> Optional.of(h.vars().getOrDefault("pw", PASSWORD).toString()),
                new TransportSettings(0, Duration.ofMillis(10), Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        factory.close();
        fleet.close();
    }

    static Host host(String name, String user, String password) {
        URI uri = fleet.endpoints().get(name);
        Scheme scheme = uri.getScheme().equals("https") ? Scheme.HTTPS : Scheme.HTTP;
        Connection c = new Connection("127.0.0.1", scheme, uri.getPort(), "/wsman", AuthScheme.NTLM, Optional.of(user),
                new SecretRef.FromEnv("UNUSED"), true, fleet.certificatePem(), false, Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        return new Host(name, c, Map.of("pw", password), List.of("wsus"), Optional.empty(),
                SourcePos.fileOnly(Path.of("inventory.yml")));
    }

    private static List<SimRequest> served(String host, long from) {
        return fleet.requestLog(host).stream().skip(from)
                .filter(r -> List.of("Create", "Command", "Receive", "Signal", "Delete").contains(r.action())).toList();
    }

    @Test
    void overHttpEveryMessageIsSealedAndAuthenticatedAsTheAccount() throws Exception {
        long before = fleet.requestLog("ntlm-http").size();
        try (RemoteShell shell = factory.open(host("ntlm-http", "LAB\\svc-wsus", PASSWORD))) {
            PsOutput who = shell.run("whoami");
            assertEquals("lab\\svc-wsus\r\n", who.stdout());
            PsOutput ps = shell.run("powershell -NoProfile -Command Write-Output hi");
            assertEquals("hi\r\n", ps.stdout());
        }
        List<SimRequest> served = served("ntlm-http", before);
        assertEquals(List.of("Create", "Command", "Receive", "Signal", "Command", "Receive", "Signal", "Delete"),
                served.stream().map(SimRequest::action).toList());
        assertTrue(served.stream().allMatch(SimRequest::sealed), served::toString);
        assertTrue(served.stream().allMatch(r -> r.account().equals(Optional.of("LAB\\svc-wsus"))), served::toString);
    }

    /**
     * A sealing client has one NTLM context; the server has one per connection. If the client's pool opened a
     * second connection while the first was still open (it did, when the next request started before the last
     * connection was back in the pool), that logon reset the client's keys and the first connection's next
     * message was refused (this failed 3 runs in 3 before the fix). So: many quick commands, none refused.
     * (A connection may still be replaced once it expires, after CXF's 60 s connection TTL; then the client
     * logs in again on the new one, which is fine.)
     */
    @Test
    void aSealingClientKeepsToOneConnectionAtATime() throws Exception {
        long before = fleet.requestLog("ntlm-http").size();
        try (RemoteShell shell = factory.open(host("ntlm-http", "LAB\\svc-wsus", PASSWORD))) {
            for (int i = 0; i < 300; i++) {
                assertEquals("ntlm-http\r\n", shell.run("hostname").stdout(), "command " + i);
            }
        }
        List<SimRequest> log = fleet.requestLog("ntlm-http").stream().skip(before).toList();
        assertTrue(log.stream().noneMatch(r -> r.action().equals("Invalid")), "a message was refused: " + log);
        assertTrue(log.stream().filter(r -> r.account().isPresent()).allMatch(SimRequest::sealed));
    }

    @Test
    void overHttpsMessagesArePlainAndChannelBindingsAreChecked() throws Exception {
        long before = fleet.requestLog("ntlm-https").size();
        try (RemoteShell shell = factory.open(host("ntlm-https", "LAB\\svc-wsus", PASSWORD))) {
            assertEquals("ntlm-https\r\n", shell.run("hostname").stdout());
        }
        List<SimRequest> served = served("ntlm-https", before);
        assertEquals(3 + 2, served.size(), served::toString);
        assertFalse(served.stream().anyMatch(SimRequest::sealed), served::toString);
        assertTrue(served.stream().allMatch(r -> r.account().equals(Optional.of("LAB\\svc-wsus"))), served::toString);
    }

    @Test
    void aLocalAccountLogsInWithoutADomain() throws Exception {
        try (RemoteShell shell = factory.open(host("local-account", "wsusadmin", PASSWORD))) {
            assertEquals("local-account\\wsusadmin\r\n", shell.run("whoami").stdout());
        }
    }

    @Test
    void aWrongPasswordIsRejectedAtOnceAsAnAuthenticationFailure() {
        for (String name : List.of("ntlm-http", "ntlm-https")) {
            long before = fleet.requestLog(name).size();
            RemoteException e = assertThrows(RemoteException.class,
                    () -> factory.open(host(name, "LAB\\svc-wsus", "not-the-password")));
            assertInstanceOf(RemoteException.AuthRejected.class, e, e::toString);
            assertTrue(e.getMessage().contains("authentication rejected for LAB\\svc-wsus (NTLM)"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password"));
            List<String> actions = fleet.requestLog(name).stream().skip(before).map(SimRequest::action).toList();
            assertEquals(List.of("Challenge", "Challenge", "Unauthorized"), actions, name);
        }
    }

    /**
     * winrm4j issue #63: one client logs in and is done; a second client for the same endpoint and account but a
     * wrong password must not be handed the first one's logged-in connection from the shared pool (over HTTPS,
     * where wsusctl does not seal and so shares one HTTP client between hosts).
     */
    @Test
    void aSecondClientIsNeverLetInOnAnotherClientsLoggedInConnection() throws Exception {
        try (RemoteShell shell = factory.open(host("ntlm-https", "LAB\\svc-wsus", PASSWORD))) {
            assertEquals("ntlm-https\r\n", shell.run("hostname").stdout());
        }
        long before = fleet.requestLog("ntlm-https").size();
        RemoteException e = assertThrows(RemoteException.class,
                () -> factory.open(host("ntlm-https", "LAB\\svc-wsus", "not-the-password")),
                () -> "the wrong password got in: " + fleet.requestLog("ntlm-https").stream().skip(before).toList());
        assertInstanceOf(RemoteException.AuthRejected.class, e, e::toString);
        // and the right password still works afterwards, on a connection of its own
        try (RemoteShell shell = factory.open(host("ntlm-https", "LAB\\svc-wsus", PASSWORD))) {
            assertEquals("ntlm-https\r\n", shell.run("hostname").stdout());
        }
    }

    @Test
    void anotherUserOrDomainIsRejected() {
        for (String user : List.of("LAB\\someone-else", "OTHER\\svc-wsus")) {
            RemoteException e = assertThrows(RemoteException.class,
                    () -> factory.open(host("ntlm-http", user, PASSWORD)));
            assertInstanceOf(RemoteException.AuthRejected.class, e, e::toString);
        }
    }

    /** AllowUnencrypted=false: a plain message after a good NTLM logon over HTTP gets 500, as from Windows. */
    @Test
    void anUnencryptedMessageOverHttpIsRefused() {
        WinRmClientContext ctx = WinRmClientContext.newInstance();
        try {
            WinRmClient client = WinRmClient.builder(fleet.endpoints().get("ntlm-http").toString())
                    .authenticationScheme(AuthSchemes.NTLM).credentials("LAB", "svc-wsus", PASSWORD)
                    .payloadEncryptionMode(PayloadEncryptionMode.OFF).context(ctx).build();
            long before = fleet.requestLog("ntlm-http").size();
            RuntimeException e = assertThrows(RuntimeException.class, client::createShell);
            assertInstanceOf(RemoteException.ProtocolError.class, WinRmErrors.classify(e, URI.create("http://x"), "u"));
            List<SimRequest> log = fleet.requestLog("ntlm-http").stream().skip(before).toList();
            SimRequest refused = log.get(log.size() - 1);
            assertEquals("Unencrypted", refused.action(), log::toString);
            assertEquals(Optional.of("LAB\\svc-wsus"), refused.account(), "authenticated first, then refused");
            client.close();
        } finally {
            ctx.shutdown();
        }
    }
}
