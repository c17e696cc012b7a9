package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.config.ConfigException;

class InventoryLoaderTest {
    @TempDir
    Path dir;

    Inventory load(String yaml) throws Exception {
        Path f = dir.resolve("inv.yml");
        Files.writeString(f, yaml);
        return new InventoryLoader().load(f);
    }

    ConfigException refuse(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml));
    }

    @Test
    void deeperGroupsWinOverParentsAndHostWinsOverAll() throws Exception {
        Inventory inv = load("""
                all:
                  vars: { x: all, y: all, z: all }
                  children:
                    wsus:
                      vars: { x: wsus, y: wsus }
                      children:
                        eu:
                          vars: { x: eu }
                          hosts:
                            w1:
                      hosts:
                        w2:
                          y: host
                """);
        Host w1 = inv.host("w1").orElseThrow();
        assertEquals("eu", w1.vars().get("x"));
        assertEquals("wsus", w1.vars().get("y"));
        assertEquals("all", w1.vars().get("z"));
        Host w2 = inv.host("w2").orElseThrow();
        assertEquals("wsus", w2.vars().get("x"));
        assertEquals("host", w2.vars().get("y"));
        assertEquals(List.of("eu", "wsus"), w1.groups());
        // Ansible's group.get_hosts(): the group's own hosts, then its children's
        assertEquals(List.of("w2", "w1"), inv.groups().get("wsus").hosts());
        assertEquals(List.of("eu"), inv.groups().get("wsus").children());
    }

    @Test
    void sameDepthGroupsApplyByNameThenPriority() throws Exception {
        String yaml = """
                all:
                  children:
                    zeta:
                      vars: { v: zeta %s }
                      hosts: { h: }
                    alpha:
                      vars: { v: alpha }
                      hosts: { h: }
                """;
        assertEquals("zeta", load(yaml.formatted("")).host("h").orElseThrow().vars().get("v"));
        Inventory prioritised = load(yaml.formatted("").replace("vars: { v: alpha }",
                "vars: { v: alpha, ansible_group_priority: 10 }"));
        assertEquals("alpha", prioritised.host("h").orElseThrow().vars().get("v"));
    }

    @Test
    void hostInSeveralGroupsIsMergedAndKeepsFirstPosition() throws Exception {
        Inventory inv = load("""
                all:
                  children:
                    a:
                      hosts:
                        h1: { winrm_port: 6000 }
                    b:
                      hosts:
                        h1: { winrm_user: svc }
                """);
        assertEquals(1, inv.hosts().size());
        Host h = inv.hosts().get(0);
        assertEquals(6000, h.connection().port());
        assertEquals("svc", h.connection().user().orElseThrow());
        assertEquals(List.of("a", "b"), h.groups());
        assertEquals(5, h.declaredAt().line());
    }

    @Test
    void rangesExpandInOrderWithPadding() throws Exception {
        Inventory inv = load("all:\n  hosts:\n    wsus[01:03].corp:\n    lab[a:c]:\n");
        assertEquals(List.of("wsus01.corp", "wsus02.corp", "wsus03.corp", "laba", "labb", "labc"),
                inv.hosts().stream().map(Host::name).toList());
    }

    @Test
    void secureDefaults() throws Exception {
        Connection c = load("all:\n  hosts:\n    w1:\n").hosts().get(0).connection();
        assertEquals(Scheme.HTTPS, c.scheme());
        assertEquals(5986, c.port());
        assertEquals("/wsman", c.path());
        assertEquals(AuthScheme.NTLM, c.auth());
        assertTrue(c.verifyTls());
        assertFalse(c.allowInsecureBasic());
        assertEquals(new SecretRef.None(), c.password());
        assertEquals(Connection.DEFAULT_OPERATION_TIMEOUT, c.operationTimeout());
        assertEquals("https://w1:5986/wsman", c.endpoint().toString());
    }

    @Test
    void httpSchemeDefaultsToPort5985() throws Exception {
        Connection c = load("all:\n  vars: { winrm_scheme: http }\n  hosts:\n    w1:\n").hosts().get(0).connection();
        assertEquals(5985, c.port());
    }

    @Test
    void ansibleVariableNamesAreAccepted() throws Exception {
        Connection c = load("""
                all:
                  hosts:
                    w1:
                      ansible_host: 10.0.0.5
                      ansible_port: 5987
                      ansible_user: CORP\\svc
                      ansible_password: "{{ lookup('env', 'WSUS_PW') }}"
                      ansible_winrm_scheme: https
                      ansible_winrm_transport: kerberos
                      ansible_winrm_server_cert_validation: ignore
                      ansible_connection: winrm
                """).hosts().get(0).connection();
        assertEquals("10.0.0.5", c.address());
        assertEquals(5987, c.port());
        assertEquals("CORP\\svc", c.user().orElseThrow());
        assertEquals(new SecretRef.FromEnv("WSUS_PW"), c.password());
        assertEquals(AuthScheme.KERBEROS, c.auth());
        assertFalse(c.verifyTls());
    }

    @Test
    void wsusctlVariablesAndTimeouts() throws Exception {
        Connection c = load("""
                all:
                  vars:
                    winrm_password_env: WSUS_PASSWORD
                    winrm_transport: basic
                    winrm_scheme: http
                    allow_insecure_basic: true
                    connect_timeout: 5
                    operation_timeout: 50
                    winrm_path: /wsman-alt
                  hosts:
                    w1:
                """).hosts().get(0).connection();
        assertEquals(new SecretRef.FromEnv("WSUS_PASSWORD"), c.password());
        assertEquals(AuthScheme.BASIC, c.auth());
        assertTrue(c.allowInsecureBasic());
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(Duration.ofSeconds(50), c.operationTimeout());
        assertEquals("/wsman-alt", c.path());
    }

    @Test
    void passwordFileIsResolvedAgainstTheInventoryDirectory() throws Exception {
        Connection c = load("all:\n  hosts:\n    w1: { winrm_password_file: secrets/pw.txt }\n").hosts().get(0)
                .connection();
        assertEquals(new SecretRef.FromFile(dir.resolve("secrets/pw.txt").toAbsolutePath().normalize()),
                c.password());
    }

    @Test
    void maxParallelFixesComesFromGroupVars() throws Exception {
        Inventory inv = load("all:\n  children:\n    sus:\n      vars: { max_parallel_fixes: 2 }\n"
                + "      hosts: { a: , b: }\n");
        assertEquals(2, inv.groups().get("sus").maxParallelFixes());
        assertEquals(0, inv.groups().get("all").maxParallelFixes());
    }

    @Test
    void ungroupedHoldsHostsOnlyInAll() throws Exception {
        Inventory inv = load("all:\n  hosts: { lone: }\n  children:\n    g:\n      hosts: { member: }\n");
        assertEquals(List.of("lone"), inv.groups().get("ungrouped").hosts());
    }

    @Test
    void simulateIsDeepMergedFromGroupToHost() throws Exception {
        Inventory inv = load("""
                all:
                  children:
                    lab:
                      vars:
                        simulate:
                          fault: none
                          apppool: { WsusPool: { state: Stopped, private_memory_kb: 1843200 } }
                      hosts:
                        lab1:
                          simulate:
                            apppool: { WsusPool: { state: Started } }
                """);
        Host h = inv.host("lab1").orElseThrow();
        assertTrue(h.isSimulated());
        Map<String, Object> sim = h.simulate().orElseThrow();
        assertEquals(Map.of("WsusPool", Map.of("state", "Started", "private_memory_kb", 1843200L)), sim.get("apppool"));
        assertEquals("none", sim.get("fault"));
        assertFalse(h.vars().containsKey("simulate"));
    }

    @Test
    void simulatedHostsUseHttpUnlessHttpsIsSetOnThem() throws Exception {
        Inventory inv = load("""
                all:
                  vars: { winrm_scheme: https }
                  children:
                    lab:
                      vars: { simulate: {} }
                      hosts:
                        plain:
                        tls: { winrm_scheme: https }
                """);
        assertEquals(Scheme.HTTP, inv.host("plain").orElseThrow().connection().scheme());
        assertEquals(Scheme.HTTPS, inv.host("tls").orElseThrow().connection().scheme());
    }

    @Test
    void basicOverHttpIsAllowedForSimulatedHosts() throws Exception {
        Inventory inv = load("all:\n  hosts:\n    lab1: { simulate: , winrm_transport: basic }\n");
        assertEquals(AuthScheme.BASIC, inv.hosts().get(0).connection().auth());
    }

    @Test
    void reportsEveryErrorOfTheFileAtOnce() {
        ConfigException e = refuse("""
                all:
                  chilren: {}
                  hosts:
                    w1: { winrm_port: 0 }
                    w2: { winrm_scheme: ftp }
                """);
        assertEquals(3, e.diagnostics().size(), e.getMessage());
    }

    @Test
    void groupErrorsAreReportedOnceNotPerHost() {
        ConfigException e = refuse("all:\n  vars: { winrm_scheme: http, winrm_transport: basic }\n"
                + "  hosts:\n    w[1:50]:\n");
        assertEquals(1, e.diagnostics().size(), e.getMessage());
    }

    @Test
    void literalPasswordIsNeverEchoed() {
        ConfigException e = refuse("all:\n  vars:\n    ansible_password: Tr0ub4dor&3\n");
        assertFalse(e.getMessage().contains("Tr0ub4dor"), e.getMessage());
        assertTrue(e.getMessage().contains("winrm_password_env"), e.getMessage());
    }

    @Test
    void freeFormVariablesAreKept() throws Exception {
        Host h = load("all:\n  vars: { memory_limit_kb: 8000000, pools: [a, b] }\n  hosts: { w1: }\n").hosts().get(0);
        assertEquals(8000000L, h.vars().get("memory_limit_kb"));
        assertEquals(List.of("a", "b"), h.vars().get("pools"));
        assertEquals("w1", h.vars().get("inventory_hostname"));
    }

    /** Finding 14.8: a host simulated through a group and listed in a real group is refused where it is listed. */
    @Test
    void aHostBothSimulatedAndRealIsRefusedWithThePositionOfTheRealListing() {
        ConfigException e = refuse("""
                all:
                  children:
                    lab:
                      vars: {simulate: {fault: none}}
                      hosts: {wsus01: , lab02: }
                    prod:
                      hosts:
                        wsus01:
                """);
        assertEquals(1, e.diagnostics().size(), e.getMessage());
        assertTrue(e.getMessage().contains("inv.yml:8:9: error: host \"wsus01\" is listed in group \"prod\", which is"
                + " not simulated, but is simulated through group \"lab\" (simulate: at "), e.getMessage());
    }

    @Test
    void simulatedThroughAParentOrOnTheHostItselfIsNotAMix() throws Exception {
        Inventory inv = load("""
                all:
                  children:
                    lab:
                      vars: {simulate: {}}
                      children:
                        lab_eu: {hosts: {lab01: }}
                    critical:
                      hosts:
                        lab02: {simulate: {fault: hang}}
                    lab2:
                      hosts: {lab02: }
                """);
        assertTrue(inv.host("lab01").orElseThrow().isSimulated());
        assertTrue(inv.host("lab02").orElseThrow().isSimulated(), "simulate: on the host is a choice for that host");
    }
}
