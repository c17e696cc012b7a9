package org.wsusctl.modules;

import java.util.Optional;
import java.util.regex.Pattern;

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
    public static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9 ._$#()-]{1,128}");
    public static final String SAFE_NAME_HINT = "a name of 1-128 letters, digits, spaces and . _ $ # ( ) -";

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
