package org.wsusctl.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.SourcePos;

/**
 * Ansible's INI inventory ({@code ansible/plugins/inventory/ini.py}), line by line as Ansible reads it:
 * {@code [group]}, {@code [group:vars]} and {@code [group:children]} sections, host lines split like a
 * shell ({@link PyShlex}) with {@code key=value} pairs, and values read as Python literals
 * ({@link PyLiteral}). A child or vars section may name a group defined later in the file.
 */
final class IniShape {
    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$");
    private static final Pattern GROUP_LINE = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$");

    private final Path file;
    private final InventoryData inv;
    private final Diagnostics d;
    private final boolean vaultFile;
    private int lineNo;

    /** A group named in a section or as a child before it was defined. */
    private record Pending(String state, SourcePos pos, List<String> parents) { }

    private IniShape(Path file, InventoryData inv, boolean vaultFile) {
        this.file = file;
        this.inv = inv;
        this.d = inv.diagnostics();
        this.vaultFile = vaultFile;
    }

    static void read(Path file, String text, InventoryData inv, boolean vaultFile) {
        new IniShape(file, inv, vaultFile).parse(text.lines().toList());
    }

    private SourcePos at(int column) {
        return new SourcePos(file, lineNo, column + 1);
    }

    private void parse(List<String> lines) {
        Map<String, Pending> pending = new LinkedHashMap<>();
        String group = InventoryData.UNGROUPED;
        String state = "hosts";
        lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            int indent = raw.indexOf(line.isEmpty() ? " " : line.substring(0, 1));
            indent = Math.max(0, indent);
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                continue;
            }
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                group = m.group(1);
                state = m.group(2) == null ? "hosts" : m.group(2);
                if (!List.of("hosts", "children", "vars").contains(state)) {
                    d.error(at(indent), "section [" + group + ":" + state + "] has unknown type \"" + state
                            + "\"; expected [" + group + "], [" + group + ":vars] or [" + group + ":children]");
                    state = "skip";
                    continue;
                }
                if (!inv.groups.containsKey(group)) {
                    if (state.equals("vars") && !pending.containsKey(group)) {
                        pending.put(group, new Pending("vars", at(indent), new ArrayList<>()));
                    }
                    if (inv.group(group, at(indent + 1)) == null) {
                        state = "skip";
                        continue;
                    }
                }
                Pending p = pending.get(group);
                if (p != null && !state.equals("vars")) {
                    if (p.state().equals("children")) {
                        addPendingChildren(group, pending);
                    } else {
                        pending.remove(group);
                    }
                }
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                d.error(at(indent), "invalid section entry " + org.wsusctl.config.Values.quote(line)
                        + "; expected [group], [group:vars] or [group:children] without spaces");
                state = "skip";
                continue;
            }
            switch (state) {
                case "hosts":
                    hostLine(raw, group);
                    break;
                case "vars":
                    varLine(line, indent, group);
                    break;
                case "children":
                    childLine(line, indent, group, pending);
                    break;
                default:
                    break; // the section header was already reported
            }
        }
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.state().equals("vars")) {
                d.error(p.pos(), "section [" + e.getKey() + ":vars] is for a group that is never defined;"
                        + " expected a [" + e.getKey() + "] or [" + e.getKey() + ":children] section too");
            } else {
                d.error(p.pos(), "section [" + p.parents().get(p.parents().size() - 1) + ":children] names group \""
                        + e.getKey() + "\", which is never defined; expected a [" + e.getKey() + "] section");
            }
        }
    }

    private void addPendingChildren(String group, Map<String, Pending> pending) {
        Pending p = pending.remove(group);
        InventoryData.G child = inv.groups.get(group);
        for (String parent : p.parents()) {
            inv.addChild(inv.groups.get(parent), child, p.pos());
            Pending pp = pending.get(parent);
            if (pp != null && pp.state().equals("children")) {
                addPendingChildren(parent, pending);
            }
        }
    }

    private void hostLine(String raw, String group) {
        List<PyShlex.Word> words;
        try {
            words = PyShlex.split(raw);
        } catch (PyShlex.SplitError e) {
            d.error(at(Math.max(0, raw.length() - raw.stripLeading().length())), "cannot split the host line: "
                    + e.getMessage() + " (a quote is not closed, or a line ends in a backslash)");
            return;
        }
        if (words.isEmpty()) {
            return;
        }
        PyShlex.Word first = words.get(0);
        SourcePos hostPos = at(first.column());
        String pattern = first.text();
        if (pattern.strip().endsWith(":") && HostPatterns.parseAddress(pattern) == null) {
            d.error(hostPos, "expected a host name, found " + org.wsusctl.config.Values.quote(pattern)
                    + " (':' is only for a port, as in host:5986; is this a YAML file?)");
            return;
        }
        if (pattern.strip().equals("---")) {
            d.error(hostPos, "expected a host name, found \"---\" (is this a YAML file?)");
            return;
        }
        List<Map.Entry<String, Var>> vars = new ArrayList<>();
        for (PyShlex.Word w : words.subList(1, words.size())) {
            int eq = w.text().indexOf('=');
            if (eq < 0) {
                d.error(at(w.column()), "expected key=value after the host name, found "
                        + org.wsusctl.config.Values.quote(w.text()));
                return;
            }
            String key = w.text().substring(0, eq);
            SourcePos keyPos = at(w.column());
            Object value = PyLiteral.parse(w.text().substring(eq + 1));
            vars.add(Map.entry(key, new Var(value, at(w.column() + eq + 1), keyPos, vaultFile)));
        }
        HostPatterns.Expanded ex = HostPatterns.expand(pattern, hostPos, d);
        if (ex == null) {
            return;
        }
        InventoryData.G g = inv.groups.get(group);
        for (String name : ex.names()) {
            if (!inv.validHostName(name, hostPos)) {
                return;
            }
            InventoryData.H h = inv.addHost(name, g, ex.port(), hostPos);
            vars.forEach(v -> inv.setHostVar(h, v.getKey(), v.getValue()));
        }
    }

    private void varLine(String line, int indent, String group) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            d.error(at(indent), "expected key=value in [" + group + ":vars], found "
                    + org.wsusctl.config.Values.quote(line));
            return;
        }
        String key = line.substring(0, eq).strip();
        String rawValue = line.substring(eq + 1).strip();
        int valueCol = indent + eq + 1 + (line.substring(eq + 1).length() - line.substring(eq + 1).stripLeading().length());
        if (key.equals(VarNames.SIMULATE)) {
            d.error(at(indent), "simulate in [" + group + ":vars]: expected it in a YAML inventory (an INI value"
                    + " cannot hold the simulated server's mapping reliably)");
            return;
        }
        inv.setGroupVar(inv.groups.get(group), key, new Var(PyLiteral.parse(rawValue), at(valueCol), at(indent),
                vaultFile));
    }

    private void childLine(String line, int indent, String group, Map<String, Pending> pending) {
        Matcher m = GROUP_LINE.matcher(line);
        if (!m.matches()) {
            d.error(at(indent), "expected a group name in [" + group + ":children], found "
                    + org.wsusctl.config.Values.quote(line));
            return;
        }
        String child = m.group(1);
        InventoryData.G c = inv.groups.get(child);
        if (c == null) {
            Pending p = pending.get(child);
            if (p == null) {
                pending.put(child, new Pending("children", at(indent), new ArrayList<>(List.of(group))));
            } else {
                p.parents().add(group);
            }
            return;
        }
        inv.addChild(inv.groups.get(group), c, at(indent));
    }
}
