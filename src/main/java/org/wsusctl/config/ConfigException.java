package org.wsusctl.config;

import java.util.List;
import java.util.stream.Collectors;

/** An invalid playbook, inventory or credential source (exit code 4). Carries every diagnostic found. */
public final class ConfigException extends Exception {
    private final List<Diagnostic> diagnostics;

    public ConfigException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ConfigException(SourcePos pos, String message) {
        this(List.of(new Diagnostic(pos, message)));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
