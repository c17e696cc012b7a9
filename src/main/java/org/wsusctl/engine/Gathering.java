package org.wsusctl.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.contract.MalformedFactsException;
import org.wsusctl.contract.Sections;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.FactRequest;
import org.wsusctl.modules.FactSet;
import org.wsusctl.modules.SectionResult;
import org.wsusctl.modules.Verdict;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.ReadOnly;
import org.wsusctl.remote.UnitResult;

/**
 * A host's facts for a set of steps: which sections to gather (each once, in {@link Sections} order, so IIS is
 * read after the service manager), what the gathered lines mean, and the verdicts of the steps over them.
 */
final class Gathering {
    private static final Logger LOG = LogManager.getLogger(Gathering.class);

    private Gathering() { }

    /** The distinct sections the bound check steps read, in gathering order. */
    static List<FactRequest> requests(List<PlannedStep> steps) {
        Set<FactRequest> distinct = new LinkedHashSet<>();
        for (PlannedStep p : steps) {
            if (p.bound() && p.module() instanceof CheckModule m) {
                distinct.addAll(m.facts(p.args()));
            }
        }
        List<FactRequest> out = new ArrayList<>(distinct);
        out.sort((a, b) -> Integer.compare(Sections.order(a.section()), Sections.order(b.section())));
        return out;
    }

    static List<ScriptCall<ReadOnly>> calls(List<FactRequest> requests) {
        return requests.stream().map(FactRequest::call).toList();
    }

    /** The results of gathering {@code requests} (in order), each checked against its section's declared shape. */
    static FactSet read(List<FactRequest> requests, List<UnitResult> results) {
        Map<FactRequest, SectionResult> out = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            FactRequest r = requests.get(i);
            UnitResult u = i < results.size() ? results.get(i) : new UnitResult.Error("no result");
            out.put(r, section(r, u));
        }
        return new FactSet(out);
    }

    private static SectionResult section(FactRequest r, UnitResult u) {
        if (u instanceof UnitResult.Facts f) {
            try {
                return new SectionResult.Gathered(org.wsusctl.contract.Facts.of(r.section().shape(), f.facts()),
                        f.collectedUtc());
            } catch (MalformedFactsException e) {
                return new SectionResult.Unavailable("script " + r.section().scriptId() + " printed "
                        + e.getMessage());
            }
        }
        if (u instanceof UnitResult.Error e) {
            return new SectionResult.Unavailable(e.message());
        }
        return new SectionResult.Unavailable("script " + r.section().scriptId() + " printed a fix result");
    }

    /** Each bound check step's verdict (null for unbound and action steps). */
    static List<Verdict> evaluate(List<PlannedStep> steps, FactSet facts) {
        List<Verdict> out = new ArrayList<>();
        for (PlannedStep p : steps) {
            if (!p.bound() || !(p.module() instanceof CheckModule m)) {
                out.add(null);
                continue;
            }
            try {
                out.add(m.evaluate(p.args(), facts));
            } catch (RuntimeException e) {
                // One module's bug must not cost the host its other verdicts.
                LOG.debug("module {} failed to evaluate", m.name(), e);
                out.add(Verdict.unreadable("internal error evaluating " + m.name() + ": " + e));
            }
        }
        return out;
    }
}
