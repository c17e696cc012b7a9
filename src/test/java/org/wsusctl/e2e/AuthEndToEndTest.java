package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimOptions;
import org.wsusctl.sim.SimTransport;
import org.wsusctl.sim.SimulatedFleet;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * Audit, apply, audit through the CLI, winrm4j and real sockets, with each way a WSUS server is logged in to:
 * NTLM over HTTP with every message sealed (Windows' default: Negotiate and AllowUnencrypted=false), NTLM over
 * HTTPS, Kerberos over HTTPS with a ticket from the simulated lab's KDC, and Basic. Each simulated host takes
 * only the scheme its {@code winrm_transport} names.
 */
class AuthEndToEndTest {
    private static final String PLAYBOOK = "src/test/resources/e2e/pool-only.yml";
    /** One realm for every Kerberos test of the JVM (the JDK reads its Kerberos configuration once). */
    private static final String REALM = "LAB.EXAMPLE";

    @TempDir
    Path dir;

    @Test
    void auditApplyAuditOverEachSchemeTheHostTakes() {
        Lab lab = Lab.fromYaml(dir, """
                all:
                  vars:
                    winrm_user: LAB\\\\wsusadmin
                    winrm_password_env: E2E_LAB_PASSWORD
                  children:
                    wsus:
                      vars:
                        simulate: { apppool: { WsusPool: { state: Stopped } } }
                      hosts:
                        ntlm-http: {}
                        ntlm-https: { winrm_scheme: https }
                        kerberos-https:
                          winrm_scheme: https
                          winrm_transport: kerberos
                          winrm_user: wsusadmin@%s
                        basic-http: { winrm_transport: basic }
                """.formatted(REALM));
        List<String> hosts = List.of("ntlm-http", "ntlm-https", "kerberos-https", "basic-http");

        Lab.Run audit1 = lab.audit(PLAYBOOK, null);
        assertEquals(2, audit1.exit(), audit1.cli()::toString);
        for (String h : hosts) {
            assertEquals("drifted", audit1.hostStatus(h), h + ": " + audit1.cli());
        }

        Lab.Run apply = lab.apply(PLAYBOOK, null);
        assertEquals(0, apply.exit(), apply.cli()::toString);
        for (String h : hosts) {
            assertEquals("fixed", apply.hostStatus(h), h + ": " + apply.cli());
        }

        Lab.Run audit2 = lab.audit(PLAYBOOK, null);
        assertEquals(0, audit2.exit(), audit2.cli()::toString);
        for (String h : hosts) {
            assertEquals("compliant", audit2.hostStatus(h), h + ": " + audit2.cli());
        }
    }

    /**
     * winrm4j cannot seal Kerberos messages (its issue #151) and Windows refuses plain ones over HTTP; the
     * message says so and what to do. A host that is not reached makes the run exit 3, as any unreachable.
     */
    @Test
    void kerberosOverHttpIsRefusedAsWindowsRefusesItAndSaysWhy() {
        Lab lab = Lab.fromYaml(dir, """
                all:
                  vars:
                    winrm_user: wsusadmin@%s
                    winrm_password_env: E2E_LAB_PASSWORD
                    winrm_transport: kerberos
                  hosts:
                    kerberos-http: { simulate: {} }
                """.formatted(REALM));
        Lab.Run audit = lab.audit(PLAYBOOK, null);
        JsonNode host = audit.host("kerberos-http");
        assertTrue(host.toString().contains("use winrm_scheme: https"), host::toString);
        assertFalse(audit.cli().err().contains("Exception"), audit.cli()::toString);
    }

    /**
     * A Kerberos login the KDC refuses (wrong password) is an authentication failure: the host is unreachable
     * with "authentication rejected", the run exits 3 like any unreachable host; never an internal error.
     * The test starts the servers itself so the client can be given another password than the KDC holds.
     */
    @Test
    void aRefusedKerberosLoginIsAnAuthenticationFailure() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(List.of(new SimHostSpec("kdc-host", Map.of(),
                Optional.of("wsusadmin@" + REALM), Optional.of("the-real-password"), true, SimTransport.KERBEROS)),
                SimOptions.defaults(), new WsusModelFactory())) {
            Lab lab = Lab.fromYaml(dir, """
                    all:
                      vars:
                        winrm_user: wsusadmin@%s
                        winrm_password_env: E2E_LAB_PASSWORD
                        winrm_transport: kerberos
                        ca_file: %s
                      hosts:
                        kdc-host: { ansible_host: localhost, winrm_scheme: https, winrm_port: %d }
                    """.formatted(REALM, fleet.certificatePem().orElseThrow(),
                    fleet.endpoints().get("kdc-host").getPort()));
            Lab.Run audit = lab.audit(PLAYBOOK, null);
            assertEquals(3, audit.exit(), audit.cli()::toString);
            assertEquals("unreachable", audit.hostStatus("kdc-host"), audit.cli()::toString);
            String message = audit.host("kdc-host").toString();
            assertTrue(message.contains("authentication rejected for wsusadmin@" + REALM + " (KERBEROS)")
                    && message.contains("the KDC refused the login"), message);
            assertFalse(audit.cli().toString().contains(Lab.PASSWORD), "the password never shows");
            assertFalse(audit.cli().err().contains("internal error"), audit.cli()::toString);
        }
    }
}
