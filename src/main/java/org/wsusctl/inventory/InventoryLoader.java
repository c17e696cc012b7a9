package org.wsusctl.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.SourcePos;
import org.wsusctl.sim.model.SimulateSchema;
import org.wsusctl.inventory.InventoryData.G;
import org.wsusctl.inventory.InventoryData.H;

/**
 * Loads inventories as Ansible does: every source ({@link Sources}), {@code group_vars/} and
 * {@code host_vars/} beside each ({@link VarsFiles}), variables merged in Ansible's precedence (lowest
 * first: the inventory's {@code all} vars, its other groups' vars by depth, priority and name, then
 * {@code group_vars/all}, {@code group_vars/GROUP} in the same order, the inventory's host vars, and
 * {@code host_vars/HOST}), templates evaluated ({@link Jinja}), vault values decrypted in memory, and each
 * host's connection computed ({@link ConnectionBuilder}). Every problem of every source is reported at
 * once, each at its {@code file:line:col}.
 */
public final class InventoryLoader {
    private static final Logger LOG = LogManager.getLogger(InventoryLoader.class);
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /**
     * @param env the environment for {@code lookup('env', ...)} (the process's own, or a test's)
     * @param vault vault passwords given on the command line
     * @param scriptTimeout how long a dynamic inventory script may run
     * @param forLogin the inventory is loaded for wsusctl to log in to its hosts ({@code audit}, {@code apply},
     *     {@code validate}): a simulated host then needs what wsusctl's own login needs. Not for a listing, nor
     *     for {@code simulate}, which only serves simulated hosts to other clients, who bring their own accounts.
     */
    public record Options(Map<String, String> env, Vault vault, Duration scriptTimeout, boolean forLogin) {
        public Options(Map<String, String> env, Vault vault, Duration scriptTimeout) {
            this(env, vault, scriptTimeout, false);
        }

        public static Options defaults() {
            return new Options(System.getenv(), Vault.NONE, BoundedProcess.DEFAULT_TIMEOUT);
        }

        public Options withVault(Vault v) {
            return new Options(env, v, scriptTimeout, forLogin);
        }

        /** The same, loading for wsusctl to log in to the hosts ({@link #forLogin}). */
        public Options withLogin() {
            return new Options(env, vault, scriptTimeout, true);
        }
    }

    private final Options options;

    public InventoryLoader() {
        this(Options.defaults());
    }

    public InventoryLoader(Options options) {
        this.options = options;
    }

    /** Reads one source; throws with every diagnostic when anything is wrong. */
    public Inventory load(Path source) throws ConfigException {
        return load(List.of(source.toString()));
    }

    /** Reads several sources ({@code -i a -i b}) into one inventory, in order, as Ansible merges them. */
    public Inventory load(List<String> sources) throws ConfigException {
        Listed l = read(sources);
        if (!l.problems().isEmpty()) {
            throw new ConfigException(l.problems());
        }
        return l.inventory();
    }

    /**
     * An inventory that could be read, with the problems of its variables and connections beside it rather
     * than thrown: what {@code wsusctl inventory} needs to show an inventory that ansible-inventory lists
     * although a run would refuse it. Problems of the sources themselves (syntax, structure) still throw.
     */
    public record Listed(Inventory inventory, List<org.wsusctl.config.Diagnostic> problems) { }

    public Listed list(List<String> sources) throws ConfigException {
        return read(sources);
    }

    private Listed read(List<String> sources) throws ConfigException {
        Diagnostics d = new Diagnostics();
        List<InventoryWarning> warnings = new ArrayList<>();
        Path first = Path.of(sources.get(0));
        InventoryData inv = new InventoryData(d, new SourcePos(first, 1, 1));
        Sources src = new Sources(inv, options.vault(), options.scriptTimeout(), warnings);
        for (String s : sources) {
            src.add(s);
        }
        inv.reconcile(); // even after errors: every problem of every source is reported in one round

        Diagnostics semantic = new Diagnostics();
        VarChecks checks = new VarChecks(semantic, warnings);
        VarsFiles files = new VarsFiles(options.vault(), d);
        Map<G, List<Map<String, Var>>> groupFiles = new HashMap<>();
        Map<H, List<Map<String, Var>>> hostFiles = new HashMap<>();
        inv.groups.values().forEach(g -> groupFiles.put(g, new ArrayList<>()));
        inv.hosts.values().forEach(h -> hostFiles.put(h, new ArrayList<>()));
        for (Path dir : src.varDirs) {
            for (G g : inv.groups.values()) {
                groupFiles.computeIfAbsent(g, x -> new ArrayList<>()).addAll(files.vars(dir, "group_vars", g.name));
            }
            for (H h : inv.hosts.values()) {
                hostFiles.computeIfAbsent(h, x -> new ArrayList<>()).addAll(files.vars(dir, "host_vars", h.name));
            }
            VarsFiles.unmatched(dir, "group_vars", inv.groups.keySet(), warnings);
            VarsFiles.unmatched(dir, "host_vars", inv.hosts.keySet(), warnings);
        }
        declarations(inv, groupFiles, hostFiles, checks);

        Set<G> simulateGroups = new HashSet<>();
        for (G g : inv.groups.values()) {
            if (g.vars.containsKey(VarNames.SIMULATE) || groupFiles.get(g).stream()
                    .anyMatch(m -> m.containsKey(VarNames.SIMULATE))) {
                simulateGroups.add(g);
            }
        }
        Map<String, Object> groupsMagic = new LinkedHashMap<>();
        for (G g : inv.groups.values()) {
            groupsMagic.put(g.name, InventoryData.hostsOf(g).stream().map(h -> h.name).toList());
        }
        // An inventory that names a connection plugin for some host is written for Ansible: a host without
        // one is then reached as Ansible reaches it, by ssh, so it is left out of WinRM runs. An inventory
        // that names none is wsusctl's own: every host is a WinRM host.
        boolean ansibleConnections = declares(inv, groupFiles, hostFiles, VarNames.CONNECTION);
        ConnectionBuilder connections = new ConnectionBuilder(checks, ansibleConnections ? "ssh" : Host.WINRM,
                options.forLogin());
        List<Host> hosts = new ArrayList<>();
        Map<String, Map<String, Var>> listedVars = new LinkedHashMap<>();
        Set<String> simulated = new HashSet<>();
        Map<String, SourcePos> simulatePositions = new HashMap<>();
        G all = inv.groups.get(InventoryData.ALL);
        for (H h : inv.hosts.values()) {
            List<G> mine = new ArrayList<>(InventoryData.groupsOf(h));
            mine.remove(all);
            mine.sort(Comparator.comparingInt((G g) -> g.depth).thenComparingInt(g -> g.priority)
                    .thenComparing(g -> g.name));
            MergedVars mv = merge(h, all, mine, groupFiles, hostFiles);
            Map<String, Object> magic = magic(h, mine, groupsMagic, first);
            HostScope scope = new HostScope(mv, magic, options.env(), options.vault());
            boolean isSimulated = mv.simulate().isPresent();
            if (isSimulated) {
                simulated.add(h.name);
                simulatePositions.put(h.name, mv.simulateVar().map(Var::pos).orElse(h.pos));
                mixedSimulation(h, mv, simulateGroups, groupFiles, checks);
            }
            ConnectionBuilder.Built built = connections.build(h.name, h.pos, mv, scope, isSimulated);
            List<String> groupNames = mine.stream().map(g -> g.name).sorted().toList();
            hosts.add(new Host(h.name, built.connection(), freeVars(h, mv, scope), groupNames, mv.simulate(), h.pos,
                    built.plugin(), built.pluginAt()));
            Map<String, Var> listed = new LinkedHashMap<>();
            mv.vars.forEach((k, r) -> listed.put(k, r.var()));
            listedVars.put(h.name, listed);
        }
        if (!d.hasErrors()) {
            // Each host's merged simulate: mapping, checked by the simulator's own schema (one home for its keys
            // and rules) once every written mapping passed its shape check, so nothing is reported twice.
            for (Host h : hosts) {
                h.simulate().flatMap(sim -> SimulateSchema.check(h.name(), sim)).ifPresent(problem -> checks.error(
                        simulatePositions.getOrDefault(h.name(), h.declaredAt()), "simulate of host \"" + h.name() + "\": "
                                + problem));
            }
        }
        Map<String, Group> groups = groups(inv, groupFiles, checks);
        if (d.hasErrors()) {
            List<org.wsusctl.config.Diagnostic> problems = new ArrayList<>(d.all());
            problems.addAll(semantic.all());
            throw new ConfigException(problems);
        }
        List<InventoryListing.GroupView> views = new ArrayList<>();
        for (G g : inv.groups.values()) {
            views.add(new InventoryListing.GroupView(g.name, g.hosts.stream().map(x -> x.name).toList(),
                    g.children.stream().map(x -> x.name).toList()));
        }
        LOG.debug("loaded inventory {}: {} hosts, {} groups", sources, hosts.size(), groups.size());
        return new Listed(new Inventory(first, List.copyOf(hosts), groups, List.copyOf(warnings),
                new InventoryListing(views, listedVars, simulated)), semantic.all());
    }

    private static boolean declares(InventoryData inv, Map<G, List<Map<String, Var>>> groupFiles,
            Map<H, List<Map<String, Var>>> hostFiles, String name) {
        for (G g : inv.groups.values()) {
            if (g.vars.containsKey(name) || groupFiles.get(g).stream().anyMatch(m -> m.containsKey(name))) {
                return true;
            }
        }
        for (H h : inv.hosts.values()) {
            if (h.vars.containsKey(name) || hostFiles.get(h).stream().anyMatch(m -> m.containsKey(name))) {
                return true;
            }
        }
        return false;
    }

    /** Every declared variable checked where it is written, whether or not a host uses it. */
    private static void declarations(InventoryData inv, Map<G, List<Map<String, Var>>> groupFiles,
            Map<H, List<Map<String, Var>>> hostFiles, VarChecks checks) {
        for (G g : inv.groups.values()) {
            g.vars.forEach((k, v) -> checks.declared(k, v, "group \"" + g.name + "\"", false));
            for (Map<String, Var> f : groupFiles.get(g)) {
                f.forEach((k, v) -> checks.declared(k, v, "group_vars of \"" + g.name + "\"", false));
            }
        }
        for (H h : inv.hosts.values()) {
            h.vars.forEach((k, v) -> checks.declared(k, v, "host \"" + h.name + "\"", true));
            for (Map<String, Var> f : hostFiles.get(h)) {
                f.forEach((k, v) -> checks.declared(k, v, "host_vars of \"" + h.name + "\"", true));
            }
        }
    }

    /** Ansible's VariableManager order for inventory variables (VARIABLE_PRECEDENCE's default). */
    private static MergedVars merge(H h, G all, List<G> mine, Map<G, List<Map<String, Var>>> groupFiles,
            Map<H, List<Map<String, Var>>> hostFiles) {
        MergedVars mv = new MergedVars();
        mv.apply(all.vars, false);
        for (G g : mine) {
            mv.apply(g.vars, false);
        }
        for (Map<String, Var> f : groupFiles.get(all)) {
            mv.apply(f, false);
        }
        for (G g : mine) {
            for (Map<String, Var> f : groupFiles.get(g)) {
                mv.apply(f, false);
            }
        }
        mv.apply(h.vars, true);
        for (Map<String, Var> f : hostFiles.get(h)) {
            mv.apply(f, true);
        }
        return mv;
    }

    /** Ansible's magic variables a template may use. */
    private static Map<String, Object> magic(H h, List<G> mine, Map<String, Object> groupsMagic, Path first) {
        Map<String, Object> m = new HashMap<>();
        m.put("inventory_hostname", h.name);
        m.put("inventory_hostname_short", IPV4.matcher(h.name).matches() ? h.name : h.name.split("\\.")[0]);
        m.put("group_names", mine.stream().map(g -> g.name).sorted().toList());
        m.put("groups", groupsMagic);
        Path file = h.source != null ? h.source : first;
        m.put("inventory_file", file.toAbsolutePath().toString());
        Path dir = file.toAbsolutePath().getParent();
        m.put("inventory_dir", dir == null ? null : dir.toString());
        return m;
    }

    /**
     * A host that is simulated only because a group says so, but is also listed in a group that is not
     * simulated, would silently be simulated where the operator meant the real server: refused.
     */
    private static void mixedSimulation(H h, MergedVars mv, Set<G> simulateGroups,
            Map<G, List<Map<String, Var>>> groupFiles, VarChecks checks) {
        if (mv.simulateOnHost()) {
            return; // simulate: on the host itself is a choice for that host, wherever it is listed
        }
        G source = InventoryData.groupsOf(h).stream().filter(simulateGroups::contains).findFirst().orElse(null);
        for (G g : h.groups) {
            if (g.name.equals(InventoryData.UNGROUPED)) {
                continue;
            }
            boolean viaSimulated = simulateGroups.contains(g) || InventoryData.ancestors(g).stream()
                    .anyMatch(simulateGroups::contains);
            if (!viaSimulated) {
                SourcePos where = source == null ? null : Optional.ofNullable(source.vars.get(VarNames.SIMULATE))
                        .map(Var::keyPos).orElseGet(() -> groupFiles.get(source).stream()
                                .filter(m -> m.containsKey(VarNames.SIMULATE)).map(m -> m.get(VarNames.SIMULATE).keyPos())
                                .findFirst().orElse(source.pos));
                checks.error(h.listedAt.getOrDefault(g, h.pos), "host \"" + h.name + "\" is listed in group \""
                        + g.name + "\", which is not simulated, but is simulated through group \""
                        + (source == null ? "?" : source.name) + "\"" + (where == null ? "" : " (simulate: at " + where + ")")
                        + "; a host is either simulated or real: give the simulated server its own name, or set"
                        + " simulate: on the host itself if it is meant to be simulated everywhere");
            }
        }
    }

    /**
     * The host's variables for playbook templates, templated. Passwords and vault values are left out (a
     * playbook has no business with them), and so is a variable whose template wsusctl cannot evaluate: a
     * playbook that uses it is told it is undefined rather than given the template's text.
     */
    private static Map<String, Object> freeVars(H h, MergedVars mv, HostScope scope) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, MergedVars.Ranked> e : mv.vars.entrySet()) {
            String k = e.getKey();
            Var v = e.getValue().var();
            if (k.equals(VarNames.SIMULATE) || VarNames.isPasswordKey(k) || v.secret()) {
                continue;
            }
            try {
                Jinja.Value val = scope.evaluate(v);
                if (!val.secret() && val.value() != null) {
                    out.put(k, val.value());
                }
            } catch (Jinja.TemplateError ex) {
                LOG.debug("host {}: variable {} is not templatable by wsusctl: {}", h.name, k, ex.getMessage());
            }
        }
        out.put("inventory_hostname", h.name);
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Group> groups(InventoryData inv, Map<G, List<Map<String, Var>>> groupFiles,
            VarChecks checks) {
        Map<String, Group> out = new LinkedHashMap<>();
        for (G g : inv.groups.values()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            int maxParallel = 0;
            List<Map<String, Var>> layers = new ArrayList<>();
            layers.add(g.vars);
            layers.addAll(groupFiles.get(g));
            for (Map<String, Var> layer : layers) {
                for (Map.Entry<String, Var> e : layer.entrySet()) {
                    if (e.getValue().value() != null && !e.getValue().secret()) {
                        vars.put(e.getKey(), e.getValue().value());
                    }
                    if (e.getKey().equals(VarNames.MAX_PARALLEL_FIXES)) {
                        Object t = checks.typed(VarNames.MAX_PARALLEL_FIXES, e.getValue().value(), e.getValue());
                        maxParallel = t instanceof Long l ? l.intValue() : maxParallel;
                    }
                }
            }
            out.put(g.name, new Group(g.name, InventoryData.hostsOf(g).stream().map(x -> x.name).toList(),
                    g.children.stream().map(x -> x.name).toList(), Collections.unmodifiableMap(vars), maxParallel,
                    g.hosts.stream().map(x -> x.name).toList()));
        }
        return Collections.unmodifiableMap(out);
    }
}
