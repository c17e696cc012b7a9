package org.wsusctl.config;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Plain-scalar typing close to YAML 1.2's core schema: only {@code true/false} are booleans, so a pool
 * named {@code Off} or a state {@code no} stays a string (YAML 1.1 would turn them into booleans).
 * Timestamps, merge keys and sexagesimal numbers are not recognised either.
 */
final class Yaml12Resolver extends Resolver {
    private static final Pattern BOOL12 = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern INT12 = Pattern.compile("^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$");
    private static final Pattern FLOAT12 = Pattern.compile(
            "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
    private static final Pattern NULL12 = Pattern.compile("^(?:~|null|Null|NULL|)$");

    @Override
    protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, BOOL12, "tTfF");
        addImplicitResolver(Tag.INT, INT12, "-+0123456789");
        addImplicitResolver(Tag.FLOAT, FLOAT12, "-+0123456789.");
        addImplicitResolver(Tag.NULL, NULL12, "~nN\0");
        addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
    }
}
