package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.inventory.SecretRef;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimOptions;
import org.wsusctl.sim.SimRequest;
import org.wsusctl.sim.SimTransport;
import org.wsusctl.sim.SimulatedFleet;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * wsusctl's transport logging in with Kerberos (user@REALM and a password: winrm4j asks the simulated lab's KDC
 * for a ticket, then presents a service ticket for HTTP/localhost) to simulated hosts in that realm.
 */
@org.junit.jupiter.api.Timeout(120)
class KerberosTransportTest {
    static final String USER = "wsusadmin@LAB.EXAMPLE";
    private static final String PASSWORD = "Kerb-Pa55!word";
    private static SimulatedFleet fleet;
    private static WinRmShellFactory factory;

    @BeforeAll
    static void start() throws Exception {
        fleet = SimulatedFleet.start(List.of(
                new SimHostSpec("kerb-https", Map.of(), Optional.of(USER), Optional.of(PASSWORD), true,
                        SimTransport.KERBEROS),
                new SimHostSpec("kerb-http", Map.of(), Optional.of(USER), Optional.of(PASSWORD), false,
                        SimTransport.KERBEROS),
                new SimHostSpec("kerb-other", Map.of(), Optional.of("someone@LAB.EXAMPLE"), Optional.of("Other-Pa55"),
                        true, SimTransport.KERBEROS)),
                SimOptions.defaults(), new WsusModelFactory());
        factory = new WinRmShellFactory(h -> Optional.of(h.vars().get("pw").toString()),
                new TransportSettings(0, Duration.ofMillis(10), Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        factory.close();
        fleet.close();
    }

    private static Host host(String name, String user, String password) {
        URI uri = fleet.endpoints().get(name);
        Scheme scheme = uri.getScheme().equals("https") ? Scheme.HTTPS : Scheme.HTTP;
        // by name, as Kerberos needs (a service principal names a host): HTTP/localhost@LAB.EXAMPLE
        Connection c = new Connection("localhost", scheme, uri.getPort(), "/wsman", AuthScheme.KERBEROS,
                Optional.of(user), new SecretRef.FromEnv("UNUSED"), true, fleet.certificatePem(), false,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new Host(name, c, Map.of("pw", password), List.of("wsus"), Optional.empty(),
                SourcePos.fileOnly(Path.of("inventory.yml")));
    }

    @Test
    void overHttpsTheAccountLogsInWithATicket() throws Exception {
        long before = fleet.requestLog("kerb-https").size();
        try (RemoteShell shell = factory.open(host("kerb-https", USER, PASSWORD))) {
            assertEquals("lab\\wsusadmin\r\n", shell.run("whoami").stdout());
        }
        List<SimRequest> served = fleet.requestLog("kerb-https").stream().skip(before)
                .filter(r -> !r.action().equals("Challenge")).toList();
        assertEquals(List.of("Create", "Command", "Receive", "Signal", "Delete"),
                served.stream().map(SimRequest::action).toList());
        // winrm4j logs in with the name in capitals; Active Directory (and the simulator) match it either way
        assertTrue(served.stream().allMatch(r -> r.account().orElse("").equalsIgnoreCase(USER)), served::toString);
        assertFalse(served.stream().anyMatch(SimRequest::sealed));
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureNotAnInternalError() {
        RemoteException e = assertThrows(RemoteException.class,
                () -> factory.open(host("kerb-https", USER, "not-the-password")));
        assertInstanceOf(RemoteException.AuthRejected.class, e, e::toString);
        assertTrue(e.getMessage().contains("the KDC refused the login"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }

    @Test
    void anUnknownAccountIsAnAuthenticationFailure() {
        RemoteException e = assertThrows(RemoteException.class,
                () -> factory.open(host("kerb-https", "nobody@LAB.EXAMPLE", PASSWORD)));
        assertInstanceOf(RemoteException.AuthRejected.class, e, e::toString);
    }

    @Test
    void aValidTicketOfAnotherAccountIsRefusedByTheHost() {
        RemoteException e = assertThrows(RemoteException.class,
                () -> factory.open(host("kerb-other", USER, PASSWORD)));
        assertInstanceOf(RemoteException.AuthRejected.class, e, e::toString);
        assertTrue(fleet.requestLog("kerb-other").stream().anyMatch(r -> r.action().equals("Unauthorized")));
    }

    /** winrm4j cannot seal Kerberos messages (its issue #151); Windows refuses plain ones over HTTP with 500. */
    @Test
    void overHttpThePlainMessagesAreRefusedAsWindowsDoes() {
        RemoteException e = assertThrows(RemoteException.class,
                () -> factory.open(host("kerb-http", USER, PASSWORD)));
        assertInstanceOf(RemoteException.ProtocolError.class, e, e::toString);
        assertTrue(e.getMessage().contains("use winrm_scheme: https"), e.getMessage());
        List<SimRequest> log = fleet.requestLog("kerb-http");
        SimRequest refused = log.get(log.size() - 1);
        assertEquals("Unencrypted", refused.action(), log::toString);
        assertTrue(refused.account().orElse("").equalsIgnoreCase(USER), "logged in first, then refused");
    }
}
