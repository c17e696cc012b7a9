package org.wsusctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.e2e.CliRun;

/**
 * {@code --shard} and {@code --shard-by} through the command line, with {@code --list-hosts} (which contacts
 * nothing): bad values are option errors (exit 5) that say what was expected; {@code --shard auto} reads the
 * variables GitHub Actions (through the workflow), GitLab, Jenkins and Kubernetes really set (their sources are
 * cited in {@link ShardOption}) and refuses half-set or contradicting ones; the shards of a fleet list every
 * host once.
 */
class ShardCliTest {
    static final String PLAYBOOK = "playbooks/wsus-health.yml";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    Run run(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_STATE_HOME", dir.toAbsolutePath().toString());
        env.put("HOME", dir.toAbsolutePath().toString());
        env.put("LAB_PW", "lab-password");
        env.putAll(extraEnv);
        CliRun r = CliRun.run(env, args);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    /** {@code count} real (not simulated) hosts, all reached at 127.0.0.1:{@code port} over HTTP. */
    Path realFleet(int count, int port) throws Exception {
        StringBuilder sb = new StringBuilder("all:\n  vars: { winrm_user: tester, winrm_password_env: LAB_PW,"
                + " ansible_host: 127.0.0.1, winrm_port: " + port + ", winrm_scheme: http }\n  children:\n"
                + "    susdb:\n      vars: { max_parallel_fixes: 1 }\n      hosts:\n");
        for (int n = 1; n <= 5; n++) {
            sb.append("        db").append(n).append(":\n");
        }
        sb.append("    fleet:\n      hosts:\n");
        for (int n = 1; n <= count - 5; n++) {
            sb.append("        wsus").append(n).append(": { site: s").append(n % 3).append(" }\n");
        }
        Path p = dir.resolve("fleet.yml");
        Files.writeString(p, sb.toString());
        return p;
    }

    /** The host names {@code --list-hosts} printed. */
    static Set<String> listed(Run r) {
        Set<String> out = new TreeSet<>();
        boolean inHosts = false;
        for (String line : r.out().split("\n")) {
            if (line.trim().startsWith("hosts (")) {
                inHosts = true;
            } else if (inHosts && line.startsWith("      ")) {
                out.add(line.trim());
            } else {
                inHosts = false;
            }
        }
        return out;
    }

    Run list(Path inv, Map<String, String> env, String... shardArgs) {
        List<String> args = new ArrayList<>(List.of("audit", "-i", inv.toString(), PLAYBOOK, "--list-hosts"));
        args.addAll(List.of(shardArgs));
        return run(env, args.toArray(String[]::new));
    }

    @Test
    void theShardsListEveryHostOnceWithoutContactingAny() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path inv = realFleet(40, listener.getLocalPort());
            Run whole = list(inv, Map.of());
            assertEquals(0, whole.code(), whole.toString());
            assertEquals(40, listed(whole).size(), whole.toString());
            Set<String> union = new TreeSet<>();
            int sum = 0;
            for (int i = 1; i <= 3; i++) {
                Run shard = list(inv, Map.of(), "--shard", i + "/3");
                assertEquals(0, shard.code(), shard.toString());
                Set<String> hosts = listed(shard);
                assertTrue(shard.out().startsWith("shard " + i + "/3: " + hosts.size() + " of 40 selected hosts\n"),
                        shard.toString());
                sum += hosts.size();
                union.addAll(hosts);
                assertTrue(hosts.containsAll(Set.of("db1", "db2", "db3", "db4", "db5"))
                        || hosts.stream().noneMatch(h -> h.startsWith("db")), "the susdb group is whole: " + hosts);
                assertEquals("", shard.err(), "listing says nothing on stderr");
            }
            assertEquals(40, sum, "no host in two shards");
            assertEquals(listed(whole), union, "no host left out");
            // every host points at this listener: listing the shards must not have opened a connection
            listener.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, listener::accept, "--list-hosts --shard contacted a host");
        }
    }

    @Test
    void shardByListsWholeSites() throws Exception {
        Path inv = realFleet(35, 5985);
        Run r = list(inv, Map.of(), "--shard", "2/2", "--shard-by", "site");
        // the db hosts have no site: every selected host needs one
        assertEquals(4, r.code(), r.toString());
        assertTrue(r.err().contains("fleet.yml:") && r.err().contains("host db1 has no variable 'site' (--shard-by"
                + " site)"), r.toString());
        Path limited = inv;
        Map<String, Set<String>> sitesOf = new HashMap<>();
        for (int i = 1; i <= 2; i++) {
            Run shard = list(limited, Map.of(), "--shard", i + "/2", "--shard-by", "site", "--limit", "fleet");
            assertEquals(0, shard.code(), shard.toString());
            assertTrue(shard.out().startsWith("shard " + i + "/2 by site: "), shard.toString());
            for (String h : listed(shard)) {
                int n = Integer.parseInt(h.substring(4));
                sitesOf.computeIfAbsent("s" + n % 3, k -> new TreeSet<>()).add(String.valueOf(i));
            }
        }
        assertEquals(3, sitesOf.size(), sitesOf::toString);
        sitesOf.forEach((site, shards) -> assertEquals(1, shards.size(), site + " is in shards " + shards));
    }

    @Test
    void badShardValuesSayWhatWasExpected() throws Exception {
        Path inv = realFleet(8, 5985);
        for (String[] c : new String[][] {
                {"0/4", "--shard 0/4: the index counts from 1 to 4, found 0"},
                {"5/4", "--shard 5/4: the index counts from 1 to 4, found 5"},
                {"1/0", "--shard 1/0: the total must be between 1 and 10000, found 0"},
                {"1/10001", "the total must be between 1 and 10000, found 10001"},
                {"2", "--shard expects I/N (shard I of N, counted from 1, e.g. 2/4) or auto, found '2'"},
                {"two/four", "found 'two/four'"},
                {"-1/4", "found '-1/4'"},
                {"1/4/8", "found '1/4/8'"},
                {"1 / 4", "found '1 / 4'"},
                {"99999999999/4", "found '99999999999/4'"}}) {
            Run r = list(inv, Map.of(), "--shard", c[0]);
            assertEquals(5, r.code(), c[0] + ": " + r);
            assertTrue(r.err().contains(c[1]), c[0] + ": " + r);
            assertEquals("", r.out(), c[0] + ": " + r);
        }
        Run noShard = list(inv, Map.of(), "--shard-by", "site");
        assertEquals(5, noShard.code(), noShard.toString());
        assertTrue(noShard.err().contains("--shard-by needs --shard I/N (or --shard auto)"), noShard.toString());
        Run badVar = list(inv, Map.of(), "--shard", "1/2", "--shard-by", "site-name");
        assertEquals(5, badVar.code(), badVar.toString());
        assertTrue(badVar.err().contains("--shard-by expects a variable name (letters, digits, _), found"
                + " 'site-name'"), badVar.toString());
    }

    /** The engines' own variables give the same shard as {@code --shard I/N}. */
    @Test
    void autoReadsEachEnginesVariables() throws Exception {
        Path inv = realFleet(30, 5985);
        Set<String> second = listed(list(inv, Map.of(), "--shard", "2/3"));
        assertFalse(second.isEmpty());
        record Engine(String name, Map<String, String> env, String from) { }
        for (Engine e : List.of(
                // GitHub Actions: the workflow passes ${{ matrix.shard }}/${{ strategy.job-total }}
                new Engine("GitHub Actions", Map.of("WSUSCTL_SHARD", "2/3", "GITHUB_ACTIONS", "true"),
                        "WSUSCTL_SHARD"),
                // Jenkins: a matrix axis named WSUSCTL_SHARD is an environment variable of its cell
                new Engine("Jenkins", Map.of("WSUSCTL_SHARD", "2/3", "JENKINS_URL", "http://ci/"), "WSUSCTL_SHARD"),
                // GitLab parallel: 3 (or parallel:matrix with 3 cells): CI_NODE_INDEX counts from 1
                new Engine("GitLab", Map.of("CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "3", "GITLAB_CI", "true"),
                        "CI_NODE_INDEX/CI_NODE_TOTAL"),
                // Kubernetes Indexed Job, completions: 3: JOB_COMPLETION_INDEX counts from 0
                new Engine("Kubernetes", Map.of("JOB_COMPLETION_INDEX", "1", "WSUSCTL_SHARD_TOTAL", "3"),
                        "JOB_COMPLETION_INDEX/WSUSCTL_SHARD_TOTAL"),
                // two engines that agree
                new Engine("GitLab and WSUSCTL_SHARD", Map.of("CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "3",
                        "WSUSCTL_SHARD", " 2/3 "), "WSUSCTL_SHARD"))) {
            Run r = list(inv, e.env(), "--shard", "auto");
            assertEquals(0, r.code(), e.name() + ": " + r);
            assertEquals(second, listed(r), e.name());
            assertTrue(r.out().startsWith("shard 2/3 (from " + e.from() + "): " + second.size()
                    + " of 30 selected hosts\n"), e.name() + ": " + r);
        }
        // a Kubernetes pod that also runs under GitLab's non-parallel job (CI_NODE_TOTAL=1 alone) is fine
        Run k8s = list(inv, Map.of("JOB_COMPLETION_INDEX", "0", "WSUSCTL_SHARD_TOTAL", "3", "CI_NODE_TOTAL", "1"),
                "--shard", "auto");
        assertTrue(k8s.out().startsWith("shard 1/3 (from JOB_COMPLETION_INDEX/WSUSCTL_SHARD_TOTAL)"), k8s.toString());
    }

    @Test
    void autoRefusesWhatIsNotAShard() throws Exception {
        Path inv = realFleet(8, 5985);
        for (Object[] c : new Object[][] {
                {Map.of(), "--shard auto: no shard in the environment: expected WSUSCTL_SHARD=I/N"},
                // GitLab sets CI_NODE_TOTAL=1 for every job without parallel:
                {Map.of("CI_NODE_TOTAL", "1"), "CI_NODE_TOTAL=1 is set but CI_NODE_INDEX is not: GitLab sets"
                        + " CI_NODE_INDEX only for a job with parallel:"},
                {Map.of("CI_NODE_INDEX", "2"), "CI_NODE_INDEX=2 is set but CI_NODE_TOTAL is not"},
                {Map.of("CI_NODE_INDEX", "0", "CI_NODE_TOTAL", "3"), "CI_NODE_INDEX=0 (counted from 1) is not a shard"
                        + " of CI_NODE_TOTAL=3"},
                {Map.of("CI_NODE_INDEX", "x", "CI_NODE_TOTAL", "3"), "CI_NODE_INDEX='x': expected a whole number"},
                {Map.of("JOB_COMPLETION_INDEX", "2"), "JOB_COMPLETION_INDEX=2 is set but WSUSCTL_SHARD_TOTAL is not"
                        + " (a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX; set WSUSCTL_SHARD_TOTAL to the Job's"
                        + " completions"},
                {Map.of("JOB_COMPLETION_INDEX", "3", "WSUSCTL_SHARD_TOTAL", "3"), "JOB_COMPLETION_INDEX=3 (counted"
                        + " from 0) is not a shard of WSUSCTL_SHARD_TOTAL=3"},
                {Map.of("WSUSCTL_SHARD_TOTAL", "3"), "WSUSCTL_SHARD_TOTAL is set but JOB_COMPLETION_INDEX is not"},
                {Map.of("WSUSCTL_SHARD", "2"), "WSUSCTL_SHARD='2': expected I/N"},
                {Map.of("WSUSCTL_SHARD", "4/3"), "--shard auto: WSUSCTL_SHARD: the index counts from 1 to 3, found 4"},
                // a project-wide WSUSCTL_SHARD under GitLab's parallel: would run one shard in every job
                {Map.of("WSUSCTL_SHARD", "1/3", "CI_NODE_INDEX", "2", "CI_NODE_TOTAL", "3"), "--shard auto:"
                        + " WSUSCTL_SHARD says shard 1/3 but CI_NODE_INDEX/CI_NODE_TOTAL says 2/3; unset one of them"}}) {
            @SuppressWarnings("unchecked")
            Map<String, String> env = (Map<String, String>) c[0];
            Run r = list(inv, env, "--shard", "auto");
            assertEquals(5, r.code(), env + ": " + r);
            assertTrue(r.err().contains((String) c[1]), env + ": " + r);
        }
    }
}
