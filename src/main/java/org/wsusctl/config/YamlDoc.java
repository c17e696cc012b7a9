package org.wsusctl.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.Collections;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * One YAML file composed into SnakeYAML's node tree, so every value keeps its line and column.
 * Parsing never throws anything but {@link ConfigException}: size, encoding, syntax, alias and nesting
 * problems all become positioned diagnostics. Values are read through the helpers here, which report
 * "expected X, found Y" into a {@link Diagnostics} instead of throwing, so a file's errors come out together.
 */
public final class YamlDoc {
    /** Checked before reading: inventories and playbooks are small; anything bigger is a mistake or an attack. */
    public static final long MAX_BYTES = 2L * 1024 * 1024;
    /** Far below SnakeYAML's default of 50: hand-written inventories barely use anchors. */
    static final int MAX_ALIASES = 20;
    static final int MAX_DEPTH = 40;
    /** Bounds what aliases may expand to when values are copied out of the tree (billion laughs). */
    static final int MAX_VALUES = 200_000;

    /** How plain scalars are typed. */
    public enum Schema {
        /** YAML 1.2 core: only true/false are booleans (playbooks, where a pool named "Off" stays a string). */
        CORE_1_2,
        /** What Ansible's loader does (PyYAML, YAML 1.1, merge keys): inventories and their vars files. */
        ANSIBLE
    }

    private final Path file;
    private final Node root;
    private final Schema schema;

    private YamlDoc(Path file, Node root, Schema schema) {
        this.file = file;
        this.root = root;
        this.schema = schema;
    }

    /** Reads and composes {@code file}; its root may be any node (check with {@link #rootMapping}). */
    public static YamlDoc parse(Path file) throws ConfigException {
        return parse(file, readBounded(file), Schema.CORE_1_2);
    }

    /** Reads a file with the size limit, reporting a missing or unreadable file at its name. */
    public static byte[] readBounded(Path file) throws ConfigException {
        SourcePos start = new SourcePos(file, 1, 1);
        byte[] bytes;
        try {
            // A regular file says how big it is, and one too big is refused before reading it.
            long size = Files.isRegularFile(file) ? Files.size(file) : 0;
            if (size > MAX_BYTES) {
                throw new ConfigException(start, "expected a file of at most " + MAX_BYTES / (1024 * 1024)
                        + " MB, found " + size + " bytes");
            }
            if (Files.isDirectory(file)) {
                throw new ConfigException(SourcePos.fileOnly(file), "expected a file, found a directory");
            }
            // Anything else (/dev/zero, a FIFO) is read up to the bound and no further.
            bytes = BoundedRead.read(file, (int) MAX_BYTES);
        } catch (BoundedRead.TooLarge e) {
            throw new ConfigException(start, "expected a file of at most " + MAX_BYTES / (1024 * 1024)
                    + " MB, found more");
        } catch (NoSuchFileException e) {
            throw new ConfigException(SourcePos.fileOnly(file), "file not found");
        } catch (IOException e) {
            throw new ConfigException(SourcePos.fileOnly(file), "cannot read file: " + e.getMessage());
        }
        return bytes;
    }

    /** Composes YAML text already read; {@code file} names it in diagnostics. */
    public static YamlDoc parse(Path file, byte[] bytes) throws ConfigException {
        return parse(file, bytes, Schema.CORE_1_2);
    }

    /** Composes YAML text already read with the given scalar typing; {@code file} names it in diagnostics. */
    public static YamlDoc parse(Path file, byte[] bytes, Schema schema) throws ConfigException {
        String text = decode(file, bytes);
        if (text.isBlank() || onlyComments(text)) {
            throw new ConfigException(new SourcePos(file, 1, 1), "expected a YAML mapping, found an empty file");
        }
        try {
            Node root = newYaml(schema).compose(new StringReader(text));
            if (root == null) {
                throw new ConfigException(new SourcePos(file, 1, 1), "expected a YAML mapping, found an empty document");
            }
            return new YamlDoc(file, root, schema);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new ConfigException(at(file, mark), syntaxMessage(e));
        } catch (org.yaml.snakeyaml.reader.ReaderException e) {
            // A character YAML does not allow (ESC, other controls): SnakeYAML's reader names the code point
            // but no line; the first occurrence of it in the text is where its reader stopped.
            throw new ConfigException(posOfChar(file, text, text.indexOf(Character.toString(e.getCodePoint()))),
                    "expected printable YAML text, found the control character U+"
                            + String.format("%04X", e.getCodePoint()) + " (quote it as \"\\u"
                            + String.format("%04x", e.getCodePoint()) + "\" in a double-quoted string)");
        } catch (RuntimeException e) {
            // Alias and nesting limits raise unmarked YAMLExceptions; report them at the top of the file.
            throw new ConfigException(new SourcePos(file, 1, 1), limitMessage(oneLine(e.getMessage())));
        } catch (StackOverflowError e) {
            throw new ConfigException(new SourcePos(file, 1, 1),
                    "expected at most " + MAX_DEPTH + " levels of nesting, found deeper nesting");
        }
    }

    private static Yaml newYaml(Schema schema) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // enforced again in entries(): compose() itself does not check
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit((int) MAX_BYTES);
        // Ansible (PyYAML) applies "<<: *anchor" merge keys; playbooks keep them off.
        options.setMergeOnCompose(schema == Schema.ANSIBLE);
        DumperOptions dump = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options,
                schema == Schema.ANSIBLE ? new AnsibleYamlResolver() : new Yaml12Resolver());
    }

    private static String decode(Path file, byte[] bytes) throws ConfigException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ConfigException(posOfByte(file, bytes, i), "expected UTF-8 YAML text, found binary data (NUL byte)");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new ConfigException(posOfByte(file, bytes, in.position()),
                    "expected UTF-8 YAML text, found bytes that are not UTF-8 (binary file?)");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The 1-based line and column (in code points) of {@code text}'s char at {@code index}; 1:1 if unknown. */
    private static SourcePos posOfChar(Path file, String text, int index) {
        if (index < 0) {
            return new SourcePos(file, 1, 1);
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePos(file, line, text.codePointCount(lineStart, index) + 1);
    }

    private static SourcePos posOfByte(Path file, byte[] bytes, int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                col = 1;
            } else if ((bytes[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return new SourcePos(file, line, col);
    }

    private static boolean onlyComments(String text) {
        return text.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#") || l.equals("---"));
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = oneLine(e.getProblem());
        if (problem.contains("\\t") || problem.contains("TAB")) {
            return "expected spaces for indentation, found a tab character (YAML does not allow tabs)";
        }
        if (problem.startsWith("mapping values are not allowed")) {
            return "invalid YAML: expected a value, found ':' (quote values that contain \": \")";
        }
        String context = e.getContext() == null ? "" : " (" + oneLine(e.getContext()) + ")";
        return "invalid YAML: " + problem + context;
    }

    private static String limitMessage(String problem) {
        if (problem.startsWith("Number of aliases")) {
            return "expected at most " + MAX_ALIASES + " aliases (*name), found more (a YAML bomb?)";
        }
        if (problem.startsWith("Nesting Depth exceeded")) {
            return "expected at most " + MAX_DEPTH + " levels of nesting, found deeper nesting";
        }
        return "invalid YAML: " + problem;
    }

    private static String oneLine(String s) {
        return s == null ? "unknown problem" : s.replaceAll("\\s+", " ").strip();
    }

    private static SourcePos at(Path file, Mark mark) {
        return mark == null ? new SourcePos(file, 1, 1) : new SourcePos(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    public Path file() {
        return file;
    }

    public Node root() {
        return root;
    }

    public Schema schema() {
        return schema;
    }

    /** Where a node starts (1-based, as printed). */
    public SourcePos pos(Node node) {
        return at(file, node.getStartMark());
    }

    /** The root as a mapping, or an error saying what {@code what} should have been. */
    public Optional<MappingNode> rootMapping(String what, Diagnostics d) {
        if (root instanceof MappingNode m) {
            return Optional.of(m);
        }
        d.error(pos(root), "expected " + what + ", found " + describe(root));
        return Optional.empty();
    }

    /** A key of a mapping with its value. */
    public record Entry(String key, Node keyNode, Node value) { }

    /**
     * The entries of a mapping in file order. Keys that are not plain scalars and repeated keys are
     * reported and skipped.
     */
    public List<Entry> entries(MappingNode mapping, Diagnostics d) {
        List<Entry> out = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode s) || Tag.NULL.equals(k.getTag())) {
                d.error(pos(k), "expected a plain key, found " + describe(k));
                continue;
            }
            Node first = seen.putIfAbsent(s.getValue(), k);
            if (first != null) {
                d.error(pos(k), "duplicate key \"" + s.getValue() + "\" (first at line " + pos(first).line() + ")");
                continue;
            }
            out.add(new Entry(s.getValue(), k, t.getValueNode()));
        }
        return out;
    }

    /** True for an explicit or implicit null ({@code key:} with nothing after it). */
    public static boolean isNull(Node n) {
        return n == null || (n instanceof ScalarNode && Tag.NULL.equals(n.getTag()));
    }

    /** A mapping, or null when the value is empty; anything else is an error. */
    public Optional<MappingNode> mapping(Node n, String what, Diagnostics d) {
        if (n instanceof MappingNode m) {
            return Optional.of(m);
        }
        if (!isNull(n)) {
            d.error(pos(n), what + ": expected a mapping, found " + describe(n));
        }
        return Optional.empty();
    }

    /** A text value: strings and numbers (a user named {@code 1234} is still a name). */
    public Optional<String> string(Node n, String what, Diagnostics d) {
        if (n instanceof ScalarNode s && (Tag.STR.equals(s.getTag()) || Tag.INT.equals(s.getTag())
                || Tag.FLOAT.equals(s.getTag()))) {
            return Optional.of(s.getValue());
        }
        d.error(pos(n), what + ": expected a string, found " + describe(n));
        return Optional.empty();
    }

    /** An integer in {@code [min, max]}. */
    public OptionalLong integer(Node n, String what, long min, long max, Diagnostics d) {
        Object v = scalarValue(n);
        if (v instanceof Long l && l >= min && l <= max) {
            return OptionalLong.of(l);
        }
        String range = max == Long.MAX_VALUE ? (min == 0 ? "a non-negative integer" : "an integer of at least " + min)
                : "an integer " + min + "-" + max;
        d.error(pos(n), what + ": expected " + range + ", found " + describe(n));
        return OptionalLong.empty();
    }

    /** A boolean; YAML 1.1's yes/no/on/off are accepted here because Ansible users write them. */
    public Optional<Boolean> bool(Node n, String what, Diagnostics d) {
        Optional<Boolean> b = n instanceof ScalarNode s ? Values.parseBool(s.getValue()) : Optional.empty();
        if (n instanceof ScalarNode s && (Tag.BOOL.equals(s.getTag()) || Tag.STR.equals(s.getTag())) && b.isPresent()) {
            return b;
        }
        d.error(pos(n), what + ": expected true or false, found " + describe(n));
        return Optional.empty();
    }

    /** A string or a list of strings ({@code notify: x} and {@code notify: [x, y]}). */
    public List<String> stringOrList(Node n, String what, Diagnostics d) {
        if (n instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                string(item, what, d).ifPresent(out::add);
            }
            return out;
        }
        return string(n, what, d).map(List::of).orElse(List.of());
    }

    /**
     * Copies a node into plain Java values (LinkedHashMap, ArrayList, String, Long, Double, Boolean,
     * null). Alias cycles, too deep nesting and alias expansion past {@link #MAX_VALUES} are reported.
     */
    public Object plain(Node n, Diagnostics d) {
        int[] budget = {MAX_VALUES};
        Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            return plain(n, d, budget, path, 0);
        } catch (TooBig e) {
            d.error(pos(n), "expected plain values, found aliases that expand to more than " + MAX_VALUES
                    + " values (YAML bomb?)");
            return null;
        }
    }

    private static final class TooBig extends RuntimeException {
        TooBig() {
            super(null, null, false, false);
        }
    }

    private Object plain(Node n, Diagnostics d, int[] budget, Set<Node> path, int depth) {
        if (--budget[0] < 0) {
            throw new TooBig();
        }
        if (depth > MAX_DEPTH || !path.add(n)) {
            d.error(pos(n), "expected at most " + MAX_DEPTH + " levels of nesting, found deeper (or recursive) nesting");
            return null;
        }
        try {
            if (n instanceof MappingNode m) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Entry e : entries(m, d)) {
                    out.put(e.key(), plain(e.value(), d, budget, path, depth + 1));
                }
                return out;
            }
            if (n instanceof SequenceNode s) {
                List<Object> out = new ArrayList<>();
                for (Node item : s.getValue()) {
                    out.add(plain(item, d, budget, path, depth + 1));
                }
                return out;
            }
            Object v = scalarValue(n);
            if (v instanceof UnsupportedTag u) {
                d.error(pos(n), "expected a plain value, found the tag " + u.tag()
                        + (u.tag().contains("vault") ? " (vault-encrypted values are not supported)" : ""));
                return null;
            }
            return v;
        } finally {
            path.remove(n);
        }
    }

    private record UnsupportedTag(String tag) { }

    /** A scalar's typed value, by its resolved tag. */
    private static Object scalarValue(Node n) {
        if (!(n instanceof ScalarNode s)) {
            return n instanceof MappingNode ? new UnsupportedTag("mapping") : new UnsupportedTag("list");
        }
        Tag tag = s.getTag();
        String v = s.getValue();
        if (Tag.STR.equals(tag)) {
            return v;
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return Values.parseBool(v).orElse(null);
        }
        if (Tag.INT.equals(tag)) {
            return Values.parseLong(v).<Object>map(x -> x).orElse(v);
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(v.replace(".inf", "Infinity").replace(".nan", "NaN"));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return new UnsupportedTag(tag.getValue());
    }

    /** How a value appears in "found ..." (strings quoted and shortened). */
    public static String describe(Node n) {
        if (n == null) {
            return "nothing";
        }
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return "nothing (null)";
        }
        if (Tag.STR.equals(tag)) {
            return Values.quote(s.getValue());
        }
        if (Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return s.getValue();
        }
        return "the tag " + tag.getValue();
    }
}
