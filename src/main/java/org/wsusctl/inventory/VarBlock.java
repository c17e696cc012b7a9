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
        SourcePos pos, Map<String, SourcePos> simulatePositions) {

    /**
     * @param simulatePositions where each value of the {@code simulate:} mapping was written, by its key path
     *                          ({@code simulate.apppool.WsusPool.state}, {@code simulate.sql.sysadmins[0]}), so the
     *                          simulator's schema can point at the value it refuses
     */
    VarBlock {
        simulatePositions = simulatePositions == null ? Map.of() : simulatePositions;
    }

    VarBlock(Map<String, Object> free, Map<String, Setting> settings, Optional<Map<String, Object>> simulate,
            SourcePos pos) {
        this(free, settings, simulate, pos, Map.of());
    }

    /** A typed connection setting and where it was written. */
    record Setting(Object value, SourcePos pos) { }

    static VarBlock empty(SourcePos pos) {
        return new VarBlock(Map.of(), Map.of(), Optional.empty(), pos);
    }
}
