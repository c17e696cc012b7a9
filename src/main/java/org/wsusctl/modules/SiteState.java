package org.wsusctl.modules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.SiteFacts;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * {@code iis.site.state}: the IIS site WSUS installed itself in (found by IISTargetWebSiteIndex, never by its
 * localized name) is Started and bound to the WSUS port, and to the next one for HTTPS when WSUS uses SSL
 * (wsus-catalog.md 3.1; the connection-failures article: "Verify that the Default website or WSUS Administration
 * website is running"). The fix starts a Stopped site; bindings are only reported, never changed: clients' GPO URLs
 * depend on them. While it is stopped, nothing answers on the WSUS port, so it blocks every web and API check.
 */
final class SiteState implements CheckModule {
    static final FactRequest SITE = FactRequest.of(SiteFacts.SECTION);
    private static final PsScript<Mutating> FIX = PsScript.fix("iis.site.state.fix");

    @Override
    public String name() {
        return "iis.site.state";
    }

    @Override
    public String summary() {
        return "the WSUS web site is Started with its port bindings (bindings are reported, never changed)";
    }

    @Override
    public String symptom() {
        return "WSUS console \"Connection Error\" / nothing answers on http://SERVER:8530 (WSUS site stopped)";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of();
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.AUTO;
    }

    @Override
    public Phase phase() {
        return Phase.SITE;
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(WsusServices.HOST, SITE);
    }

    /** The IIS provider needs WAS; a site's runtime state, W3SVC too. */
    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Set.of(new Condition.ServiceUp(ServiceRole.WAS), new Condition.ServiceUp(ServiceRole.W3SVC));
    }

    @Override
    public Set<Condition> verifies(ModuleArgs args) {
        return Set.of(new Condition.SiteStarted());
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> host = Read.facts(facts, WsusServices.HOST);
        if (host.isEmpty()) {
            return Read.unreadable(facts, WsusServices.HOST);
        }
        if (!host.get().get(HostFacts.INSTALLED)) {
            return Verdict.notApplicable("WSUS Setup registry key not found; WSUS role not installed");
        }
        Optional<Facts> read = Read.facts(facts, SITE);
        if (read.isEmpty()) {
            return Read.unreadable(facts, SITE);
        }
        Facts f = read.get();
        Condition started = new Condition.SiteStarted();
        Long id = host.get().get(HostFacts.SITE_INDEX);
        long port = WsusPorts.http(host.get());
        List<String> want = new ArrayList<>(List.of("http on port " + port));
        if (WsusPorts.ssl(host.get())) {
            want.add("https on port " + WsusPorts.sslPort(port));
        }
        Map<String, Object> expected = Verdict.values("state", "Started");
        if (!f.get(SiteFacts.EXISTS)) {
            return Verdict.drift(Verdict.values("siteId", id, "site", null, "state", "missing"), expected,
                    "no IIS site has the ID " + id + " that WSUS registered (IISTargetWebSiteIndex); its site is gone:"
                            + " re-run wsusutil postinstall or reinstall the role").establishing(started, false);
        }
        String name = f.get(SiteFacts.NAME);
        String state = f.get(SiteFacts.STATE);
        List<String> bindings = f.get(SiteFacts.BINDINGS);
        Map<String, Object> observed = Verdict.values("siteId", id, "site", name, "state", state, "bindings", bindings);
        if (state == null) {
            return Verdict.unreadable("cannot read the state of site " + name + ": " + f.get(SiteFacts.STATE_ERROR));
        }
        List<String> missing = new ArrayList<>();
        if (!bound(bindings, "http", port)) {
            missing.add("no http binding on port " + port);
        }
        if (WsusPorts.ssl(host.get()) && !bound(bindings, "https", WsusPorts.sslPort(port))) {
            missing.add("no https binding on port " + WsusPorts.sslPort(port) + " (UsingSSL is set)");
        }
        String bindingNote = missing.isEmpty() ? "" : "; " + String.join(", ", missing) + " (bindings " + bindings
                + "; the clients' GPO URLs depend on them: wsusctl never changes them)";
        if (!missing.isEmpty()) {
            // Only then do the bindings differ from what is wanted; otherwise a report would show them as a change.
            expected.put("bindings", "including " + String.join(" and ", want));
        }
        return switch (state) {
            case "Started" -> missing.isEmpty()
                    ? Verdict.ok(observed, expected, "site " + name + " is Started on port " + port).establishing(started, true)
                    : Verdict.drift(observed, expected, "site " + name + " is Started" + bindingNote)
                            .establishing(started, bound(bindings, "http", port));
            case "Stopped" -> Verdict.drift(observed, expected, "site " + name + " is Stopped: nothing answers on port "
                    + port + bindingNote).establishing(started, false);
            default -> Verdict.undecided(observed, "site " + name + " is " + state + "; re-check later");
        };
    }

    private static boolean bound(List<String> bindings, String protocol, long port) {
        return bindings.stream().map(WsusPorts::binding).flatMap(Optional::stream)
                .anyMatch(b -> b.protocol().equals(protocol) && b.port() == port);
    }

    @Override
    public List<PsScript<Mutating>> fixScripts() {
        return List.of(FIX);
    }

    /** Only a Stopped site that exists is started; a missing binding or site is left to a person. */
    @Override
    public List<FixPlan> plan(ModuleArgs args, FactSet facts) {
        Optional<Facts> f = Read.facts(facts, SITE);
        if (f.isEmpty() || !f.get().get(SiteFacts.EXISTS) || !"Stopped".equals(f.get().get(SiteFacts.STATE))) {
            return List.of();
        }
        return List.of(new FixPlan(Phase.SITE, new ScriptCall<>(FIX, Map.of())));
    }

    /**
     * Reasons: {@code not_stopped}; {@code dependency_not_running} (WAS or W3SVC is down; detail names them);
     * {@code not_started} (it did not start, e.g. another site holds its port; detail: IIS's error).
     */
    @Override
    public String describeFix(UnitResult.Fix r) {
        return switch (r.outcome()) {
            case CHANGED -> "site started";
            case UNCHANGED -> "site was already " + r.before().get("state");
            case REFUSED -> "cannot start the site while not running: " + r.detail();
            case FAILED -> "site did not start (now " + r.after().get("state") + ")"
                    + (r.detail().isEmpty() ? "" : ": " + r.detail());
        };
    }
}
