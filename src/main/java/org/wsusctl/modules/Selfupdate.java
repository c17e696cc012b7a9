package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HttpFacts;
import org.wsusctl.contract.SiteFacts;

/**
 * {@code wsus.selfupdate}: the WSUS site has its {@code Selfupdate} virtual directory and
 * {@code /selfupdate/wuident.cab} answers 200 (wsus-catalog.md 3.3; the tips article lists Selfupdate first among
 * the services to check in "Some services are not running"). Selfupdate is plain files: it needs the site and its
 * pool, but not SQL. Report only: the supported repair is {@code wsusutil postinstall} or a role reinstall, not a
 * virtual directory made by hand.
 */
final class Selfupdate implements CheckModule {
    static final String PATH = "/selfupdate/wuident.cab";
    /** The same probe http.status makes for this path, so both share one gathering. */
    static final FactRequest PROBE = new FactRequest(HttpFacts.SECTION, Map.of("path", PATH, "url", ""));

    @Override
    public String name() {
        return "wsus.selfupdate";
    }

    @Override
    public String summary() {
        return "the Selfupdate virtual directory exists and /selfupdate/wuident.cab answers 200 (report only)";
    }

    @Override
    public String symptom() {
        return "\"Some services are not running\": Selfupdate (the first service the tips article lists)";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of();
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public Phase phase() {
        return Phase.PROOF;
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(SiteState.SITE, PROBE);
    }

    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Needs.web();
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> site = Read.facts(facts, SiteState.SITE);
        if (site.isEmpty()) {
            return Read.unreadable(facts, SiteState.SITE);
        }
        if (!site.get().get(SiteFacts.EXISTS)) {
            return Verdict.unreadable("the WSUS site was not found, so neither was Selfupdate (see iis.site.state)");
        }
        Optional<Facts> probe = Read.facts(facts, PROBE);
        if (probe.isEmpty()) {
            return Read.unreadable(facts, PROBE);
        }
        boolean vdir = Read.isTrue(site.get().get(SiteFacts.SELFUPDATE_EXISTS));
        long status = probe.get().get(HttpFacts.STATUS);
        String url = probe.get().get(HttpFacts.URL);
        Map<String, Object> observed = HttpStatus.observed(probe.get(), Verdict.values("site",
                site.get().get(SiteFacts.NAME), "virtualDirectory", vdir, "physicalPath",
                site.get().get(SiteFacts.SELFUPDATE_PATH), "url", url));
        Map<String, Object> expected = Verdict.values("virtualDirectory", true, "status", 200L);
        String answered = HttpStatus.answered(probe.get());
        if (!vdir) {
            return Verdict.drift(observed, expected, "the Selfupdate virtual directory is missing under site "
                    + site.get().get(SiteFacts.NAME) + " (" + answered + "); restore it with wsusutil postinstall or"
                    + " a WSUS role reinstall");
        }
        if (status != 200) {
            return Verdict.drift(observed, expected, "Selfupdate exists (" + site.get().get(SiteFacts.SELFUPDATE_PATH)
                    + ") but " + answered);
        }
        return Verdict.ok(observed, expected, "Selfupdate serves " + url);
    }
}
