package org.wsusctl.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.modules.ActionModule;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.FactRequest;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;

/**
 * Every kind of text wsusctl sends to a host, built the way the sessions and {@code wsusctl script} build them:
 * the first pass of a full health audit (batched and {@code --no-batch}), a re-gather, every fact section, fix and
 * action on a later pass and self-contained, with sample and hostile arguments.
 */
final class SentTexts {
    /** Arguments every fix and action accepts for the export (unknown keys are ignored by the scripts). */
    static final Map<String, Object> FIX_SAMPLE = Map.of("names", List.of("WAS", "W3SVC"), "pool", "WsusPool",
            "target_kb", 4000000, "queue_length", 2000, "rapid_fail", "leave", "soak_seconds", 5, "login", "");
    /** The values HostileValuesTest sends, and characters cmd.exe or PowerShell would interpret. */
    static final List<String> HOSTILE = List.of("O'Brien", "'; Stop-Computer; '", "$(Remove-Item C:\\)",
            "`n`r", "a\nb\r\nc", "\u2018q\u2019 \u201cq\u201d", "\"%PATH%\" !x! & | < > ^", "Marshall MemoryStream");

    /**
     * One command line as sent, the environment of the shell it runs in, and the script it creates.
     *
     * @param name what it is, for messages and file names
     */
    record Sent(String name, String line, Map<String, String> environment, String batch) {
        /** Every text PowerShell or cmd.exe reads: the command line, each environment variable, the created script. */
        List<String> texts() {
            List<String> all = new ArrayList<>(List.of(line, SentText.commandText(line), batch));
            all.addAll(environment.values());
            return all;
        }
    }

    private SentTexts() { }

    static List<Sent> all() {
        List<Sent> out = new ArrayList<>();
        List<PsInvocation.Unit> health = PsInvocationTest.everyCheck();
        PsInvocation.Staged first = PsInvocation.stage(health, true);
        out.add(staged("first pass", first, 0));
        PsInvocation.Staged each = PsInvocation.stage(health, false);
        for (int i = 0; i < each.commandLines().size(); i++) {
            out.add(staged("first pass --no-batch " + (i + 1), each, i));
        }
        // a re-gather of other calls than the staged ones: inline, packed, preamble from the environment
        List<List<PsInvocation.Unit>> packed = PsInvocation.pack(health, true);
        for (int i = 0; i < packed.size(); i++) {
            out.add(later("later checks " + (i + 1), packed.get(i), first.environment()));
        }
        for (PsInvocation.Unit u : health) {
            out.add(later("check " + u.call().script().id(), List.of(u), first.environment()));
            out.add(alone("check " + u.call().script().id() + " alone", List.of(u)));
        }
        out.addAll(fixesAndActions());
        for (WsusModule m : ModuleRegistry.builtIn().all()) {
            if (m instanceof CheckModule c) {
                List<PsInvocation.Unit> units = new ArrayList<>();
                for (FactRequest r : c.facts(new ModuleArgs(defaults(m)))) {
                    units.add(new PsInvocation.Unit("u" + (units.size() + 1), r.call()));
                }
                out.add(alone("wsusctl script " + m.name() + " --command-line", units));
            }
        }
        for (String value : HOSTILE) {
            Map<String, Object> args = Map.of("pool", value, "names", List.of(value), "login", value);
            for (String id : List.of("facts.iis.pool", "facts.services", "facts.sql")) {
                out.add(alone("check " + id + " with " + value, List.of(new PsInvocation.Unit("u1",
                        new ScriptCall<>(PsScript.check(id), args)))));
            }
            out.add(later("fix sql.sysadmin.fix with " + value, List.of(new PsInvocation.Unit("u9",
                    new ScriptCall<>(PsScript.fix("sql.sysadmin.fix"), args))), first.environment()));
        }
        return out;
    }

    /** Every fix and action as a later pass sends it (preamble from the environment) and as it runs alone. */
    static List<Sent> fixesAndActions() {
        Map<String, String> env = PsInvocation.stage(List.of(), true).environment();
        List<Sent> out = new ArrayList<>();
        for (WsusModule m : ModuleRegistry.builtIn().all()) {
            List<ScriptCall<?>> calls = new ArrayList<>();
            if (m instanceof ActionModule a) {
                calls.add(a.action(new ModuleArgs(defaults(m))));
            } else {
                ((CheckModule) m).fixScripts().forEach(f -> calls.add(new ScriptCall<>(f, FIX_SAMPLE)));
            }
            for (ScriptCall<?> call : calls) {
                List<PsInvocation.Unit> unit = List.of(new PsInvocation.Unit("u" + (out.size() + 1), call));
                out.add(later(call.script().id(), unit, env));
            }
        }
        return out;
    }

    private static Sent staged(String name, PsInvocation.Staged staged, int i) {
        return new Sent(name, staged.commandLines().get(i), staged.environment(),
                PsInvocation.batchText(staged.batches().get(i)));
    }

    private static Sent later(String name, List<PsInvocation.Unit> units, Map<String, String> env) {
        return new Sent(name, PsInvocation.commandLine(units, true), env, PsInvocation.batchText(units));
    }

    private static Sent alone(String name, List<PsInvocation.Unit> units) {
        return new Sent(name, PsInvocation.commandLine(units), Map.of(), PsInvocation.selfContainedText(units));
    }

    static Map<String, Object> defaults(WsusModule m) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (ArgSpec a : m.args()) {
            args.put(a.name(), a.required() ? "WsusService" : a.defaultValue());
        }
        return args;
    }
}
