package org.wsusctl.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.wsusctl.modules.ActionModule;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.FactRequest;
import org.wsusctl.modules.FactSet;
import org.wsusctl.modules.Phase;
import org.wsusctl.modules.Verdict;
import org.wsusctl.modules.FixPolicy;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;

/**
 * A registry for loader tests: the real {@code iis.apppool.state} plus argument-only stand-ins for
 * modules other engineers build, so these tests depend only on the {@link ArgSpec}s. The stand-ins are
 * never run (loading never calls check, fix or action).
 */
public final class TestModules {
    private TestModules() { }

    public static ModuleRegistry registry() {
        List<WsusModule> all = new ArrayList<>();
        all.add(ModuleRegistry.builtIn().find("iis.apppool.state").orElseThrow());
        all.add(check("iis.apppool.private_memory", List.of(
                ArgSpec.name("pool", "WsusPool", "pool"),
                ArgSpec.integer("minimum_kb", 4_000_000L, 1_843_200, 100_000_000, "limit"))));
        all.add(check("http.status", List.of(
                ArgSpec.pattern("url", null, Pattern.compile("https?://\\S+"), "an http(s) URL", "url"),
                ArgSpec.integer("status", 200L, 100, 599, "expected status"))));
        all.add(check("service.running", List.of(ArgSpec.list("names", null, "services"))));
        all.add(check("wsus.flags", List.of(ArgSpec.bool("verbose", false, "flag"))));
        all.add(action("iis.apppool.recycle", List.of(ArgSpec.name("pool", "WsusPool", "pool"))));
        return new ModuleRegistry(all);
    }

    /**
     * The built-in modules, plus the stand-ins for names not built in yet: for loading shipped playbooks,
     * whose modules other engineers deliver.
     */
    public static ModuleRegistry withBuiltIns() {
        ModuleRegistry builtIn = ModuleRegistry.builtIn();
        List<WsusModule> all = new ArrayList<>(builtIn.all());
        for (WsusModule m : registry().all()) {
            if (builtIn.find(m.name()).isEmpty()) {
                all.add(m);
            }
        }
        return new ModuleRegistry(all);
    }

    private static WsusModule check(String name, List<ArgSpec> args) {
        return new CheckModule() {
            public String name() { return name; }
            public String summary() { return "test module"; }
            public String symptom() { return "none"; }
            public List<ArgSpec> args() { return args; }
            public FixPolicy fixPolicy() { return FixPolicy.NONE; }
            public Phase phase() { return Phase.PROOF; }
            public List<FactRequest> facts(ModuleArgs a) { throw new UnsupportedOperationException(); }
            public Verdict evaluate(ModuleArgs a, FactSet f) { throw new UnsupportedOperationException(); }
        };
    }

    private static WsusModule action(String name, List<ArgSpec> args) {
        return new ActionModule() {
            public String name() { return name; }
            public String summary() { return "test action"; }
            public String symptom() { return "none"; }
            public List<ArgSpec> args() { return args; }
            public FixPolicy fixPolicy() { return FixPolicy.AUTO; }
            public Phase phase() { return Phase.POOL_START; }
            public ScriptCall<Mutating> action(ModuleArgs a) { throw new UnsupportedOperationException(); }
        };
    }
}
