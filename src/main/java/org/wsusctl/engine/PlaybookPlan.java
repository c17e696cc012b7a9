package org.wsusctl.engine;

import java.util.List;
import org.wsusctl.inventory.Host;
import org.wsusctl.playbook.Playbook;

/** A playbook and the hosts it runs on (its {@code hosts:} pattern intersected with {@code --limit}). */
public record PlaybookPlan(Playbook playbook, List<Host> hosts) { }
