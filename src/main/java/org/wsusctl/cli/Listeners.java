package org.wsusctl.cli;

import java.util.List;
import java.util.Map;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunListener;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepResult;

/** Fans run events out to several listeners (console and journal). */
final class Listeners {
    private Listeners() { }

    static RunListener both(RunListener a, RunListener b) {
        List<RunListener> all = List.of(a, b);
        return new RunListener() {
            @Override
            public void runStarted(Mode mode, int hosts) {
                all.forEach(l -> l.runStarted(mode, hosts));
            }

            @Override
            public void hostStarted(String host) {
                all.forEach(l -> l.hostStarted(host));
            }

            @Override
            public void stepFinished(String host, StepResult step) {
                all.forEach(l -> l.stepFinished(host, step));
            }

            @Override
            public void hostFinished(HostResult host) {
                all.forEach(l -> l.hostFinished(host));
            }

            @Override
            public void fixStarting(String host, String module, String step, Map<String, Object> before) {
                all.forEach(l -> l.fixStarting(host, module, step, before));
            }

            @Override
            public void fixFinished(String host, String module, String step, String action,
                    Map<String, Object> before, Map<String, Object> after) {
                all.forEach(l -> l.fixFinished(host, module, step, action, before, after));
            }

            @Override
            public void runFinished(RunResult result) {
                all.forEach(l -> l.runFinished(result));
            }
        };
    }
}
