package org.wsusctl.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the facts a section prints, typed by its {@link Field}s: what the simulator uses so that its model
 * produces exactly the declared names and types. {@link #build()} refuses facts that do not conform (a field
 * left out, a null where none is allowed), so a model can never drift from the declared shape unnoticed.
 */
public final class FactsBuilder {
    private final Shape shape;
    private final Map<String, Object> values = new LinkedHashMap<>();

    public FactsBuilder(Shape shape) {
        this.shape = shape;
    }

    public <T> FactsBuilder put(Field<T> f, T value) {
        if (!shape.declares(f)) {
            throw new IllegalArgumentException("fact " + f + " is not declared by this shape");
        }
        values.put(f.name(), value instanceof List<?> l ? new ArrayList<>(l) : value);
        return this;
    }

    /** A list fact of objects, each built by its own builder of the field's item shape. */
    public FactsBuilder putObjects(Field<List<Facts>> f, List<FactsBuilder> items) {
        if (!shape.declares(f)) {
            throw new IllegalArgumentException("fact " + f + " is not declared by this shape");
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        for (FactsBuilder b : items) {
            if (b.shape != f.items()) {
                throw new IllegalArgumentException(f + ": item built with another shape");
            }
            maps.add(b.build());
        }
        values.put(f.name(), maps);
        return this;
    }

    /** The facts as a JSON-ready map, checked against the shape. */
    public Map<String, Object> build() {
        List<String> problems = shape.problems(values);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("facts not as declared: " + problems);
        }
        return new LinkedHashMap<>(values);
    }
}
