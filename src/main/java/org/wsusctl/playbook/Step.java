package org.wsusctl.playbook;

import java.util.List;
import java.util.Map;
import org.wsusctl.config.SourcePos;

/**
 * One step (or handler) of a playbook.
 *
 * @param args raw arguments; strings may hold {@code {{ var }}} templates resolved per host
 * @param fix {@code false} keeps the step check-only even in apply
 * @param approve allows a privileged or disruptive fix (e.g. a sysadmin grant)
 */
public record Step(
        String name,
        String module,
        Map<String, Object> args,
        boolean fix,
        boolean approve,
        List<String> notifies,
        List<String> tags,
        SourcePos pos) { }
