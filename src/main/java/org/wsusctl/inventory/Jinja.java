package org.wsusctl.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of Ansible's templating that inventories use, evaluated without a Jinja engine:
 * {@code {{ name }}} (whose value may itself be a template), {@code lookup('env', 'NAME')} (with an optional
 * {@code default=}), and the {@code default(value[, true])} filter ({@code d} for short), in text like
 * {@code "{{ domain }}\\{{ user }}"}. Anything else ({@code {% %}}, attributes, subscripts, operators,
 * other filters and lookups) is refused with its offset in the text, never passed through as text. The
 * output follows Ansible 2.14: values are rendered as Python's {@code str()} does (None as an empty string),
 * and a result that reads as True, False, a list or a dict becomes that value.
 */
final class Jinja {
    /** A template Ansible would evaluate but wsusctl does not (or cannot): where, and why. */
    static class TemplateError extends Exception {
        final int offset;

        TemplateError(int offset, String message) {
            super(message);
            this.offset = offset;
        }
    }

    /** A value, and whether it is secret (vault) or came from the environment. */
    record Value(Object value, boolean secret, boolean fromEnv) {
        static Value undefined(String name) {
            return new Value(new Undefined(name), false, false);
        }
    }

    /** Jinja's Undefined: a name no variable has. */
    record Undefined(String name) { }

    /** Variables as the template sees them (already templated themselves). */
    interface Scope {
        /** The variable's value, or {@link Value#undefined}. */
        Value resolve(String name) throws TemplateError;

        /** The controller's environment, for {@code lookup('env', ...)}. */
        Map<String, String> env();
    }

    /** The result of rendering a whole string: the value, and what it was made of. */
    record Result(Object value, boolean allSecret, boolean anySecret) { }

    private Jinja() { }

    /** True when Ansible would template this string. */
    static boolean isTemplate(String s) {
        return s.contains("{{") || s.contains("{%") || s.contains("{#");
    }

    static Result render(String text, Scope scope) throws TemplateError {
        List<Object> parts = new ArrayList<>();
        boolean plainPart = false;
        boolean secretPart = false;
        int i = 0;
        while (i < text.length()) {
            int open = indexOfOpen(text, i);
            if (open < 0) {
                String lit = text.substring(i);
                parts.add(lit);
                plainPart |= !lit.isEmpty();
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
                plainPart = true;
            }
            if (text.startsWith("{%", open)) {
                throw new TemplateError(open, "\"{% ... %}\" blocks are not supported in inventory values; only"
                        + " {{ name }}, {{ lookup('env', 'NAME') }} and | default(...)");
            }
            if (text.startsWith("{#", open)) {
                throw new TemplateError(open, "\"{# ... #}\" comments are not supported in inventory values");
            }
            Parser p = new Parser(text, open + 2, scope);
            Value v = p.expression();
            p.skipSpace();
            if (!text.startsWith("}}", p.i)) {
                throw p.unsupported();
            }
            if (v.value() instanceof Undefined u) {
                throw new TemplateError(open, "\"" + u.name() + "\" is undefined (Ansible fails the same way);"
                        + " define it or add | default(...)");
            }
            parts.add(v.value());
            if (v.secret() || v.fromEnv()) {
                secretPart = true;
            } else if (!(v.value() == null || VarTypes.pyStr(v.value()).isEmpty())) {
                plainPart = true;
            }
            i = p.i + 2;
        }
        return new Result(concat(parts), secretPart && !plainPart, secretPart);
    }

    /** Ansible's ansible_eval_concat: one value stays itself (numbers and booleans kept), else text. */
    private static Object concat(List<Object> parts) {
        if (parts.size() == 1 && !(parts.get(0) instanceof String)) {
            Object only = parts.get(0);
            if (only == null) {
                return "";
            }
            if (only instanceof Long || only instanceof Double || only instanceof Boolean
                    || only instanceof java.math.BigInteger || only instanceof List || only instanceof Map) {
                return only;
            }
        }
        StringBuilder b = new StringBuilder();
        for (Object o : parts) {
            b.append(o == null ? "" : VarTypes.pyStr(o));
        }
        String out = b.toString();
        if (out.equals("True")) {
            return Boolean.TRUE;
        }
        if (out.equals("False")) {
            return Boolean.FALSE;
        }
        if (out.startsWith("[") || out.startsWith("{")) {
            Object lit = PyLiteral.parse(out);
            if (lit instanceof List || lit instanceof Map) {
                return lit;
            }
        }
        return out;
    }

    private static int indexOfOpen(String text, int from) {
        int best = -1;
        for (String o : new String[] {"{{", "{%", "{#"}) {
            int k = text.indexOf(o, from);
            if (k >= 0 && (best < 0 || k < best)) {
                best = k;
            }
        }
        return best;
    }

    /** Recursive descent over one {@code {{ ... }}} expression. */
    private static final class Parser {
        private final String s;
        private final Scope scope;
        int i;

        Parser(String s, int start, Scope scope) {
            this.s = s;
            this.i = start;
            this.scope = scope;
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        TemplateError unsupported() {
            if (i >= s.length()) {
                return new TemplateError(i, "expected \"}}\" to close \"{{\", found the end of the value");
            }
            String rest = s.substring(i, Math.min(s.length(), i + 20));
            return new TemplateError(i, "unsupported template syntax at " + org.wsusctl.config.Values.quote(rest)
                    + "; inventory values may use only {{ name }}, {{ lookup('env', 'NAME') }} and | default(...)");
        }

        Value expression() throws TemplateError {
            Value v = primary();
            while (true) {
                skipSpace();
                if (i < s.length() && s.charAt(i) == '|') {
                    i++;
                    v = filter(v);
                } else {
                    return v;
                }
            }
        }

        private Value filter(Value v) throws TemplateError {
            skipSpace();
            int at = i;
            String name = name();
            if (name == null) {
                throw unsupported();
            }
            if (!name.equals("default") && !name.equals("d")) {
                throw new TemplateError(at, "the filter \"" + name + "\" is not supported in inventory values;"
                        + " only default(...) is");
            }
            Value dflt = new Value("", false, false);
            boolean ifFalsy = false;
            skipSpace();
            if (i < s.length() && s.charAt(i) == '(') {
                i++;
                List<Value> args = args();
                if (args.size() > 2) {
                    throw new TemplateError(at, "default takes a value and an optional true/false");
                }
                if (!args.isEmpty()) {
                    dflt = args.get(0);
                }
                if (args.size() == 2) {
                    Boolean b = VarTypes.asBool(args.get(1).value());
                    ifFalsy = b != null && b;
                }
            }
            if (v.value() instanceof Undefined || (ifFalsy && falsy(v.value()))) {
                return dflt;
            }
            return v;
        }

        private static boolean falsy(Object v) {
            return v == null || Boolean.FALSE.equals(v) || "".equals(v) || Long.valueOf(0).equals(v)
                    || (v instanceof List<?> l && l.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty());
        }

        private List<Value> args() throws TemplateError {
            List<Value> out = new ArrayList<>();
            skipSpace();
            if (i < s.length() && s.charAt(i) == ')') {
                i++;
                return out;
            }
            while (true) {
                out.add(expression());
                skipSpace();
                if (i < s.length() && s.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < s.length() && s.charAt(i) == ')') {
                    i++;
                    return out;
                }
                throw unsupported();
            }
        }

        private Value primary() throws TemplateError {
            skipSpace();
            if (i >= s.length()) {
                throw unsupported();
            }
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                return new Value(string(), false, false);
            }
            if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int start = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                Object n = PyLiteral.parse(s.substring(start, i));
                if (n instanceof String) {
                    throw unsupported();
                }
                return new Value(n, false, false);
            }
            if (c == '(') {
                i++;
                Value v = expression();
                skipSpace();
                if (i >= s.length() || s.charAt(i) != ')') {
                    throw unsupported();
                }
                i++;
                return v;
            }
            int at = i;
            String name = name();
            if (name == null) {
                throw unsupported();
            }
            switch (name) {
                case "true": case "True":
                    return new Value(Boolean.TRUE, false, false);
                case "false": case "False":
                    return new Value(Boolean.FALSE, false, false);
                case "none": case "None":
                    return new Value(null, false, false);
                case "lookup":
                    return lookup(at);
                case "query": case "q":
                    throw new TemplateError(at, name + "(...) is not supported in inventory values; use"
                            + " lookup('env', 'NAME')");
                default:
                    break;
            }
            skipSpace();
            if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == '[' || s.charAt(i) == '(')) {
                throw new TemplateError(i, "\"" + name + s.charAt(i) + "...\": attributes, subscripts and calls are"
                        + " not supported in inventory values; only {{ name }}");
            }
            return scope.resolve(name);
        }

        private Value lookup(int at) throws TemplateError {
            skipSpace();
            if (i >= s.length() || s.charAt(i) != '(') {
                throw unsupported();
            }
            i++;
            skipSpace();
            String plugin = s.charAt(i) == '\'' || s.charAt(i) == '"' ? string() : null;
            if (plugin == null || !(plugin.equals("env") || plugin.equals("ansible.builtin.env"))) {
                throw new TemplateError(at, "lookup('" + plugin + "', ...) is not supported in inventory values;"
                        + " only lookup('env', 'NAME') (keep files and secrets in vault, or use winrm_password_file)");
            }
            List<String> terms = new ArrayList<>();
            Value dflt = new Value("", false, true);
            while (true) {
                skipSpace();
                if (i < s.length() && s.charAt(i) == ')') {
                    i++;
                    break;
                }
                if (i >= s.length() || s.charAt(i) != ',') {
                    throw unsupported();
                }
                i++;
                skipSpace();
                int save = i;
                String kw = name();
                skipSpace();
                if (kw != null && i < s.length() && s.charAt(i) == '=') {
                    i++;
                    if (!kw.equals("default")) {
                        throw new TemplateError(save, "lookup('env') takes only the default= option, found " + kw);
                    }
                    dflt = expression();
                    continue;
                }
                i = save;
                Value t = expression();
                if (!(t.value() instanceof String term)) {
                    throw new TemplateError(save, "lookup('env', ...): expected the name of an environment variable");
                }
                terms.add(term);
            }
            if (terms.size() != 1) {
                throw new TemplateError(at, "lookup('env', ...): expected exactly one variable name, found "
                        + terms.size());
            }
            String var = terms.get(0).strip().split("\\s+")[0];
            String v = scope.env().get(var);
            return v == null ? new Value(dflt.value(), dflt.secret(), true) : new Value(v, false, true);
        }

        private String name() {
            int start = i;
            if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                return s.substring(start, i);
            }
            return null;
        }

        private String string() throws TemplateError {
            char q = s.charAt(i++);
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == q) {
                    return b.toString();
                }
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': b.append('\n'); break;
                        case 't': b.append('\t'); break;
                        case 'r': b.append('\r'); break;
                        case '\\': case '\'': case '"': b.append(e); break;
                        default: b.append('\\').append(e);
                    }
                    continue;
                }
                b.append(c);
            }
            throw new TemplateError(i, "expected a closing quote " + q + ", found the end of the value");
        }
    }
}
