package org.wsusctl.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.YamlDoc;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one step or handler and checks it against its module: known keys, a known module, known
 * arguments of the right type. Values holding {@code {{ var }}} are checked for template syntax only;
 * {@link ArgResolver} checks them per host once substituted.
 */
final class StepReader {
    static final List<String> STEP_KEYS = List.of("name", "module", "args", "notify", "fix", "approve", "tags");

    private final YamlDoc doc;
    private final ModuleRegistry modules;
    private final Diagnostics d;
    /** Every {@code {{ name }}} the steps read so far refer to, with where it is. */
    private final List<TemplateRef> templateRefs = new ArrayList<>();

    /** A variable a template refers to, and where. */
    record TemplateRef(String name, SourcePos pos, String where) { }

    StepReader(YamlDoc doc, ModuleRegistry modules, Diagnostics d) {
        this.doc = doc;
        this.modules = modules;
        this.d = d;
    }

    List<TemplateRef> templateRefs() {
        return List.copyOf(templateRefs);
    }

    /** A step, or empty when it is too broken to keep (its errors are in the diagnostics). */
    Optional<Step> read(Node node, String kind) {
        Optional<MappingNode> m = node instanceof MappingNode mn ? Optional.of(mn) : Optional.empty();
        if (m.isEmpty()) {
            d.error(doc.pos(node), kind + ": expected a mapping with name, module and args, found "
                    + YamlDoc.describe(node));
            return Optional.empty();
        }
        SourcePos pos = doc.pos(node);
        String name = null;
        Optional<WsusModule> module = Optional.empty();
        String moduleName = null;
        Node argsNode = null;
        boolean fix = true;
        boolean approve = false;
        List<String> notify = List.of();
        List<String> tags = List.of();
        for (YamlDoc.Entry e : doc.entries(m.get(), d)) {
            Node v = e.value();
            switch (e.key()) {
                case "name":
                    name = doc.string(v, kind + " name", d).orElse(null);
                    break;
                case "module":
                    moduleName = doc.string(v, "module", d).orElse(null);
                    if (moduleName != null) {
                        module = modules.find(moduleName);
                        if (module.isEmpty()) {
                            List<String> known = modules.all().stream().map(WsusModule::name).toList();
                            d.error(doc.pos(v), "unknown module \"" + moduleName + "\"" + DidYouMean.hint(moduleName,
                                    known) + "; run `wsusctl modules` to list them");
                        }
                    }
                    break;
                case "args":
                    argsNode = v;
                    break;
                case "notify":
                    notify = doc.stringOrList(v, "notify", d);
                    break;
                case "fix":
                    fix = doc.bool(v, "fix", d).orElse(true);
                    break;
                case "approve":
                    approve = doc.bool(v, "approve", d).orElse(false);
                    break;
                case "tags":
                    tags = doc.stringOrList(v, "tags", d);
                    break;
                default:
                    d.error(doc.pos(e.keyNode()), "unknown key \"" + e.key() + "\" in " + kind
                            + DidYouMean.hint(e.key(), STEP_KEYS) + "; expected " + String.join(", ", STEP_KEYS));
            }
        }
        if (name == null || name.isBlank()) {
            d.error(pos, kind + ": expected a \"name\", found none");
        }
        if (moduleName == null) {
            d.error(pos, kind + (name == null ? "" : " \"" + name + "\"") + ": expected a \"module\", found none");
        }
        Map<String, Object> args = module.isPresent() ? args(module.get(), argsNode, pos) : Map.of();
        if (name == null || module.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step(name, moduleName, args, fix, approve, List.copyOf(notify), List.copyOf(tags),
                pos));
    }

    private Map<String, Object> args(WsusModule module, Node argsNode, SourcePos stepPos) {
        Map<String, ArgSpec> specs = new LinkedHashMap<>();
        module.args().forEach(s -> specs.put(s.name(), s));
        Map<String, Object> out = new LinkedHashMap<>();
        SourcePos at = stepPos;
        if (argsNode != null && !YamlDoc.isNull(argsNode)) {
            Optional<MappingNode> m = doc.mapping(argsNode, "args of module " + module.name(), d);
            if (m.isEmpty()) {
                return out;
            }
            at = doc.pos(argsNode);
            for (YamlDoc.Entry e : doc.entries(m.get(), d)) {
                ArgSpec spec = specs.get(e.key());
                if (spec == null) {
                    d.error(doc.pos(e.keyNode()), "unknown argument \"" + e.key() + "\" for module " + module.name()
                            + DidYouMean.hint(e.key(), specs.keySet()) + "; expected one of "
                            + String.join(", ", specs.keySet()));
                    continue;
                }
                Object raw = doc.plain(e.value(), d);
                out.put(e.key(), raw);
                check(spec, raw, e.value(), module);
            }
        }
        for (ArgSpec spec : specs.values()) {
            if (spec.required() && spec.defaultValue() == null && !out.containsKey(spec.name())) {
                d.error(at, "missing argument \"" + spec.name() + "\" for module " + module.name() + " ("
                        + ArgChecks.expected(spec) + ")");
            }
        }
        return out;
    }

    private void check(ArgSpec spec, Object raw, Node node, WsusModule module) {
        String where = "argument \"" + spec.name() + "\" of " + module.name();
        if (containsTemplate(raw)) {
            checkTemplates(raw, node, where);
            return;
        }
        try {
            ArgChecks.coerce(spec, raw, where);
        } catch (ArgException e) {
            d.error(doc.pos(node), e.getMessage());
        }
    }

    private static boolean containsTemplate(Object raw) {
        if (raw instanceof String s) {
            return Templates.has(s);
        }
        return raw instanceof List<?> l && l.stream().anyMatch(StepReader::containsTemplate);
    }

    private void checkTemplates(Object raw, Node node, String where) {
        List<Object> items = raw instanceof List<?> l ? new ArrayList<>(l) : List.of(raw);
        List<Node> nodes = node instanceof SequenceNode s ? s.getValue() : List.of(node);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof String s && Templates.has(s)) {
                Node at = i < nodes.size() ? nodes.get(i) : node;
                SourcePos pos = doc.pos(at instanceof ScalarNode ? at : node);
                try {
                    for (String name : Templates.names(s)) {
                        templateRefs.add(new TemplateRef(name, pos, where));
                    }
                } catch (IllegalArgumentException e) {
                    d.error(pos, where + ": " + e.getMessage());
                }
            }
        }
    }
}
