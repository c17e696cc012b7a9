package org.wsusctl.engine;

import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.playbook.Step;

/**
 * A step bound to one host: its module and arguments, or why the arguments are invalid for this host.
 *
 * @param args {@code null} when {@code bindError} is set
 * @param implied added by wsusctl because another step needs what it checks and no step of the playbook does
 */
record PlannedStep(String playbook, Step step, WsusModule module, ModuleArgs args, String bindError,
        boolean implied) {

    boolean bound() {
        return bindError == null;
    }

    String name() {
        return step.name();
    }
}
