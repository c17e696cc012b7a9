package org.wsusctl.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.wsusctl.config.ConfigException;
import org.wsusctl.engine.PlaybookPlan;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Inventory;
import org.wsusctl.inventory.Shard;
import org.wsusctl.inventory.Sharding;
import org.wsusctl.report.FleetScope;

/**
 * {@code --shard I/N | auto} and {@code --shard-by VAR} of audit and apply: which shard of the selected hosts
 * this process runs. {@code auto} takes the shard from the CI engine that started the process:
 *
 * <table>
 *   <caption>where {@code --shard auto} looks, in this order</caption>
 *   <tr><th>variables</th><th>set by</th></tr>
 *   <tr><td>{@code WSUSCTL_SHARD=I/N}</td><td>the workflow: a GitHub Actions matrix, a Jenkins matrix axis or
 *       parameter, anything else</td></tr>
 *   <tr><td>{@code CI_NODE_INDEX} (from 1), {@code CI_NODE_TOTAL}</td><td>GitLab CI, for a job with
 *       {@code parallel:}</td></tr>
 *   <tr><td>{@code JOB_COMPLETION_INDEX} (from 0), {@code WSUSCTL_SHARD_TOTAL}</td><td>Kubernetes, for a pod of
 *       an Indexed Job; the total is the Job's {@code completions}, which Kubernetes does not pass, so the Job
 *       sets it</td></tr>
 * </table>
 *
 * <p>What each engine really sets (read in its documentation):
 * <ul>
 *   <li>GitLab CI: {@code CI_NODE_INDEX} is the job's index in a {@code parallel:} job set, counted from 1, and
 *       is set only for such a job; {@code CI_NODE_TOTAL} is the number of instances running in parallel, and is
 *       1 for a job without {@code parallel:} (docs.gitlab.com/ee/ci/variables/predefined_variables.html, and
 *       the {@code parallel} keyword, docs.gitlab.com/ee/ci/yaml/#parallel, which sets both for
 *       {@code parallel: N} and for {@code parallel:matrix}). So {@code CI_NODE_TOTAL} alone means "not a
 *       parallel job" and is refused, never read as shard 1 of 1.</li>
 *   <li>Kubernetes: a pod of a Job with {@code completionMode: Indexed} gets its index, from 0 to
 *       {@code completions - 1}, in the annotation {@code batch.kubernetes.io/job-completion-index}, which the
 *       control plane also exposes as the environment variable {@code JOB_COMPLETION_INDEX}
 *       (kubernetes.io/docs/tasks/job/indexed-parallel-processing-static/; kubernetes.io/docs/concepts/workloads
 *       /controllers/job/#completion-mode). Nothing passes {@code completions} to the pod.</li>
 *   <li>GitHub Actions: a matrix sets no environment variable; a job reads its values through the {@code matrix}
 *       context and its place through the {@code strategy} context ({@code strategy.job-index}, from 0, and
 *       {@code strategy.job-total}; docs.github.com/en/actions/reference/contexts-reference#strategy-context and
 *       docs.github.com/en/actions/using-jobs/using-a-matrix-for-your-jobs). The workflow passes them in
 *       {@code WSUSCTL_SHARD} ({@code ${{ matrix.shard }}/${{ strategy.job-total }}}: expressions cannot add
 *       1 to the index).</li>
 *   <li>Jenkins: no built-in variable numbers the branches of a {@code parallel} or {@code matrix} stage; a
 *       declarative {@code matrix} exposes each axis value as an environment variable named after the axis
 *       (jenkins.io/doc/book/pipeline/syntax/#declarative-matrix; docs.cloudbees.com/docs/cloudbees-ci/latest
 *       /pipelines/matrix), so an axis named {@code WSUSCTL_SHARD} with values {@code 1/4 ... 4/4} is it.</li>
 * </ul>
 *
 * Two of them that disagree are refused (a project-wide {@code WSUSCTL_SHARD} under GitLab's {@code parallel:}
 * would run one shard in every job).
 */
final class ShardOption {
    static final String SHARD_ENV = "WSUSCTL_SHARD";
    static final String TOTAL_ENV = "WSUSCTL_SHARD_TOTAL";
    private static final Pattern I_OF_N = Pattern.compile("([0-9]{1,9})/([0-9]{1,9})");
    private static final Pattern WHOLE = Pattern.compile("[0-9]{1,9}");

    private final Optional<Shard> shard;
    /** Where the shard came from, for the line that announces it ({@code --shard}, {@code CI_NODE_INDEX...}). */
    private final String source;

    private ShardOption(Optional<Shard> shard, String source) {
        this.shard = shard;
        this.source = source;
    }

    static Options addTo(Options o) {
        return o.addOption(Option.builder().longOpt("shard").hasArg().argName("I/N|auto")
                        .desc("run only shard I of N of the selected hosts (hosts of a max_parallel_fixes group stay"
                                + " together); auto: from " + SHARD_ENV + ", GitLab's CI_NODE_INDEX/CI_NODE_TOTAL or a"
                                + " Kubernetes Indexed Job's JOB_COMPLETION_INDEX with " + TOTAL_ENV).build())
                .addOption(Option.builder().longOpt("shard-by").hasArg().argName("VAR")
                        .desc("with --shard: keep the hosts that share a value of the host variable VAR (e.g. site)"
                                + " in one shard").build());
    }

    /** Parsed and checked before anything is loaded: a bad value is an option error (exit 5). */
    static ShardOption fromOptions(CommandLine line, Map<String, String> env) throws UsageException {
        String given = line.getOptionValue("shard");
        String by = line.getOptionValue("shard-by");
        if (given == null) {
            if (by != null) {
                throw new UsageException("--shard-by needs --shard I/N (or --shard auto)");
            }
            return new ShardOption(Optional.empty(), "");
        }
        Optional<String> byVar = Optional.empty();
        if (by != null) {
            if (!by.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new UsageException("--shard-by expects a variable name (letters, digits, _), found '" + by + "'");
            }
            byVar = Optional.of(by);
        }
        if (given.trim().equals("auto")) {
            Found f = fromEnvironment(env);
            return new ShardOption(Optional.of(shard(f.index(), f.total(), byVar, "--shard auto: " + f.source())),
                    f.source());
        }
        Matcher m = I_OF_N.matcher(given.trim());
        if (!m.matches()) {
            throw new UsageException("--shard expects I/N (shard I of N, counted from 1, e.g. 2/4) or auto, found '"
                    + given + "'");
        }
        return new ShardOption(Optional.of(shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), byVar,
                "--shard " + given.trim())), "--shard");
    }

    private static Shard shard(int index, int total, Optional<String> by, String what) throws UsageException {
        try {
            return new Shard(index, total, by);
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    /** A shard found in the environment, 1-based, and the variables it came from. */
    private record Found(int index, int total, String source) { }

    private static Found fromEnvironment(Map<String, String> env) throws UsageException {
        Map<String, Found> found = new LinkedHashMap<>();
        String own = value(env, SHARD_ENV);
        if (own != null) {
            Matcher m = I_OF_N.matcher(own);
            if (!m.matches()) {
                throw new UsageException("--shard auto: " + SHARD_ENV + "='" + own + "': expected I/N (shard I of N,"
                        + " counted from 1, e.g. 2/4)");
            }
            found.put(SHARD_ENV, new Found(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), SHARD_ENV));
        }
        // With WSUSCTL_SHARD set, an engine's half-set pair is not this run's business; a whole one is checked.
        boolean partialOk = own != null;
        Found gitlab = pair(env, "CI_NODE_INDEX", "CI_NODE_TOTAL", 1,
                "GitLab sets both for a job with parallel:", partialOk);
        if (gitlab != null) {
            found.put(gitlab.source(), gitlab);
        }
        Found k8s = pair(env, "JOB_COMPLETION_INDEX", TOTAL_ENV, 0,
                "a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX; set " + TOTAL_ENV + " to the Job's completions"
                        + " in the pod template", partialOk);
        if (k8s != null) {
            found.put(k8s.source(), k8s);
        }
        if (found.isEmpty()) {
            if (value(env, TOTAL_ENV) != null) {
                throw new UsageException("--shard auto: " + TOTAL_ENV + " is set but JOB_COMPLETION_INDEX is not"
                        + " (outside a Kubernetes Indexed Job, set " + SHARD_ENV + "=I/N instead)");
            }
            if (value(env, "CI_NODE_TOTAL") != null) {
                throw new UsageException("--shard auto: CI_NODE_TOTAL=" + value(env, "CI_NODE_TOTAL") + " is set but"
                        + " CI_NODE_INDEX is not: GitLab sets CI_NODE_INDEX only for a job with parallel: (or set "
                        + SHARD_ENV + "=I/N)");
            }
            throw new UsageException("--shard auto: no shard in the environment: expected " + SHARD_ENV
                    + "=I/N (pass it from a GitHub Actions matrix or a Jenkins axis), CI_NODE_INDEX and CI_NODE_TOTAL"
                    + " (GitLab, a job with parallel:), or JOB_COMPLETION_INDEX and " + TOTAL_ENV + " (a Kubernetes"
                    + " Indexed Job)");
        }
        List<Found> all = new ArrayList<>(found.values());
        for (Found f : all.subList(1, all.size())) {
            Found a = all.get(0);
            if (f.index() != a.index() || f.total() != a.total()) {
                throw new UsageException("--shard auto: " + a.source() + " says shard " + a.index() + "/" + a.total()
                        + " but " + f.source() + " says " + f.index() + "/" + f.total() + "; unset one of them");
            }
        }
        return all.get(0);
    }

    /**
     * An index and total from two variables, or null when neither is set.
     *
     * @param base what the index counts from (GitLab 1, Kubernetes 0)
     * @param partialOk an index without its total (or a total alone) is ignored rather than refused
     */
    private static Found pair(Map<String, String> env, String indexVar, String totalVar, int base, String hint,
            boolean partialOk) throws UsageException {
        String index = value(env, indexVar);
        String total = value(env, totalVar);
        if (index == null || total == null && partialOk) {
            return null;
        }
        if (total == null) {
            throw new UsageException("--shard auto: " + indexVar + "=" + index + " is set but " + totalVar
                    + " is not (" + hint + ")");
        }
        for (String[] v : new String[][] {{indexVar, index}, {totalVar, total}}) {
            if (!WHOLE.matcher(v[1]).matches()) {
                throw new UsageException("--shard auto: " + v[0] + "='" + v[1] + "': expected a whole number");
            }
        }
        int i = Integer.parseInt(index) + (1 - base);
        int n = Integer.parseInt(total);
        if (i < 1 || i > n) {
            throw new UsageException("--shard auto: " + indexVar + "=" + index + " (counted from " + base
                    + ") is not a shard of " + totalVar + "=" + total);
        }
        return new Found(i, n, indexVar + "/" + totalVar);
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The plans cut to this shard, and where they sit in the fleet (for the reports). */
    record Applied(List<PlaybookPlan> plans, FleetScope scope, Optional<Shard> shard, String source) {

        /** {@code shard 2/4 by site (from CI_NODE_INDEX/CI_NODE_TOTAL): 76 of 300 selected hosts}, when sharded. */
        Optional<String> line() {
            return shard.map(s -> "shard " + s.describe() + (source.startsWith("--") ? "" : " (from " + source + ")")
                    + ": " + distinct(plans) + " of " + scope.selectedHosts() + " selected hosts");
        }
    }

    /**
     * Places the selected hosts (every host of the plans) and keeps this shard's in each plan; without
     * {@code --shard}, the plans as they are. Notes about the split go to {@code err}.
     *
     * @throws ConfigException a host lacks the {@code --shard-by} variable (at its line)
     */
    Applied apply(List<PlaybookPlan> plans, Inventory inventory, PrintStream err) throws ConfigException {
        Map<String, Host> selected = new LinkedHashMap<>();
        plans.forEach(p -> p.hosts().forEach(h -> selected.putIfAbsent(h.name(), h)));
        Sharding sharding = Sharding.of(List.copyOf(selected.values()), inventory.groups(),
                shard.flatMap(Shard::by));
        FleetScope scope = new FleetScope(sharding.selectedHosts(), sharding.digest(), shard, Optional.empty());
        if (shard.isEmpty()) {
            return new Applied(plans, scope, shard, source);
        }
        for (String note : sharding.notes()) {
            err.println(org.wsusctl.config.TerminalText.printable("wsusctl: note: " + note));
        }
        java.util.Set<String> mine = new java.util.HashSet<>();
        sharding.hostsOf(shard.get()).forEach(h -> mine.add(h.name()));
        List<PlaybookPlan> out = new ArrayList<>();
        for (PlaybookPlan p : plans) {
            out.add(new PlaybookPlan(p.playbook(), p.hosts().stream().filter(h -> mine.contains(h.name())).toList()));
        }
        return new Applied(out, scope, shard, source);
    }

    Optional<Shard> shard() {
        return shard;
    }

    private static int distinct(List<PlaybookPlan> plans) {
        return (int) plans.stream().flatMap(p -> p.hosts().stream()).map(Host::name).distinct().count();
    }
}
