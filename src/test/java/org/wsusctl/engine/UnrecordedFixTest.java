package org.wsusctl.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Inventory;
import org.wsusctl.inventory.InventoryLoader;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.playbook.ArgResolver;
import org.wsusctl.playbook.Playbook;
import org.wsusctl.playbook.PlaybookLoader;
import org.wsusctl.remote.PsOutput;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.remote.RemoteShellFactory;
import org.wsusctl.sim.SimScriptHost;
import org.wsusctl.sim.model.WsusModelFactory;
import org.wsusctl.sim.shell.HostIdentity;
import org.wsusctl.sim.shell.ShellEmulator;
import org.wsusctl.sim.shell.ShellOutput;

/**
 * A fix whose journal line cannot be written (finding 3 of the faults issue): never run when its start is not
 * recorded, never reported fixed when its end is not. The engine runs against the simulator's own shell in
 * process (no transport: the journal is what is under test), and the simulator's record says what reached the
 * host.
 */
class UnrecordedFixTest {
    @TempDir
    Path dir;

    /** Shells on simulated models, in process: the command lines the engine sends, run by the simulator's shell. */
    private static final class InProcessShells implements RemoteShellFactory {
        final Map<String, SimScriptHost> models = new HashMap<>();
        final WsusModelFactory factory = new WsusModelFactory();

        @Override
        public RemoteShell open(Host host) {
            return open(host, Map.of());
        }

        @Override
        public RemoteShell open(Host host, Map<String, String> environment) {
            SimScriptHost model = models.computeIfAbsent(host.name(),
                    n -> factory.create(n, host.simulate().orElseThrow(), null));
            return new RemoteShell() {
                @Override
                public PsOutput run(String commandLine) {
                    ShellOutput o = ShellEmulator.parse(commandLine, List.of(), new HostIdentity(host.name(), "tester"),
                            environment).run(model);
                    return new PsOutput(o.exitCode(), o.stdout(), o.stderr());
                }

                @Override
                public int requestCount() {
                    return 0;
                }

                @Override
                public void close() { }
            };
        }
    }

    /** A journal that fails at the chosen moment, as a full disk would. */
    private static RunListener failingAt(String when) {
        return new RunListener() {
            @Override
            public void fixStarting(String host, String module, String step, Map<String, Object> before) {
                if (when.equals("start")) {
                    throw new FixNotRecorded("No space left on device", null);
                }
            }

            @Override
            public void fixFinished(String host, String module, String step, String action, Map<String, Object> before,
                    Map<String, Object> after) {
                if (when.equals("end")) {
                    throw new FixNotRecorded("No space left on device", null);
                }
            }
        };
    }

    private HostResult apply(InProcessShells shells, RunListener listener) throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  hosts:
                    h1:
                      winrm_user: tester
                      simulate: { services: { WsusService: Stopped } }
                """);
        Inventory inventory = new InventoryLoader().load(inv);
        ModuleRegistry modules = ModuleRegistry.builtIn();
        Playbook pb = new PlaybookLoader(modules).load(Path.of("src/test/resources/e2e/services-only.yml"));
        Engine engine = new Engine(shells, modules, (module, step, vars) -> {
            try {
                return ArgResolver.resolve(module, step.args(), vars);
            } catch (org.wsusctl.playbook.ArgException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, inventory.groups(), listener, new EngineSettings(1, Duration.ofSeconds(60), true, false), Clock.systemUTC());
        RunResult r = engine.run(Mode.APPLY, List.of(new PlaybookPlan(pb, inventory.hosts())));
        return r.hosts().get(0);
    }

    @Test
    void aFixWhoseStartCannotBeRecordedNeverRuns() throws Exception {
        InProcessShells shells = new InProcessShells();
        HostResult h = apply(shells, failingAt("start"));
        StepResult s = h.steps().get(0);
        assertEquals(StepStatus.FAILED, s.status(), s::toString);
        assertTrue(s.message().contains("not fixed: its start could not be recorded"), s.message());
        assertEquals(List.of(), shells.models.get("h1").changes(), "nothing reached the host");
    }

    @Test
    void aFixWhoseEndCannotBeRecordedIsUnknownNeverFixed() throws Exception {
        InProcessShells shells = new InProcessShells();
        HostResult h = apply(shells, failingAt("end"));
        StepResult s = h.steps().get(0);
        assertEquals(StepStatus.UNKNOWN, s.status(), s::toString);
        assertTrue(s.message().contains("the journal could not record its end"), s.message());
        assertEquals("Running", s.after().get("WsusService"), "the re-check's values are kept: " + s);
        assertTrue(!shells.models.get("h1").changes().isEmpty(), "the fix did run");
    }

    @Test
    void withAWorkingJournalTheSameFixIsFixed() throws Exception {
        HostResult h = apply(new InProcessShells(), new RunListener() { });
        assertEquals(StepStatus.FIXED, h.steps().get(0).status(), h.steps().get(0)::toString);
    }
}
