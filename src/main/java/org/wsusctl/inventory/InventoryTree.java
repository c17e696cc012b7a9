package org.wsusctl.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.Values;
import org.wsusctl.config.YamlDoc;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The inventory file's structure as written: groups with their direct hosts, children and variable
 * blocks, and hosts with their own variable blocks. A group or host that appears several times is one
 * node (Ansible merges repeated definitions). Precedence is applied later, by {@link InventoryLoader}.
 */
final class InventoryTree {
    static final String ALL = "all";
    static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    /** A group as declared: order of hosts and children is file order. */
    static final class GroupNode {
        final String name;
        final SourcePos pos;
        final List<String> hosts = new ArrayList<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        final List<VarBlock> vars = new ArrayList<>();

        GroupNode(String name, SourcePos pos) {
            this.name = name;
            this.pos = pos;
        }
    }

    /** A host as declared: the first position, and one variable block per entry that lists it. */
    static final class HostNode {
        final String name;
        final SourcePos pos;
        final List<VarBlock> vars = new ArrayList<>();

        HostNode(String name, SourcePos pos) {
            this.name = name;
            this.pos = pos;
        }
    }

    final Map<String, GroupNode> groups = new LinkedHashMap<>();
    final Map<String, HostNode> hosts = new LinkedHashMap<>();
    private final YamlDoc doc;
    private final Diagnostics d;
    private final VarRules rules;

    private InventoryTree(YamlDoc doc, Diagnostics d) {
        this.doc = doc;
        this.d = d;
        this.rules = new VarRules(doc, d);
    }

    static InventoryTree read(YamlDoc doc, Diagnostics d) {
        InventoryTree t = new InventoryTree(doc, d);
        t.groups.put(ALL, new GroupNode(ALL, doc.pos(doc.root())));
        doc.rootMapping("a mapping of groups (usually starting with \"all:\")", d).ifPresent(t::readTop);
        return t;
    }

    Path file() {
        return doc.file();
    }

    private void readTop(MappingNode root) {
        for (YamlDoc.Entry e : doc.entries(root, d)) {
            if (GROUP_KEYS.contains(e.key())) {
                d.error(doc.pos(e.keyNode()), "expected a group name at the top level, found \"" + e.key()
                        + "\"; put it under \"all:\"");
                continue;
            }
            readGroup(e, e.key().equals(ALL) ? null : ALL);
        }
    }

    private void readGroup(YamlDoc.Entry e, String parent) {
        String name = e.key();
        SourcePos pos = doc.pos(e.keyNode());
        if (!GROUP_NAME.matcher(name).matches()) {
            d.error(pos, "expected a group name (letters, digits, _ . -), found " + Values.quote(name));
            return;
        }
        if (parent != null && name.equals(ALL)) {
            d.error(pos, "expected a child group, found \"all\" (every group is already inside all)");
            return;
        }
        GroupNode g = groups.computeIfAbsent(name, n -> new GroupNode(n, pos));
        if (parent != null) {
            g.parents.add(parent);
            groups.get(parent).children.add(name);
        }
        Node value = e.value();
        if (value instanceof SequenceNode) {
            d.error(doc.pos(value), "group \"" + name + "\": expected a mapping with hosts, vars or children, found a list");
            return;
        }
        Optional<MappingNode> body = doc.mapping(value, "group \"" + name + "\"", d);
        if (body.isEmpty()) {
            return;
        }
        for (YamlDoc.Entry k : doc.entries(body.get(), d)) {
            switch (k.key()) {
                case "hosts":
                    readHosts(g, k.value());
                    break;
                case "vars":
                    doc.mapping(k.value(), "vars of group \"" + name + "\"", d)
                            .ifPresent(m -> g.vars.add(rules.read(m, VarRules.Scope.GROUP, "group \"" + name + "\"")));
                    break;
                case "children":
                    readChildren(g, k.value());
                    break;
                default:
                    d.error(doc.pos(k.keyNode()), "unknown key \"" + k.key() + "\" in group \"" + name
                            + "\"; expected hosts, vars or children" + DidYouMean.hint(k.key(), GROUP_KEYS));
            }
        }
    }

    private void readChildren(GroupNode g, Node value) {
        if (value instanceof SequenceNode) {
            d.error(doc.pos(value), "children of group \"" + g.name + "\": expected a mapping of group names"
                    + " (\"name:\" on each line), found a list");
            return;
        }
        doc.mapping(value, "children of group \"" + g.name + "\"", d).ifPresent(m -> {
            for (YamlDoc.Entry c : doc.entries(m, d)) {
                readGroup(c, g.name);
            }
        });
    }

    private void readHosts(GroupNode g, Node value) {
        if (value instanceof SequenceNode) {
            d.error(doc.pos(value), "hosts of group \"" + g.name + "\": expected a mapping of host names"
                    + " (\"name:\" on each line), found a list");
            return;
        }
        Optional<MappingNode> m = doc.mapping(value, "hosts of group \"" + g.name + "\"", d);
        if (m.isEmpty()) {
            return;
        }
        Map<String, SourcePos> inThisGroup = new HashMap<>();
        for (YamlDoc.Entry h : doc.entries(m.get(), d)) {
            SourcePos pos = doc.pos(h.keyNode());
            List<String> names = expand(h.key(), pos);
            if (names.isEmpty()) {
                continue;
            }
            VarBlock block = VarBlock.empty(pos);
            if (h.value() instanceof SequenceNode) {
                d.error(doc.pos(h.value()), "host \"" + h.key() + "\": expected a mapping of variables, found a list");
            } else {
                Optional<MappingNode> vars = doc.mapping(h.value(), "host \"" + h.key() + "\"", d);
                if (vars.isPresent()) {
                    block = rules.read(vars.get(), VarRules.Scope.HOST, "host \"" + h.key() + "\"");
                }
            }
            for (String n : names) {
                SourcePos first = inThisGroup.putIfAbsent(n, pos);
                if (first != null) {
                    d.error(pos, "host \"" + n + "\" is listed twice in group \"" + g.name + "\" (first at line "
                            + first.line() + ")");
                    continue;
                }
                g.hosts.add(n);
                HostNode hn = hosts.computeIfAbsent(n, x -> new HostNode(x, pos));
                hn.vars.add(block);
            }
        }
    }

    private List<String> expand(String key, SourcePos pos) {
        List<String> names;
        try {
            names = HostRanges.hasRange(key) ? HostRanges.expand(key) : List.of(key);
        } catch (IllegalArgumentException ex) {
            d.error(pos, ex.getMessage());
            return List.of();
        }
        for (String n : names) {
            if (!HOST_NAME.matcher(n).matches()) {
                String hint = n.matches(".*:[0-9]+") ? "; set winrm_port instead of host:port" : "";
                d.error(pos, "expected a host name (letters, digits, . - _), found " + Values.quote(n) + hint);
                return List.of();
            }
        }
        return names;
    }
}
