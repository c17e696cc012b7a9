package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.e2e.CliRun;

/**
 * The inventory through the command line: {@code wsusctl inventory} against ansible-inventory's own output
 * for the same file (recorded from ansible-core 2.14), {@code --list-hosts -v}, {@code --list-steps} with
 * tags, hosts left out or refused for their connection, and retry files.
 */
class InventoryCliTest {
    static final Path RES = Path.of("src/test/resources/inventory-cli");
    static final Path PLAYBOOK = Path.of("playbooks/wsus-health.yml");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    Run run(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_STATE_HOME", dir.toAbsolutePath().toString());
        env.put("HOME", dir.toAbsolutePath().toString());
        env.put("INV_CLI_PASSWORD", "lab-password"); // simulated hosts take NTLM: a login needs an account
        CliRun r = CliRun.run(env, args);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void listAndHostPrintWhatAnsibleInventoryPrints() throws Exception {
        String inv = RES.resolve("inv.yml").toString();
        Run list = run("inventory", "-i", inv, "--list");
        assertEquals(0, list.code(), list.toString());
        assertEquals(Files.readString(RES.resolve("ansible-list.json")), list.out());
        Run host = run("inventory", "-i", inv, "--host", "wsus02");
        assertEquals(Files.readString(RES.resolve("ansible-host-wsus02.json")), host.out());
        assertEquals(5, run("inventory", "-i", inv, "--host", "nosuch").code());
        assertEquals(5, run("inventory", "-i", inv).code(), "one of --list, --graph, --host is required");
    }

    @Test
    void graphIsAnsiblesWithSimulatedHostsMarked() throws Exception {
        Run graph = run("inventory", "-i", RES.resolve("inv.yml").toString(), "--graph");
        assertEquals(Files.readString(RES.resolve("ansible-graph.txt")).replace("--lab01", "--lab01 [simulated]"),
                graph.out());
        Run sub = run("inventory", "-i", RES.resolve("inv.yml").toString(), "--graph", "wsus");
        assertTrue(sub.out().startsWith("@wsus:\n  |--@eu:"), sub.toString());
    }

    @Test
    void valuesFromVaultFilesAreRedactedAndPasswordsNeedTheVaultPassword() throws Exception {
        Path corpus = InventoryCorpusTest.CORPUS.toAbsolutePath();
        Run noPassword = run("inventory", "-i", corpus.resolve("18-vault-encrypted-inventory/hosts.yml").toString(),
                "--list");
        assertEquals(4, noPassword.code(), noPassword.toString());
        assertTrue(noPassword.err().contains("inventory file is vault-encrypted and no vault password was given"),
                noPassword.err());
        Run ok = run("inventory", "-i", corpus.resolve("17-vault-file-ids/hosts.yml").toString(), "--list",
                "--vault-id", "prod@" + corpus.resolve("vault-prod.pw"));
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().contains("\"vault_wsus_password\": \"********\""), ok.out());
        assertFalse(ok.out().contains("Not-A-Real-Passw0rd"), ok.out());
    }

    @Test
    void listHostsVerboseShowsWhereAndHowEachHostIsReached() throws Exception {
        Path inv = write("inv.yml", """
                all:
                  children:
                    linux:
                      vars: {ansible_connection: ssh}
                      hosts: {web01: }
                    wsus:
                      vars: {ansible_connection: winrm, ansible_winrm_transport: ntlm, ansible_user: CORP\\svc}
                      hosts:
                        wsus01: {ansible_host: 10.0.12.1}
                        wsus02: {ansible_port: 5985}
                    lab:
                      vars: {simulate: {}}
                      hosts: {lab01: }
                """);
        Run r = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--list-hosts", "-v");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("      wsus01  https://10.0.12.1:5986/wsman user=CORP\\svc transport=ntlm"), r.out());
        assertTrue(r.out().contains("      wsus02  http://wsus02:5985/wsman user=CORP\\svc transport=ntlm"), r.out());
        assertTrue(r.out().contains("      lab01   [simulated] served by wsusctl on 127.0.0.1, user=(none)"), r.out());
        assertTrue(r.out().contains("      web01   ansible_connection=ssh (not WinRM: left out of runs)"), r.out());
        assertTrue(r.out().contains("hosts (4):"), r.out());
        Run plain = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--list-hosts", "--limit", "lab:web01");
        // --limit keeps the play's order (all: linux before lab)
        assertTrue(plain.out().contains("      web01  (left out: ansible_connection=ssh)\n      lab01  [simulated]"),
                plain.out());
    }

    @Test
    void listStepsAppliesTagsAsAnsiblePlaybookDoes() throws Exception {
        Path pb = write("pb.yml", """
                name: tags
                hosts: all
                steps:
                  - {name: pool, module: iis.apppool.state, tags: [pool]}
                  - {name: untagged, module: iis.apppool.state}
                  - {name: always, module: iis.apppool.state, tags: [always]}
                  - {name: never, module: iis.apppool.state, tags: [never, slow]}
                """);
        Path inv = write("inv.yml", "all:\n  hosts: {w1: }\n");
        assertEquals(List.of("pool", "untagged", "always"), steps(inv, pb));
        assertEquals(List.of("pool", "always"), steps(inv, pb, "--tags", "pool"));
        assertEquals(List.of("always", "never"), steps(inv, pb, "--tags", "slow"));
        assertEquals(List.of("untagged", "always"), steps(inv, pb, "--tags", "untagged"));
        assertEquals(List.of("pool", "always"), steps(inv, pb, "--tags", "tagged"));
        assertEquals(List.of("untagged", "always"), steps(inv, pb, "--skip-tags", "pool"));
        assertEquals(List.of("always"), steps(inv, pb, "--skip-tags", "all"));
        assertEquals(List.of(), steps(inv, pb, "--skip-tags", "all,always"));
    }

    private List<String> steps(Path inv, Path pb, String... more) {
        String[] args = new String[4 + more.length];
        System.arraycopy(new String[] {"audit", "-i", inv.toString(), pb.toString()}, 0, args, 0, 4);
        System.arraycopy(more, 0, args, 4, more.length);
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--list-steps";
        Run r = run(all);
        if (r.code() == 5 && r.err().contains("no step of any playbook runs")) {
            return List.of();
        }
        assertEquals(0, r.code(), r.toString());
        return r.out().lines().filter(l -> l.startsWith("      ")).map(l -> l.strip().split("\t")[0]).toList();
    }

    @Test
    void hostsOnOtherConnectionsAreLeftOutWithALineAndPsrpIsRefused() throws Exception {
        Path inv = write("inv.yml", """
                linux:
                  vars: {ansible_connection: ssh}
                  hosts: {web01: , web02: }
                lab:
                  vars: {simulate: {}, winrm_user: LAB\\admin, winrm_password_env: INV_CLI_PASSWORD}
                  hosts: {lab01: }
                legacy:
                  vars: {ansible_connection: psrp}
                  hosts: {old01: }
                """);
        Run r = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--limit", "!legacy", "--no-progress");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains("wsusctl: leaving out 2 host(s) that Ansible reaches by another connection than"
                + " WinRM"), r.err());
        assertTrue(r.err().contains("web01 (ssh), web02 (ssh)"), r.err());
        Run psrp = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--no-progress");
        assertEquals(4, psrp.code(), psrp.toString());
        assertTrue(psrp.err().contains("inv.yml:8:30: error: host old01 uses ansible_connection: psrp"), psrp.err());
    }

    @Test
    void aRunWithUnreachableHostsWritesARetryFileThatLimitUses() throws Exception {
        Path inv = write("lab.yml", """
                all:
                  children:
                    lab:
                      vars: {simulate: {}, winrm_user: LAB\\admin, winrm_password_env: INV_CLI_PASSWORD}
                      hosts:
                        lab01:
                        lab02: {simulate: {fault: unreachable}}
                        lab03:
                """);
        Run r = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--no-progress");
        assertEquals(3, r.code(), r.toString());
        Path retry = dir.resolve("wsusctl/retry/wsus-health.retry");
        assertEquals("lab02\n", Files.readString(retry));
        assertTrue(r.err().contains("1 failed or unreachable host(s) of " + PLAYBOOK + "; to retry them: --limit @"
                + retry), r.err());
        Run again = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--limit", "@" + retry, "--list-hosts");
        assertTrue(again.out().contains("hosts (1):\n      lab02"), again.toString());
        Files.delete(retry);
        run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--no-progress", "--no-retry-file");
        assertFalse(Files.exists(retry));
        assertEquals(5, run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--retry-dir",
                dir.resolve("nope").toString()).code());
    }

    @Test
    void groupVarsBesideAPlaybookAreRefusedRatherThanHalfApplied() throws Exception {
        Path inv = write("inv/hosts.yml", "all:\n  hosts: {w1: }\n");
        Path pb = write("books/site.yml", Files.readString(PLAYBOOK));
        write("books/group_vars/all.yml", "ansible_user: x\n");
        Run r = run("audit", "-i", inv.toString(), pb.toString(), "--list-hosts");
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("group_vars/ beside the playbook"), r.err());
    }

    @Test
    void validateReadsEveryKindOfSourceAndPrintsWarnings() throws Exception {
        Path corpus = InventoryCorpusTest.CORPUS.toAbsolutePath();
        for (String src : List.of("02-ini-default-hosts/hosts", "07-directory-of-sources/inventory",
                "09-script-with-meta/inventory.py", "08-json-list-static/inventory.json")) {
            Run r = run("validate", "-i", corpus.resolve(src).toString());
            assertEquals(0, r.code(), src + ": " + r);
        }
        Path inv = write("w/hosts.yml", "wsus:\n  hosts: {w1: }\n");
        write("w/group_vars/wsuss.yml", "x: 1\n");
        Run r = run("validate", "-i", inv.toString());
        assertTrue(r.err().contains("warning: group_vars/wsuss.yml matches no group of the inventory, so it is not"
                + " read (did you mean \"wsus\"?)"), r.err());
    }

    /** Finding 14.10 through the CLI: the same catastrophic regex in --limit and in a playbook's hosts:. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
    void aCatastrophicRegexInLimitOrHostsCannotHangARun() throws Exception {
        StringBuilder hosts = new StringBuilder("all:\n  hosts:\n");
        for (int n = 30; n < 50; n++) {
            hosts.append("    ").append("a".repeat(n)).append(": {simulate: }\n");
        }
        Path inv = write("inv.yml", hosts.toString());
        Run limit = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--list-hosts", "--limit", "~(.*a){25}b");
        assertEquals(5, limit.code(), limit.toString());
        assertTrue(limit.err().contains("matched no hosts"), limit.err());
        Path pb = write("regex.yml", Files.readString(PLAYBOOK).replaceFirst("(?m)^hosts: .*$", "hosts: \"~(.*a){25}b\""));
        Run book = run("audit", "-i", inv.toString(), pb.toString(), "--list-hosts");
        assertEquals(5, book.code(), book.toString());
        assertTrue(book.err().contains("no host to run on"), book.err());
    }

    @Test
    void aRunRefusesASimulatedNtlmHostWithoutAUserWhereItIsWrittenAndAListingShowsIt() throws Exception {
        Path inv = write("inv.yml", "all:\n  hosts:\n    lab01: {simulate: {}}\n    lab02: {simulate: {},"
                + " winrm_transport: basic}\n");
        Run audit = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--no-progress");
        assertEquals(4, audit.code(), audit.toString());
        assertTrue(audit.err().contains(inv + ":3:5: error: host \"lab01\" is simulated and wsusctl logs in to it"
                + " with NTLM (the default winrm_transport), which needs an account: expected winrm_user"), audit.err());
        assertFalse(audit.err().contains("lab02"), "Basic: a simulated host accepts any user: " + audit.err());
        assertFalse(audit.out().contains("authentication rejected"), audit.out());
        Run list = run("audit", "-i", inv.toString(), PLAYBOOK.toString(), "--list-hosts");
        assertEquals(0, list.code(), list.toString());
        assertEquals(0, run("inventory", "-i", inv.toString(), "--list").code());
    }
}
