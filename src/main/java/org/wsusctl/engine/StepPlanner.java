package org.wsusctl.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.Condition;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.playbook.Playbook;
import org.wsusctl.playbook.Step;

/**
 * Binds a playbook's steps to one host, and adds the checks that must run for the verdicts to name their cause:
 * when a step needs a condition (the WSUS API needs WsusPool, IIS and SQL) that no step of the playbook
 * establishes, an implied, check-only step establishes it. Implied steps follow the playbook's own steps, so those
 * keep their positions in every report.
 */
final class StepPlanner {
    static final String IMPLIED_PREFIX = "(prerequisite) ";

    private final ModuleRegistry modules;
    private final ArgBinder binder;

    StepPlanner(ModuleRegistry modules, ArgBinder binder) {
        this.modules = modules;
        this.binder = binder;
    }

    List<PlannedStep> steps(Playbook pb, Map<String, Object> vars) {
        return withPrerequisites(pb.source().toString(), bind(pb, pb.steps(), vars));
    }

    List<PlannedStep> handlers(Playbook pb, Map<String, Object> vars) {
        return bind(pb, pb.handlers(), vars);
    }

    private List<PlannedStep> bind(Playbook pb, List<Step> steps, Map<String, Object> vars) {
        List<PlannedStep> planned = new ArrayList<>();
        String source = pb.source().toString();
        for (Step s : steps) {
            WsusModule module = modules.find(s.module())
                    .orElseThrow(() -> new IllegalStateException("unknown module " + s.module() + " passed validation"));
            try {
                planned.add(new PlannedStep(source, s, module, binder.bind(module, s, vars), null, false));
            } catch (IllegalArgumentException e) {
                planned.add(new PlannedStep(source, s, module, null, "invalid arguments: " + e.getMessage(), false));
            }
        }
        return planned;
    }

    private List<PlannedStep> withPrerequisites(String source, List<PlannedStep> steps) {
        Map<Condition, Boolean> established = new LinkedHashMap<>();
        for (PlannedStep p : steps) {
            if (p.bound() && p.module() instanceof CheckModule m) {
                m.verifies(p.args()).forEach(c -> established.put(c, true));
            }
        }
        List<PlannedStep> out = new ArrayList<>(steps);
        for (PlannedStep p : steps) {
            if (p.bound() && p.module() instanceof CheckModule m) {
                for (Condition c : m.requires(p.args())) {
                    if (established.containsKey(c)) {
                        continue;
                    }
                    ModuleRegistry.ImpliedCheck check = modules.impliedCheckFor(c);
                    Step step = new Step(IMPLIED_PREFIX + check.name(), check.module().name(), check.args(), false,
                            false, List.of(), List.of("prerequisite"), p.step().pos());
                    out.add(new PlannedStep(source, step, check.module(), check.moduleArgs(), null, true));
                    check.module().verifies(check.moduleArgs()).forEach(v -> established.put(v, true));
                }
            }
        }
        return out;
    }
}
