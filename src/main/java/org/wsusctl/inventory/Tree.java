package org.wsusctl.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.YamlDoc;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A parsed inventory or vars file with a position on every key and value, whatever its syntax: YAML
 * (typed as Ansible's loader types it) or JSON. Like Ansible's DataLoader, text that starts with
 * {@code {} or {@code [} is tried as JSON first (so tab-indented script output loads), then as YAML;
 * JSON objects {@code {"__ansible_vault": ...}} and {@code {"__ansible_unsafe": ...}}, which
 * {@code ansible-inventory --list} prints, become a vault value and an unsafe string again.
 */
final class Tree {
    private Tree() { }

    /** A node of the tree. */
    sealed interface PNode permits PMap, PList, PScalar {
        SourcePos pos();
    }

    /** A mapping; keys are unique (duplicates were reported) and in file order. */
    record PMap(Map<String, PEntry> entries, SourcePos pos) implements PNode { }

    record PEntry(String key, SourcePos keyPos, PNode value) { }

    record PList(List<PNode> items, SourcePos pos) implements PNode { }

    /** String, Long, BigInteger, Double, Boolean, null, {@link Vaulted} or {@link Unsafe}. */
    record PScalar(Object value, SourcePos pos) implements PNode { }

    static boolean isNull(PNode n) {
        return n == null || (n instanceof PScalar s && s.value() == null);
    }

    /** Plain Java values (LinkedHashMap, ArrayList, scalars) of a node. */
    static Object plain(PNode n) {
        if (n instanceof PMap m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, e) -> out.put(k, plain(e.value())));
            return out;
        }
        if (n instanceof PList l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(plain(i)));
            return out;
        }
        return n == null ? null : ((PScalar) n).value();
    }

    static String describe(PNode n) {
        if (n instanceof PMap) {
            return "a mapping";
        }
        if (n instanceof PList) {
            return "a list";
        }
        return VarTypes.describe(n == null ? null : ((PScalar) n).value());
    }

    /** Parses text already read (and decrypted); {@code file} names it in positions. */
    static PNode parse(Path file, byte[] bytes) throws ConfigException {
        String text = new String(bytes, StandardCharsets.UTF_8).stripLeading();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1).stripLeading();
        }
        ConfigException jsonError = null;
        if (text.startsWith("{") || text.startsWith("[")) {
            Diagnostics d = new Diagnostics();
            try {
                PNode n = new JsonReader(file, d).read(new String(bytes, StandardCharsets.UTF_8));
                d.throwIfErrors();
                return n;
            } catch (JsonParseException e) {
                // not JSON after all: maybe YAML flow style; tried as YAML next, as Ansible does
                JsonLocation l = e.getLocation();
                jsonError = new ConfigException(new SourcePos(file, Math.max(1, l.getLineNr()),
                        Math.max(1, l.getColumnNr())), "invalid JSON: " + jsonMessage(e));
            } catch (IOException e) {
                throw new ConfigException(new SourcePos(file, 1, 1), "cannot read JSON: " + e.getMessage());
            }
        }
        YamlDoc doc;
        try {
            doc = YamlDoc.parse(file, bytes, YamlDoc.Schema.ANSIBLE);
        } catch (ConfigException yamlError) {
            // Neither: a .json file gets JSON's account of what is wrong, anything else YAML's.
            throw jsonError != null && file.toString().endsWith(".json") ? jsonError : yamlError;
        }
        Diagnostics d = new Diagnostics();
        PNode n = new YamlReader(doc, d).convert(doc.root(), 0);
        d.throwIfErrors();
        return n;
    }

    /** Parses JSON only (a dynamic inventory script's output, as Ansible's script plugin requires). */
    static PNode parseJson(Path name, String text) throws ConfigException {
        Diagnostics d = new Diagnostics();
        try {
            PNode n = new JsonReader(name, d).read(text);
            d.throwIfErrors();
            return n;
        } catch (JsonParseException e) {
            JsonLocation l = e.getLocation();
            throw new ConfigException(new SourcePos(name, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr())),
                    "expected JSON, found invalid JSON: " + jsonMessage(e));
        } catch (IOException e) {
            throw new ConfigException(new SourcePos(name, 1, 1), "cannot read JSON: " + e.getMessage());
        }
    }

    /** Jackson's message without its note about where the source is ("[Source: REDACTED ...; line: 3, ...]"). */
    private static String jsonMessage(JsonParseException e) {
        return e.getOriginalMessage().replaceAll("\\[Source: [^\\]]*?; (line: \\d+, column: \\d+)\\]", "$1")
                .replaceAll("\\s+", " ").strip();
    }

    // ------------------------------------------------------------------------------------------ YAML

    private static final class YamlReader {
        private static final int MAX_DEPTH = 40;
        private static final int MAX_VALUES = 200_000;
        private final YamlDoc doc;
        private final Diagnostics d;
        private int budget = MAX_VALUES;

        YamlReader(YamlDoc doc, Diagnostics d) {
            this.doc = doc;
            this.d = d;
        }

        PNode convert(Node n, int depth) {
            SourcePos pos = doc.pos(n);
            if (--budget < 0) {
                if (budget == -1) {
                    d.error(pos, "expected plain values, found aliases that expand to more than " + MAX_VALUES
                            + " values (YAML bomb?)");
                }
                return new PScalar(null, pos);
            }
            if (depth > MAX_DEPTH) {
                d.error(pos, "expected at most " + MAX_DEPTH + " levels of nesting, found deeper (or recursive) nesting");
                return new PScalar(null, pos);
            }
            if (n instanceof MappingNode m) {
                Map<String, PEntry> out = new LinkedHashMap<>();
                for (YamlDoc.Entry e : doc.entries(m, d)) {
                    out.put(e.key(), new PEntry(e.key(), doc.pos(e.keyNode()), convert(e.value(), depth + 1)));
                }
                return new PMap(out, pos);
            }
            if (n instanceof SequenceNode s) {
                List<PNode> out = new ArrayList<>();
                for (Node item : s.getValue()) {
                    out.add(convert(item, depth + 1));
                }
                return new PList(out, pos);
            }
            return new PScalar(AnsibleValues.plain(doc, n, d), pos);
        }
    }

    // ------------------------------------------------------------------------------------------ JSON

    private static final class JsonReader {
        private static final JsonFactory FACTORY = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                        .maxStringLength(8 * 1024 * 1024).maxNumberLength(400).build())
                .build();
        private final Path file;
        private final Diagnostics d;

        JsonReader(Path file, Diagnostics d) {
            this.file = file;
            this.d = d;
        }

        PNode read(String text) throws IOException {
            try (JsonParser p = FACTORY.createParser(text)) {
                JsonToken t = p.nextToken();
                PNode n = value(p, t);
                if (p.nextToken() != null) {
                    throw new JsonParseException(p, "expected the end of the JSON document");
                }
                return n;
            }
        }

        private SourcePos pos(JsonParser p) {
            JsonLocation l = p.currentTokenLocation();
            return new SourcePos(file, (int) Math.max(1, l.getLineNr()), (int) Math.max(1, l.getColumnNr()));
        }

        private PNode value(JsonParser p, JsonToken t) throws IOException {
            if (t == null) {
                throw new JsonParseException(p, "expected a JSON value, found the end of the text");
            }
            SourcePos pos = pos(p);
            switch (t) {
                case START_OBJECT: {
                    Map<String, PEntry> out = new LinkedHashMap<>();
                    JsonToken k;
                    while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        SourcePos keyPos = pos(p);
                        PNode v = value(p, p.nextToken());
                        PEntry first = out.putIfAbsent(key, new PEntry(key, keyPos, v));
                        if (first != null) {
                            d.error(keyPos, "duplicate key \"" + key + "\" (first at line " + first.keyPos().line() + ")");
                        }
                    }
                    if (k != JsonToken.END_OBJECT) {
                        throw new JsonParseException(p, "expected a key or }");
                    }
                    return special(out, pos);
                }
                case START_ARRAY: {
                    List<PNode> out = new ArrayList<>();
                    JsonToken i;
                    while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                        out.add(value(p, i));
                    }
                    return new PList(out, pos);
                }
                case VALUE_STRING:
                    return new PScalar(p.getText(), pos);
                case VALUE_NUMBER_INT:
                    return new PScalar(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue()
                            : (Object) p.getLongValue(), pos);
                case VALUE_NUMBER_FLOAT:
                    return new PScalar(p.getDoubleValue(), pos);
                case VALUE_TRUE:
                    return new PScalar(Boolean.TRUE, pos);
                case VALUE_FALSE:
                    return new PScalar(Boolean.FALSE, pos);
                case VALUE_NULL:
                    return new PScalar(null, pos);
                default:
                    throw new JsonParseException(p, "unexpected " + t);
            }
        }

        /** Ansible's JSON encoding of vault and unsafe values, read back. */
        private PNode special(Map<String, PEntry> m, SourcePos pos) {
            if (m.size() == 1) {
                PEntry e = m.values().iterator().next();
                if (e.value() instanceof PScalar s && s.value() instanceof String text) {
                    if (e.key().equals("__ansible_vault")) {
                        String bad = Vault.isEncrypted(text) ? Vault.malformed(text)
                                : "__ansible_vault: expected an encrypted value starting with $ANSIBLE_VAULT;, found"
                                        + " something else";
                        if (bad != null) {
                            d.error(s.pos(), bad);
                        }
                        return new PScalar(new Vaulted(text, s.pos()), pos);
                    }
                    if (e.key().equals("__ansible_unsafe")) {
                        return new PScalar(new Unsafe(text), pos);
                    }
                }
            }
            return new PMap(m, pos);
        }
    }
}
