package org.wsusctl.inventory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code ast.literal_eval} for the values of an INI inventory, which Ansible's ini plugin
 * passes through it ({@code _parse_value}): numbers, quoted strings, True/False/None, lists, tuples,
 * dicts and sets. Anything it cannot read stays the text it was (as in Ansible, where the ValueError or
 * SyntaxError is swallowed). Complex numbers and f-strings are left as text.
 */
final class PyLiteral {
    private static final int MAX_DEPTH = 40;
    private final String s;
    private int i;
    private int depth;

    private PyLiteral(String s) {
        this.s = s;
    }

    /** The value Ansible's INI parser makes of {@code text}. */
    static Object parse(String text) {
        // Python 3.11's literal_eval strips leading spaces and tabs before parsing.
        String t = text.replaceFirst("^[ \\t]+", "");
        try {
            PyLiteral p = new PyLiteral(t);
            Object v = p.value();
            p.skipSpace();
            if (p.i != t.length()) {
                return text;
            }
            return v;
        } catch (Bad e) {
            return text;
        }
    }

    private static final class Bad extends Exception {
        Bad() {
            super(null, null, false, false);
        }
    }

    private void skipSpace() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\f') {
                i++;
            } else if (c == '#') {
                i = s.length(); // a comment runs to the end of the (single) line
            } else {
                return;
            }
        }
    }

    private boolean eat(char c) {
        skipSpace();
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private Object value() throws Bad {
        if (++depth > MAX_DEPTH) {
            throw new Bad();
        }
        try {
            skipSpace();
            if (i >= s.length()) {
                throw new Bad();
            }
            char c = s.charAt(i);
            if (c == '[') {
                i++;
                return new ArrayList<>(items(']'));
            }
            if (c == '(') {
                i++;
                List<Object> items = new ArrayList<>();
                boolean tuple = false;
                if (eat(')')) {
                    return items;
                }
                items.add(value());
                while (eat(',')) {
                    tuple = true;
                    if (eat(')')) {
                        return items;
                    }
                    items.add(value());
                }
                if (!eat(')')) {
                    throw new Bad();
                }
                return tuple ? items : items.get(0);
            }
            if (c == '{') {
                i++;
                return dictOrSet();
            }
            if (c == '-' || c == '+') {
                i++;
                Object v = value();
                if (v instanceof Long l) {
                    return c == '-' ? -l : l;
                }
                if (v instanceof BigInteger b) {
                    return c == '-' ? b.negate() : b;
                }
                if (v instanceof Double d) {
                    return c == '-' ? -d : d;
                }
                throw new Bad();
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                return number();
            }
            if (Character.isLetter(c) || c == '_' || c == '"' || c == '\'') {
                return nameOrString();
            }
            throw new Bad();
        } finally {
            depth--;
        }
    }

    private List<Object> items(char close) throws Bad {
        List<Object> out = new ArrayList<>();
        if (eat(close)) {
            return out;
        }
        out.add(value());
        while (eat(',')) {
            if (eat(close)) {
                return out;
            }
            out.add(value());
        }
        if (!eat(close)) {
            throw new Bad();
        }
        return out;
    }

    private Object dictOrSet() throws Bad {
        if (eat('}')) {
            return new LinkedHashMap<String, Object>();
        }
        Object first = value();
        if (eat(':')) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(VarTypes.pyStr(first), value());
            while (eat(',')) {
                if (eat('}')) {
                    return m;
                }
                Object k = value();
                if (!eat(':')) {
                    throw new Bad();
                }
                m.put(VarTypes.pyStr(k), value());
            }
            if (!eat('}')) {
                throw new Bad();
            }
            return m;
        }
        List<Object> set = new ArrayList<>();
        set.add(first);
        while (eat(',')) {
            if (eat('}')) {
                return set;
            }
            Object v = value();
            if (!set.contains(v)) {
                set.add(v);
            }
        }
        if (!eat('}')) {
            throw new Bad();
        }
        return set;
    }

    private Object number() throws Bad {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.'
                || ((s.charAt(i) == '+' || s.charAt(i) == '-') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
            i++;
        }
        String t = s.substring(start, i);
        if (t.contains("__") || t.endsWith("_") || t.contains("_.") || t.contains("._")) {
            throw new Bad();
        }
        String n = t.replace("_", "").toLowerCase(java.util.Locale.ROOT);
        try {
            if (n.startsWith("0x")) {
                return small(new BigInteger(n.substring(2), 16));
            }
            if (n.startsWith("0o")) {
                return small(new BigInteger(n.substring(2), 8));
            }
            if (n.startsWith("0b")) {
                return small(new BigInteger(n.substring(2), 2));
            }
            if (n.matches("[0-9]+")) {
                if (n.length() > 1 && n.startsWith("0") && !n.matches("0+")) {
                    throw new Bad(); // Python 3: leading zeros in a decimal literal are a SyntaxError
                }
                return small(new BigInteger(n));
            }
            if (n.matches("([0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)(e[-+]?[0-9]+)?")) {
                return Double.parseDouble(n);
            }
        } catch (NumberFormatException e) {
            throw new Bad();
        }
        throw new Bad(); // complex (1j) and the like: left as text
    }

    private static Object small(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private Object nameOrString() throws Bad {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        String word = s.substring(start, i);
        if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"') && word.matches("(?i)(r|u|b|br|rb)?")) {
            String prefix = word.toLowerCase(java.util.Locale.ROOT);
            StringBuilder out = new StringBuilder(string(prefix.contains("r"), prefix.contains("b")));
            // Adjacent literals concatenate: 'a' 'b' is 'ab'.
            while (true) {
                int save = i;
                skipSpace();
                int w = i;
                while (i < s.length() && Character.isLetter(s.charAt(i))) {
                    i++;
                }
                String p2 = s.substring(w, i).toLowerCase(java.util.Locale.ROOT);
                if (i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"') && p2.matches("(r|u|b|br|rb)?")) {
                    out.append(string(p2.contains("r"), p2.contains("b")));
                } else {
                    i = save;
                    return out.toString();
                }
            }
        }
        switch (word) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                throw new Bad(); // a name: not a literal
        }
    }

    private String string(boolean raw, boolean bytes) throws Bad {
        char q = s.charAt(i);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), i);
        i += triple ? 3 : 1;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw new Bad();
            }
            char c = s.charAt(i);
            if (triple ? s.startsWith(String.valueOf(q).repeat(3), i) : c == q) {
                i += triple ? 3 : 1;
                String out = b.toString();
                return bytes ? new String(out.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : out;
            }
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(i + 1);
                if (raw) {
                    b.append(c).append(e);
                    i += 2;
                    continue;
                }
                i += 2;
                switch (e) {
                    case '\\': b.append('\\'); break;
                    case '\'': b.append('\''); break;
                    case '"': b.append('"'); break;
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'a': b.append('\u0007'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'v': b.append('\u000b'); break;
                    case 'x': b.appendCodePoint(hex(2)); break;
                    case 'u':
                        if (bytes) {
                            b.append("\\u");
                        } else {
                            b.appendCodePoint(hex(4));
                        }
                        break;
                    case 'U':
                        if (bytes) {
                            b.append("\\U");
                        } else {
                            b.appendCodePoint(hex(8));
                        }
                        break;
                    default:
                        if (e >= '0' && e <= '7') {
                            int v = e - '0';
                            for (int k = 0; k < 2 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7'; k++) {
                                v = v * 8 + (s.charAt(i++) - '0');
                            }
                            b.appendCodePoint(v);
                        } else if (e == 'N') {
                            throw new Bad();
                        } else {
                            b.append('\\').append(e); // unknown escapes keep the backslash
                        }
                }
                continue;
            }
            b.append(c);
            i++;
        }
    }

    private int hex(int n) throws Bad {
        if (i + n > s.length()) {
            throw new Bad();
        }
        try {
            int v = Integer.parseUnsignedInt(s.substring(i, i + n), 16);
            i += n;
            if (v > 0x10FFFF) {
                throw new Bad();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new Bad();
        }
    }
}
