package org.wsusctl.engine;

import java.util.Map;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.playbook.Step;

/** Turns a step's raw arguments into validated module arguments for one host (templates, defaults, types). */
@FunctionalInterface
public interface ArgBinder {

    /**
     * @param vars the playbook's vars with the host's vars on top
     * @throws IllegalArgumentException with a message fit for the report when an argument is invalid for this host
     */
    ModuleArgs bind(WsusModule module, Step step, Map<String, Object> vars);
}
