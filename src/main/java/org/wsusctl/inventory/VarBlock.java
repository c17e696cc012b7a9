package org.wsusctl.inventory;

import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.SourcePos;

/**
 * The variables declared in one place (a group's {@code vars:} or one host entry), validated and split:
 * free-form variables for templating, typed connection settings under their canonical names, and the
 * {@code simulate:} mapping.
 */
record VarBlock(Map<String, Object> free, Map<String, Setting> settings, Optional<Map<String, Object>> simulate,
        SourcePos pos) {

    /** A typed connection setting and where it was written. */
    record Setting(Object value, SourcePos pos) { }

    static VarBlock empty(SourcePos pos) {
        return new VarBlock(Map.of(), Map.of(), Optional.empty(), pos);
    }
}
