package org.wsusctl.modules;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.ScriptKind.ReadOnly;
import org.wsusctl.remote.UnitResult;

/**
 * {@code http.status}: a WSUS web service answers the expected status, requested from the server itself on the
 * port WSUS registered. Report only: it is the proof step after the pool and service fixes.
 */
final class HttpStatus implements CheckModule {
    static final Pattern PATH = Pattern.compile("/[A-Za-z0-9/._-]{0,200}");
    static final Pattern URL = Pattern.compile("|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/[A-Za-z0-9/._-]*");
    private static final PsScript<ReadOnly> CHECK = PsScript.check("http.status.check");

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
    public ScriptCall<ReadOnly> check(ModuleArgs args) {
        String url = args.string("url");
        return new ScriptCall<>(CHECK, Map.of("path", args.string("path"), "url", url == null ? "" : url,
                "status", args.integer("status")));
    }

    @Override
    public Optional<ScriptCall<Mutating>> fix(ModuleArgs args, UnitResult.Check observed) {
        return Optional.empty();
    }
}
