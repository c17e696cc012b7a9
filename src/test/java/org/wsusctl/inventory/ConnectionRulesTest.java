package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;

/**
 * How a host is reached: Ansible's defaults for connections written with Ansible's names, wsusctl's for its
 * own, refusals where they would differ, and Ansible settings wsusctl cannot honour.
 */
class ConnectionRulesTest {
    @TempDir
    Path dir;

    Inventory load(String yaml) throws Exception {
        Path f = dir.resolve("inv.yml");
        Files.writeString(f, yaml);
        return new InventoryLoader(new InventoryLoader.Options(Map.of("PW", "x"), Vault.NONE, Duration.ofSeconds(9)))
                .load(f);
    }

    Connection connection(String hostVars) throws Exception {
        return load("all:\n  hosts:\n    w1: " + hostVars + "\n").hosts().get(0).connection();
    }

    String refusal(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        return e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }

    @Test
    void ansibleDefaultsForAnsibleNames() throws Exception {
        Connection c = connection("{ansible_connection: winrm, ansible_user: svc}");
        assertEquals("https://w1:5986/wsman", c.endpoint().toString());
        assertEquals(AuthScheme.BASIC, c.auth(), "no transport: Ansible's ssl transport is Basic over https");
        Connection http = connection("{ansible_port: 5985, ansible_winrm_transport: ntlm}");
        assertEquals("http://w1:5985/wsman", http.endpoint().toString(), "5985 without a scheme is http");
        assertEquals(AuthScheme.KERBEROS, connection("{ansible_user: svc@CORP.EXAMPLE}").auth());
        assertEquals(AuthScheme.NTLM, connection("{ansible_user: svc@CORP.EXAMPLE, ansible_winrm_transport: "
                + "'ntlm,kerberos'}").auth());
    }

    @Test
    void wsusctlDefaultsForItsOwnNames() throws Exception {
        assertEquals("https://w1:5986/wsman", connection("{winrm_user: svc}").endpoint().toString());
        assertEquals(AuthScheme.NTLM, connection("{winrm_user: svc}").auth());
        assertEquals("http://w1:5985/wsman", connection("{winrm_scheme: http}").endpoint().toString());
        assertEquals("http://w1:5985/wsman", connection("{winrm_port: 5985}").endpoint().toString(),
                "5985 without a scheme is http for wsusctl's names too (as in Ansible)");
    }

    @Test
    void theLastOfAnOptionsNamesWinsAsInAnsible() throws Exception {
        Connection c = connection("{ansible_user: a, ansible_winrm_user: b, ansible_host: 10.0.0.1,"
                + " ansible_winrm_host: 10.0.0.2, ansible_port: 5986, ansible_winrm_port: 5985,"
                + " ansible_winrm_transport: ntlm}");
        assertEquals("b", c.user().orElseThrow());
        assertEquals("http://10.0.0.2:5985/wsman", c.endpoint().toString());
    }

    @Test
    void bothStylesForOneSettingMustAgree() throws Exception {
        assertEquals(5986, connection("{ansible_port: 5986, winrm_port: 5986, ansible_winrm_transport: ntlm}").port());
        assertTrue(refusal("all:\n  vars: {winrm_user: a}\n  hosts:\n    w1: {ansible_user: b}\n")
                .contains("\"ansible_user\" and \"winrm_user\" set the user of host \"w1\" differently (b and a)"));
    }

    @Test
    void aWsusctlNameAnsibleDoesNotReadIsRefusedWhenItWouldChangeTheConnection() {
        String r = refusal("all:\n  vars: {ansible_connection: winrm, ansible_winrm_transport: ntlm,"
                + " winrm_scheme: http, winrm_port: 5985}\n  hosts:\n    w1:\n");
        assertTrue(r.contains("wsusctl would connect with port 5985 where Ansible uses 5986"), r);
        assertTrue(r.contains("inv.yml:2:"), r);
        String u = refusal("all:\n  vars: {ansible_connection: winrm, ansible_winrm_transport: ntlm,"
                + " winrm_user: svc}\n  hosts:\n    w1:\n");
        assertTrue(u.contains("user svc where Ansible uses (none)"), u);
    }

    @Test
    void basicOverHttpIsRefusedAlsoAsAnsiblesDefault() {
        String r = refusal("all:\n  vars: {ansible_port: 5985}\n  hosts:\n    w1:\n");
        assertTrue(r.contains("inv.yml:2:24: error: no transport is set, so Ansible's default applies: Basic"), r);
    }

    @Test
    void httpWithoutAPortInAnsibleNamesIsRefused() {
        assertTrue(refusal("all:\n  vars: {ansible_winrm_scheme: http, ansible_winrm_transport: ntlm}\n"
                + "  hosts:\n    w1:\n").contains("http without ansible_port"));
    }

    @Test
    void ansibleSettingsWsusctlCannotHonourAreRefusedOrNamed() throws Exception {
        for (String[] c : new String[][] {
                {"ansible_winrm_message_encryption: never", "never is not supported"},
                {"ansible_winrm_transport: credssp", "not supported by winrm4j"},
                {"ansible_winrm_transport: certificate", "not supported by winrm4j"},
                {"ansible_winrm_cert_pem: /x.pem", "certificate authentication"},
                {"ansible_winrm_proxy: http://proxy:3128", "never through a proxy"},
                {"ansible_winrm_kerberos_delegation: true", "delegation is not supported"},
                {"ansible_winrm_operation_timeout_sec: 120", "expected whole seconds 1-50"},
                {"ansible_winrm_transprt: ntlm", "did you mean \"ansible_winrm_transport\"?"},
                {"ansible_connection: winrn", "did you mean \"winrm\"?"},
                {"ansible_winrm_ca_trust_path: " + dir, "a directory"}}) {
            String r = refusal("all:\n  vars: {ansible_winrm_transport: ntlm}\n  hosts:\n    w1: {" + c[0] + "}\n");
            assertTrue(r.contains(c[1]) && r.contains("inv.yml:4:"), c[0] + " -> " + r);
        }
        Inventory inv = load("all:\n  vars: {ansible_winrm_transport: ntlm, ansible_winrm_kinit_mode: manual,"
                + " ansible_winrm_whatever_new: 1, ansible_become_user: SYSTEM}\n  hosts:\n    w1:\n");
        String warnings = inv.warnings().stream().map(InventoryWarning::format).collect(Collectors.joining("\n"));
        assertTrue(warnings.contains("ansible_winrm_kinit_mode is not applied"), warnings);
        assertTrue(warnings.contains("ansible_winrm_whatever_new is not an option"), warnings);
    }

    @Test
    void timeoutsMapToWsusctlsSettings() throws Exception {
        Connection c = connection("{ansible_winrm_transport: ntlm, ansible_winrm_connection_timeout: 30}");
        assertEquals(Duration.ofSeconds(30), c.operationTimeout());
        assertTrue(refusal("all:\n  hosts:\n    w1: {ansible_winrm_transport: ntlm, ansible_winrm_operation_timeout_sec:"
                + " 30, ansible_winrm_read_timeout_sec: 20}\n").contains("must exceed the operation timeout"));
    }

    @Test
    void otherConnectionPluginsAreLeftOutAndHostsWithoutOneFollowTheInventory() throws Exception {
        Inventory mixed = load("linux:\n  vars: {ansible_connection: ssh}\n  hosts: {web01: }\nwsus:\n"
                + "  vars: {ansible_connection: winrm, ansible_winrm_transport: ntlm}\n  hosts: {w1: }\n"
                + "other:\n  hosts: {nothing-set: }\n");
        assertEquals("ssh", mixed.host("web01").orElseThrow().connectionPlugin());
        assertTrue(mixed.host("w1").orElseThrow().usesWinrm());
        assertEquals("ssh", mixed.host("nothing-set").orElseThrow().connectionPlugin(),
                "in an inventory that names connections, a host without one is ssh, as for Ansible");
        Inventory own = load("wsus:\n  hosts: {w1: , w2: }\n");
        assertTrue(own.hosts().stream().allMatch(Host::usesWinrm), "wsusctl's own inventories mean WinRM");
    }

    @Test
    void simulatedHostsKeepTheirOwnRules() throws Exception {
        Inventory inv = load("all:\n  vars: {ansible_port: 5985}\n  children:\n    lab:\n"
                + "      vars: {simulate: {}}\n      hosts: {lab1: }\n");
        Host h = inv.hosts().get(0);
        assertTrue(h.isSimulated());
        assertEquals(Optional.empty(), h.connection().user());
    }

    /** Loaded as a run loads it: wsusctl is to log in to the hosts. */
    Inventory loadForLogin(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("inv.yml"), yaml);
        return new InventoryLoader(new InventoryLoader.Options(Map.of("PW", "x"), Vault.NONE, Duration.ofSeconds(9))
                .withLogin()).load(f);
    }

    String refusalForLogin(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> loadForLogin(yaml));
        return e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }

    @Test
    void aSimulatedHostLoggedInToWithNtlmNeedsAUserAndSaysWhereAtLoad() throws Exception {
        // wsusctl logs in to a simulated host like any other; NTLM has no anonymous login, and without a user the
        // run failed at every such host's login with "authentication rejected for (no user) (NTLM)".
        String bare = refusalForLogin("all:\n  hosts:\n    lab1: {simulate: {}}\n");
        assertTrue(bare.contains("inv.yml:3:5") && bare.contains("host \"lab1\" is simulated and wsusctl logs in to it"
                + " with NTLM (the default winrm_transport)") && bare.contains("expected winrm_user"), bare);
        String named = refusalForLogin("all:\n  vars: {winrm_transport: ntlm}\n  hosts:\n    lab1: {simulate: {}}\n");
        assertTrue(named.contains("inv.yml:2:") && named.contains("with NTLM (winrm_transport: ntlm)"), named);
        assertEquals(Optional.of("LAB\\svc"), loadForLogin("all:\n  hosts:\n    lab1: {simulate: {}, winrm_user:"
                + " 'LAB\\svc', winrm_password_env: PW}\n").hosts().get(0).connection().user());
        assertTrue(loadForLogin("all:\n  hosts:\n    lab1: {simulate: {}, winrm_transport: basic}\n").hosts().get(0)
                .isSimulated(), "a simulated Basic host accepts any user (with none given, it accepts any)");
        // a real host is the connection policy's to judge before the run contacts it, as before: loaded as written
        assertTrue(loadForLogin("all:\n  hosts:\n    w1: {winrm_transport: kerberos}\n").hosts().get(0).connection()
                .user().isEmpty());
        // a listing, or wsusctl simulate, which only serves the host: its clients bring their own account, and a
        // host without a user accepts any (with an empty password: NTLM's keys derive from it)
        assertTrue(load("all:\n  hosts:\n    lab1: {simulate: {}}\n").hosts().get(0).isSimulated());
    }
}
