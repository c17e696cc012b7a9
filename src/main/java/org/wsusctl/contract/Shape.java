package org.wsusctl.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fields of a fact object: a section's facts, or each object of a list fact. */
public final class Shape {
    private final Map<String, Field<?>> fields = new LinkedHashMap<>();

    public Shape(Field<?>... fields) {
        for (Field<?> f : fields) {
            if (this.fields.put(f.name(), f) != null) {
                throw new IllegalArgumentException("field " + f.name() + " declared twice");
            }
        }
    }

    public List<Field<?>> fields() {
        return List.copyOf(fields.values());
    }

    public boolean declares(Field<?> f) {
        return f.equals(fields.get(f.name()));
    }

    /**
     * What is wrong with {@code values} as facts of this shape: a missing or unknown name, a null that is not
     * allowed, a value of another type. Empty when it conforms.
     */
    public List<String> problems(Map<?, ?> values) {
        List<String> out = new ArrayList<>();
        check("", values, out);
        return out;
    }

    void check(String prefix, Map<?, ?> values, List<String> out) {
        for (Object k : values.keySet()) {
            if (!(k instanceof String s) || !fields.containsKey(s)) {
                out.add(prefix + k + ": not a declared fact");
            }
        }
        for (Field<?> f : fields.values()) {
            String at = prefix + f.name();
            if (!values.containsKey(f.name())) {
                out.add(at + ": missing");
                continue;
            }
            Object v = values.get(f.name());
            if (v == null) {
                if (!f.nullable()) {
                    out.add(at + ": null, expected " + f.type().powerShell());
                }
                continue;
            }
            if (!Facts.conforms(f, v)) {
                out.add(at + ": expected " + f.type().powerShell() + ", found " + v.getClass().getSimpleName()
                        + " " + v);
                continue;
            }
            if (f.type() == FactType.OBJECT_LIST) {
                List<?> items = Facts.asList(v);
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof Map<?, ?> m) {
                        f.items().check(at + "[" + i + "].", m, out);
                    } else {
                        out.add(at + "[" + i + "]: expected an object");
                    }
                }
            }
        }
    }
}
