package org.wsusctl.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one templating form wsusctl knows: {@code {{ name }}}, replaced by a variable's value. There are no
 * filters, lookups or expressions: values reach PowerShell as data, and a small language is one that can
 * be checked before any host is contacted.
 */
public final class Templates {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*");
    static final String ONLY_NAMES = "only {{ name }} substitution is supported (no filters, lookups or expressions)";

    private Templates() { }

    /** True when the text contains a template (or something that tries to be one). */
    public static boolean has(String text) {
        return text.contains("{{") || text.contains("}}");
    }

    /**
     * The variable names a text refers to.
     *
     * @throws IllegalArgumentException when a template is not a plain name or braces do not pair up
     */
    public static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TEMPLATE.matcher(text);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            Matcher n = NAME.matcher(m.group(1));
            if (!n.matches()) {
                throw new IllegalArgumentException("expected {{ name }}, found \"{{" + m.group(1) + "}}\"; "
                        + ONLY_NAMES);
            }
            out.add(n.group(1));
            rest.append(text, last, m.start());
            last = m.end();
        }
        rest.append(text.substring(last));
        if (rest.indexOf("{{") >= 0 || rest.indexOf("}}") >= 0) {
            throw new IllegalArgumentException("expected \"{{ name }}\" with matching braces, found \"" + text + "\"");
        }
        return out;
    }

    /**
     * Fills the templates of {@code text}. A text that is exactly one template keeps the variable's type
     * (a number stays a number, a list a list); templates inside longer text are replaced by the value's text.
     */
    public static Object substitute(String text, Map<String, Object> vars, String where) throws ArgException {
        List<String> names;
        try {
            names = names(text);
        } catch (IllegalArgumentException e) {
            throw new ArgException(where + ": " + e.getMessage());
        }
        if (names.isEmpty()) {
            return text;
        }
        for (String n : names) {
            if (!vars.containsKey(n) || vars.get(n) == null) {
                throw new ArgException(where + ": expected a value for variable \"" + n + "\", found it undefined;"
                        + " define it in the playbook's vars or the host's inventory variables");
            }
        }
        Matcher whole = TEMPLATE.matcher(text.strip());
        if (names.size() == 1 && whole.matches()) {
            return vars.get(names.get(0));
        }
        StringBuilder b = new StringBuilder();
        Matcher m = TEMPLATE.matcher(text);
        int last = 0;
        while (m.find()) {
            Object v = vars.get(NAME.matcher(m.group(1)).replaceAll("$1"));
            if (v instanceof Map || v instanceof List) {
                throw new ArgException(where + ": expected a text or number variable inside \"" + text
                        + "\", found a " + (v instanceof Map ? "mapping" : "list"));
            }
            b.append(text, last, m.start()).append(v);
            last = m.end();
        }
        return b.append(text.substring(last)).toString();
    }
}
