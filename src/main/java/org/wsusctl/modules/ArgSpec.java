package org.wsusctl.modules;

import java.util.Optional;
import java.util.regex.Pattern;
import org.wsusctl.contract.Names;

/**
 * One argument of a module.
 *
 * @param defaultValue the value when the step does not give one; {@code null} with {@code required}
 * @param allowed for strings: the shape a valid value has (e.g. an IIS pool name), checked before any host is contacted
 * @param allowedHint what {@code allowed} means, for error messages
 */
public record ArgSpec(String name, ArgType type, Object defaultValue, boolean required, String description,
        Optional<Pattern> allowed, String allowedHint, long min, long max) {

    /** Pool, service and site names: what IIS and the service control manager accept. */
    public static final Pattern SAFE_NAME = Names.SAFE_NAME;
    public static final String SAFE_NAME_HINT = Names.SAFE_NAME_HINT;

    public static ArgSpec string(String name, String defaultValue, String description) {
        return new ArgSpec(name, ArgType.STRING, defaultValue, defaultValue == null, description, Optional.empty(),
                "", 0, 0);
    }

    public static ArgSpec name(String name, String defaultValue, String description) {
        return new ArgSpec(name, ArgType.STRING, defaultValue, defaultValue == null, description,
                Optional.of(SAFE_NAME), SAFE_NAME_HINT, 0, 0);
    }

    public static ArgSpec pattern(String name, String defaultValue, Pattern allowed, String hint, String description) {
        return new ArgSpec(name, ArgType.STRING, defaultValue, defaultValue == null, description, Optional.of(allowed),
                hint, 0, 0);
    }

    /** A string that must be one of {@code choices} (e.g. {@code state: Started}). */
    public static ArgSpec choice(String name, String defaultValue, java.util.List<String> choices, String description) {
        return pattern(name, defaultValue, Pattern.compile(String.join("|", choices.stream().map(Pattern::quote).toList())),
                String.join(" or ", choices), description);
    }

    public static ArgSpec integer(String name, Long defaultValue, long min, long max, String description) {
        return new ArgSpec(name, ArgType.INT, defaultValue, defaultValue == null, description, Optional.empty(), "",
                min, max);
    }

    public static ArgSpec bool(String name, boolean defaultValue, String description) {
        return new ArgSpec(name, ArgType.BOOL, defaultValue, false, description, Optional.empty(), "", 0, 0);
    }

    public static ArgSpec list(String name, java.util.List<String> defaultValue, String description) {
        return new ArgSpec(name, ArgType.STRING_LIST, defaultValue, defaultValue == null, description,
                Optional.empty(), "", 0, 0);
    }
}
