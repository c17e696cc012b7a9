package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.HttpFacts;

/**
 * {@code http.status}: a WSUS web service answers the expected status, requested from the server itself on the
 * port WSUS registered (wsus-catalog.md 3.2; the tips article's HTTP 503 on :8530). Report only: it is the proof
 * after the pool and service fixes, and it needs them (a 503 while WsusPool is down is their consequence).
 */
final class HttpStatus implements CheckModule {
    static final Pattern PATH = Pattern.compile("/[A-Za-z0-9/._-]{0,200}");
    static final Pattern URL = Pattern.compile("|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9/._-]*");

    @Override
    public String name() {
        return "http.status";
    }

    @Override
    public String summary() {
        return "a WSUS URL on this server answers the expected HTTP status (503 = the pool or IIS is down)";
    }

    @Override
    public String symptom() {
        return "HTTP Error 503. The service is unavailable (http://SERVER:8530)";
    }

    @Override
    public List<ArgSpec> args() {
        return List.of(
                ArgSpec.pattern("path", "/ClientWebService/client.asmx", PATH, "a URL path such as /selfupdate/wuident.cab",
                        "path probed on http://localhost:<WSUS PortNumber>"),
                ArgSpec.pattern("url", "", URL, "empty or http(s)://host[:port]/path",
                        "full URL to probe instead of path (optional)"),
                ArgSpec.integer("status", 200L, 100, 599, "expected HTTP status"));
    }

    @Override
    public FixPolicy fixPolicy() {
        return FixPolicy.NONE;
    }

    @Override
    public Phase phase() {
        return Phase.PROOF;
    }

    private static FactRequest probe(ModuleArgs args) {
        String url = args.string("url");
        return new FactRequest(HttpFacts.SECTION, Map.of("path", args.string("path"), "url", url == null ? "" : url));
    }

    @Override
    public List<FactRequest> facts(ModuleArgs args) {
        return List.of(WsusServices.HOST, probe(args));
    }

    @Override
    public Set<Condition> requires(ModuleArgs args) {
        return Needs.web();
    }

    @Override
    public Verdict evaluate(ModuleArgs args, FactSet facts) {
        Optional<Facts> f = Read.facts(facts, probe(args));
        if (f.isEmpty()) {
            return Read.unreadable(facts, probe(args));
        }
        String url = f.get().get(HttpFacts.URL);
        long code = f.get().get(HttpFacts.STATUS);
        long want = args.integer("status");
        Map<String, Object> observed = observed(f.get(), Verdict.values("url", url));
        Map<String, Object> expected = Verdict.values("status", want);
        Long sub = f.get().get(HttpFacts.SUB_STATUS);
        if (code == 403 && sub != null && sub == 4 && want != 403) {
            // IIS's 403.4: the service requires SSL (WSUS configured with UsingSSL). That says how the URL was
            // asked, not that the service drifted.
            observed.put("subStatus", sub);
            return Verdict.undecided(observed, "SSL required (HTTP 403.4): " + url + " is served only over HTTPS"
                    + httpsHint(facts, url) + "; give the step a path to probe it where WSUS serves it");
        }
        String msg = answered(f.get());
        return code == want ? Verdict.ok(observed, expected, msg) : Verdict.drift(observed, expected, msg);
    }

    /** What a probe shows where a verdict shows a status, in words: the one rendering of "nothing answered". */
    static final String NO_ANSWER = "no answer";

    /**
     * {@code observed} with the probe's status added: the number, or {@value #NO_ANSWER} and why (the facts'
     * {@link HttpFacts#NO_ANSWER} is a marker, not a status: reports print observed next to expected, and
     * "status -1 -> 200" read as a status the server sent).
     */
    static Map<String, Object> observed(Facts probe, Map<String, Object> observed) {
        long code = probe.get(HttpFacts.STATUS);
        if (code == HttpFacts.NO_ANSWER) {
            observed.put("status", NO_ANSWER);
            observed.put("error", probe.get(HttpFacts.ERROR));
        } else {
            observed.put("status", code);
        }
        return observed;
    }

    /** {@code URL answered 503}, or {@code no HTTP answer from URL (ConnectFailure)}. */
    static String answered(Facts probe) {
        String url = probe.get(HttpFacts.URL);
        long code = probe.get(HttpFacts.STATUS);
        return code == HttpFacts.NO_ANSWER ? "no HTTP answer from " + url + " (" + probe.get(HttpFacts.ERROR) + ")"
                : url + " answered " + code;
    }

    /** Where the same path is served over HTTPS, from the WSUS setup facts: {@code  at https://FQDN:8531/path}. */
    private static String httpsHint(FactSet facts, String url) {
        Optional<Facts> host = Read.facts(facts, WsusServices.HOST);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^https?://[^/]+(/.*)$").matcher(url);
        if (host.isEmpty() || !m.matches() || host.get().get(HostFacts.PORT_NUMBER) == null) {
            return "";
        }
        String name = host.get().get(HostFacts.FQDN) != null ? host.get().get(HostFacts.FQDN)
                : host.get().get(HostFacts.COMPUTER_NAME);
        return " at https://" + name + ":" + (host.get().get(HostFacts.PORT_NUMBER) + 1) + m.group(1);
    }
}
