package org.wsusctl.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.YamlDoc;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns an inventory's YAML nodes into plain values the way Ansible's loader types them: YAML 1.1
 * integers (octal {@code 0755}, binary, sexagesimal, any size), floats, booleans, {@code !vault}
 * scalars (kept encrypted as {@link Vaulted}) and {@code !unsafe} strings. Bounded like
 * {@link YamlDoc#plain}: alias expansion and nesting cannot exhaust memory or the stack.
 */
final class AnsibleValues {
    static final String VAULT_TAG = "!vault";
    static final String UNSAFE_TAG = "!unsafe";
    private static final int MAX_DEPTH = 40;
    private static final int MAX_VALUES = 200_000;

    private final YamlDoc doc;
    private final Diagnostics d;
    private int budget = MAX_VALUES;
    private final Set<Node> path = Collections.newSetFromMap(new IdentityHashMap<>());

    private AnsibleValues(YamlDoc doc, Diagnostics d) {
        this.doc = doc;
        this.d = d;
    }

    /** The plain value of {@code n}; problems are reported to {@code d} and the value is then null. */
    static Object plain(YamlDoc doc, Node n, Diagnostics d) {
        AnsibleValues v = new AnsibleValues(doc, d);
        try {
            return v.convert(n, 0);
        } catch (TooBig e) {
            d.error(doc.pos(n), "expected plain values, found aliases that expand to more than " + MAX_VALUES
                    + " values (YAML bomb?)");
            return null;
        }
    }

    private static final class TooBig extends RuntimeException {
        TooBig() {
            super(null, null, false, false);
        }
    }

    private Object convert(Node n, int depth) {
        if (--budget < 0) {
            throw new TooBig();
        }
        if (depth > MAX_DEPTH || !path.add(n)) {
            d.error(doc.pos(n), "expected at most " + MAX_DEPTH + " levels of nesting, found deeper (or recursive) nesting");
            return null;
        }
        try {
            if (n instanceof MappingNode m) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (YamlDoc.Entry e : doc.entries(m, d)) {
                    out.put(e.key(), convert(e.value(), depth + 1));
                }
                return out;
            }
            if (n instanceof SequenceNode s) {
                List<Object> out = new ArrayList<>();
                for (Node item : s.getValue()) {
                    out.add(convert(item, depth + 1));
                }
                return out;
            }
            return scalar((ScalarNode) n);
        } finally {
            path.remove(n);
        }
    }

    private Object scalar(ScalarNode s) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (VAULT_TAG.equals(tag.getValue())) {
            if (!Vault.isEncrypted(v)) {
                d.error(doc.pos(s), "!vault: expected an encrypted value starting with $ANSIBLE_VAULT;, found"
                        + " something else");
                return null;
            }
            String bad = Vault.malformed(v);
            if (bad != null) {
                d.error(doc.pos(s), bad);
                return null;
            }
            return new Vaulted(v, doc.pos(s));
        }
        if (UNSAFE_TAG.equals(tag.getValue())) {
            return new Unsafe(v);
        }
        return typed(tag, v, s);
    }

    private Object typed(Tag tag, String v, ScalarNode s) {
        if (Tag.STR.equals(tag) || Tag.TIMESTAMP.equals(tag)) {
            return v; // Ansible prints dates as written (ISO form); wsusctl keeps the text
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return org.wsusctl.config.Values.parseBool(v).orElse(null);
        }
        if (Tag.INT.equals(tag)) {
            Object i = yaml11Int(v);
            return i == null ? v : i;
        }
        if (Tag.FLOAT.equals(tag)) {
            Double f = yaml11Float(v);
            return f == null ? v : f;
        }
        d.error(doc.pos(s), "expected a plain value, found the tag " + tag.getValue()
                + " (Ansible's tags are !vault and !unsafe)");
        return null;
    }

    /** PyYAML's construct_yaml_int: sign, 0b, 0x, leading-0 octal, sexagesimal, underscores; any size. */
    static Object yaml11Int(String text) {
        String v = text.replace("_", "");
        int sign = 1;
        if (v.startsWith("-")) {
            sign = -1;
            v = v.substring(1);
        } else if (v.startsWith("+")) {
            v = v.substring(1);
        }
        try {
            BigInteger value;
            if (v.equals("0")) {
                value = BigInteger.ZERO;
            } else if (v.startsWith("0b")) {
                value = new BigInteger(v.substring(2), 2);
            } else if (v.startsWith("0x")) {
                value = new BigInteger(v.substring(2), 16);
            } else if (v.startsWith("0")) {
                value = new BigInteger(v.substring(1), 8);
            } else if (v.contains(":")) {
                value = BigInteger.ZERO;
                for (String part : v.split(":")) {
                    value = value.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
                }
            } else {
                value = new BigInteger(v);
            }
            value = sign < 0 ? value.negate() : value;
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** PyYAML's construct_yaml_float, sexagesimal and underscores included. */
    static Double yaml11Float(String text) {
        String v = text.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        double sign = 1;
        if (v.startsWith("-")) {
            sign = -1;
            v = v.substring(1);
        } else if (v.startsWith("+")) {
            v = v.substring(1);
        }
        try {
            if (v.equals(".inf")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (v.equals(".nan")) {
                return Double.NaN;
            }
            if (v.contains(":")) {
                double value = 0;
                for (String part : v.split(":")) {
                    value = value * 60 + Double.parseDouble(part);
                }
                return sign * value;
            }
            return sign * Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
