package org.wsusctl.contract;

import java.util.List;

/** A section printed facts that are not of its declared shape: a script bug, reported as an unreadable section. */
public final class MalformedFactsException extends Exception {
    private final List<String> problems;

    public MalformedFactsException(List<String> problems) {
        super("facts not as declared: " + String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                + (problems.size() > 5 ? "; ..." : ""));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
