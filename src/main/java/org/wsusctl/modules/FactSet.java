package org.wsusctl.modules;

import java.util.LinkedHashMap;
import java.util.Map;

/** The facts gathered on one host in one pass, by request. */
public final class FactSet {
    private final Map<FactRequest, SectionResult> results;

    public FactSet(Map<FactRequest, SectionResult> results) {
        this.results = new LinkedHashMap<>(results);
    }

    /** The result for a request; a request that was not gathered is a planning bug, reported as unavailable. */
    public SectionResult result(FactRequest request) {
        SectionResult r = results.get(request);
        return r != null ? r : new SectionResult.Unavailable("section " + request + " was not gathered");
    }

    public Map<FactRequest, SectionResult> all() {
        return java.util.Collections.unmodifiableMap(results);
    }
}
