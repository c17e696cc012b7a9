package org.wsusctl.playbook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.Values;
import org.wsusctl.config.YamlDoc;
import org.wsusctl.inventory.HostPattern;
import org.wsusctl.modules.ModuleRegistry;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads and validates a playbook against the module registry. Every problem of the file is reported at
 * once with its {@code file:line:col}; a playbook that loads can run without further structural checks.
 */
public final class PlaybookLoader {
    static final List<String> KEYS =
            List.of("name", "hosts", "serial", "max_fail_percentage", "vars", "steps", "handlers");
    private static final Pattern PERCENT = Pattern.compile("\\s*([0-9]{1,3})\\s*%\\s*");
    private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ModuleRegistry modules;

    public PlaybookLoader(ModuleRegistry modules) {
        this.modules = modules;
    }

    public Playbook load(Path file) throws ConfigException {
        return load(file, Optional.empty());
    }

    /**
     * As {@link #load(Path)}, and with the variables an inventory defines (on any of its hosts or groups):
     * a {@code {{ name }}} that neither the playbook's vars nor the inventory define would fail on every
     * host, so it is an error here, at its position, before any host is contacted. Without an inventory
     * nothing can be known about host variables and templates are checked for their syntax only.
     */
    public Playbook load(Path file, Optional<Set<String>> inventoryVariables) throws ConfigException {
        YamlDoc doc = YamlDoc.parse(file);
        Diagnostics d = new Diagnostics();
        Optional<MappingNode> root = doc.rootMapping("a playbook mapping (name, hosts, steps)", d);
        if (root.isEmpty()) {
            d.throwIfErrors();
        }
        StepReader steps = new StepReader(doc, modules, d);
        String name = defaultName(file);
        String hosts = null;
        Optional<Serial> serial = Optional.empty();
        OptionalInt maxFail = OptionalInt.empty();
        Map<String, Object> vars = Map.of();
        List<Step> stepList = new ArrayList<>();
        List<Step> handlers = new ArrayList<>();
        boolean sawSteps = false;
        for (YamlDoc.Entry e : doc.entries(root.get(), d)) {
            Node v = e.value();
            switch (e.key()) {
                case "name":
                    name = doc.string(v, "name", d).orElse(name);
                    break;
                case "hosts":
                    hosts = hosts(doc, v, d);
                    break;
                case "serial":
                    serial = serial(doc, v, d);
                    break;
                case "max_fail_percentage": {
                    OptionalLong p = doc.integer(v, "max_fail_percentage", 0, 100, d);
                    maxFail = p.isPresent() ? OptionalInt.of((int) p.getAsLong()) : OptionalInt.empty();
                    break;
                }
                case "vars":
                    vars = vars(doc, v, d);
                    break;
                case "steps":
                    sawSteps = true;
                    readList(doc, v, "steps", "step", steps, stepList, d);
                    break;
                case "handlers":
                    readList(doc, v, "handlers", "handler", steps, handlers, d);
                    break;
                default:
                    d.error(doc.pos(e.keyNode()), "unknown key \"" + e.key() + "\" in playbook"
                            + DidYouMean.hint(e.key(), KEYS) + "; expected " + String.join(", ", KEYS));
            }
        }
        SourcePos top = doc.pos(root.get());
        if (hosts == null && !hasKey(doc, root.get(), "hosts")) {
            d.error(top, "expected a \"hosts\" pattern (e.g. hosts: all), found none");
        }
        if (!sawSteps) {
            d.error(top, "expected \"steps\", found none");
        }
        checkNames(stepList, "step", d);
        checkNames(handlers, "handler", d);
        checkNotify(stepList, handlers, d);
        checkNotify(handlers, handlers, d);
        if (inventoryVariables.isPresent()) {
            checkDefined(steps.templateRefs(), vars, inventoryVariables.get(), d);
        }
        d.throwIfErrors();
        return new Playbook(file, name, hosts, serial, maxFail, vars, List.copyOf(stepList), List.copyOf(handlers));
    }

    private static String defaultName(Path file) {
        String f = String.valueOf(file.getFileName());
        return f.replaceFirst("\\.ya?ml$", "");
    }

    private static boolean hasKey(YamlDoc doc, MappingNode m, String key) {
        return m.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key));
    }

    private static String hosts(YamlDoc doc, Node v, Diagnostics d) {
        Optional<String> s = doc.string(v, "hosts", d);
        if (s.isEmpty()) {
            return null;
        }
        try {
            HostPattern.parse(s.get());
            return s.get();
        } catch (IllegalArgumentException e) {
            d.error(doc.pos(v), "hosts: " + e.getMessage());
            return null;
        }
    }

    private static Optional<Serial> serial(YamlDoc doc, Node v, Diagnostics d) {
        if (v instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            OptionalLong n = doc.integer(v, "serial", 1, 100_000, d);
            return n.isPresent() ? Optional.of(new Serial.Count((int) n.getAsLong())) : Optional.empty();
        }
        if (v instanceof ScalarNode s && Tag.STR.equals(s.getTag())) {
            Matcher m = PERCENT.matcher(s.getValue());
            if (m.matches()) {
                int p = Integer.parseInt(m.group(1));
                if (p >= 1 && p <= 100) {
                    return Optional.of(new Serial.Percent(p));
                }
            }
        }
        d.error(doc.pos(v), "serial: expected a host count (e.g. 5) or a percentage 1%-100% (e.g. \"25%\"), found "
                + YamlDoc.describe(v));
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vars(YamlDoc doc, Node v, Diagnostics d) {
        Optional<MappingNode> m = doc.mapping(v, "vars", d);
        if (m.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (YamlDoc.Entry e : doc.entries(m.get(), d)) {
            if (!VAR_NAME.matcher(e.key()).matches()) {
                d.error(doc.pos(e.keyNode()), "expected a variable name (letters, digits, _), found "
                        + Values.quote(e.key()));
                continue;
            }
            out.put(e.key(), doc.plain(e.value(), d));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void readList(YamlDoc doc, Node v, String key, String kind, StepReader reader, List<Step> into,
            Diagnostics d) {
        if (YamlDoc.isNull(v)) {
            return;
        }
        if (!(v instanceof SequenceNode seq)) {
            d.error(doc.pos(v), key + ": expected a list of " + kind + "s (each starting with \"- name:\"), found "
                    + YamlDoc.describe(v));
            return;
        }
        for (Node item : seq.getValue()) {
            reader.read(item, kind).ifPresent(into::add);
        }
    }

    private static void checkDefined(List<StepReader.TemplateRef> refs, Map<String, Object> vars,
            Set<String> inventoryVariables, Diagnostics d) {
        for (StepReader.TemplateRef r : refs) {
            boolean inPlaybook = vars.get(r.name()) != null;
            if (!inPlaybook && !inventoryVariables.contains(r.name())) {
                Set<String> known = new java.util.TreeSet<>(inventoryVariables);
                vars.forEach((k, v) -> {
                    if (v != null) {
                        known.add(k);
                    }
                });
                d.error(r.pos(), r.where() + ": expected a defined variable, found \"{{ " + r.name() + " }}\", which"
                        + " neither the playbook's vars nor any host of the inventory define"
                        + DidYouMean.hint(r.name(), known));
            }
        }
    }

    private static void checkNames(List<Step> steps, String kind, Diagnostics d) {
        Map<String, Step> seen = new HashMap<>();
        for (Step s : steps) {
            Step first = seen.putIfAbsent(s.name(), s);
            if (first != null) {
                d.error(s.pos(), "duplicate " + kind + " name \"" + s.name() + "\" (first at line " + first.pos().line()
                        + "); names identify " + kind + "s in reports and notify");
            }
        }
    }

    private static void checkNotify(List<Step> steps, List<Step> handlers, Diagnostics d) {
        Set<String> names = new java.util.LinkedHashSet<>();
        handlers.forEach(h -> names.add(h.name()));
        for (Step s : steps) {
            for (String n : s.notifies()) {
                if (!names.contains(n)) {
                    d.error(s.pos(), "step \"" + s.name() + "\" notifies \"" + n + "\", expected the name of a handler"
                            + (names.isEmpty() ? " (this playbook has no handlers)" : DidYouMean.hint(n, names)));
                }
            }
        }
    }
}
