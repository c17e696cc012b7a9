package org.wsusctl.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of an input before failing, so users fix them all in one round. */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();

    public void error(SourcePos pos, String message) {
        all.add(new Diagnostic(pos, message));
    }

    public boolean hasErrors() {
        return !all.isEmpty();
    }

    public List<Diagnostic> all() {
        List<Diagnostic> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing((Diagnostic d) -> String.valueOf(d.pos().file()))
                .thenComparingInt(d -> d.pos().line())
                .thenComparingInt(d -> d.pos().column()));
        return sorted;
    }

    public void throwIfErrors() throws ConfigException {
        if (hasErrors()) {
            throw new ConfigException(all());
        }
    }
}
