package org.wsusctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import io.cloudsoft.winrm4j.winrm.WinRmToolResponse;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsusctl.contract.FixOutcome;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.PsOutput;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.UnitResult;
import org.wsusctl.remote.UnitResults;

/** The simulator as winrm4j 0.12.3 sees it, over real sockets. One fleet serves all tests. */
class SimWinRmClientTest {
    private static WinRmClientContext ctx;
    private static SimulatedFleet fleet;

    @BeforeAll
    static void startFleet() throws IOException {
        ctx = WinRmClientContext.newInstance();
        fleet = SimulatedFleet.start(List.of(
                host("plain", Map.of()),
                new SimHostSpec("wsus01.corp.example", Map.of("pool_state", "Stopped"), Optional.of("CORP\\svc"),
                        Optional.of("s3cret!"), false),
                host("slow", Map.of("ps_startup_ms", 1500)),
                host("quota", Map.of("max_shells_per_user", 1)),
                host("garbage", Map.of("fault", "garbage")),
                host("latent", Map.of("latency_ms", 30))),
                SimOptions.defaults(), FakeWsusModel.factory());
    }

    @AfterAll
    static void stop() {
        fleet.close();
        ctx.shutdown();
    }

    static SimHostSpec host(String name, Map<String, Object> simulate) {
        return new SimHostSpec(name, simulate, Optional.empty(), Optional.empty(), false);
    }

    private static WinRmTool tool(String host, String user, String password) {
        URI uri = fleet.endpoints().get(host);
        WinRmTool t = WinRmTool.Builder.builder(uri.toString(), null, user, password)
                .authenticationScheme(AuthSchemes.BASIC).context(ctx).build();
        t.setRetriesForConnectionFailures(0);
        t.setOperationTimeout(10_000L);
        return t;
    }

    @Test
    void executePsAndExecuteCommandAnswerAsWindows() {
        WinRmToolResponse ps = tool("plain", "Administrator", "x").executePs("Write-Output hi; Write-Host 'a b'");
        assertEquals("hi\r\na b\r\n", ps.getStdOut());
        assertEquals(0, ps.getStatusCode());

        WinRmToolResponse cmd = tool("plain", "Administrator", "x").executeCommand("hostname & echo done & whoami");
        assertEquals("plain\r\ndone \r\nplain\\administrator\r\n", cmd.getStdOut());

        WinRmToolResponse exit = tool("plain", "a", "b").executePs("Write-Output before; exit 7");
        assertEquals(7, exit.getStatusCode());
        assertEquals("before\r\n", exit.getStdOut());

        WinRmToolResponse version = tool("plain", "a", "b").executePs("$PSVersionTable.PSVersion");
        assertTrue(version.getStdOut().contains("Major  Minor  Build  Revision\r\n-----  -----  -----  --------\r\n5      1"),
                version.getStdOut());
    }

    @Test
    void errorsLookLikeWindows() {
        WinRmToolResponse err = tool("plain", "a", "b").executePs("Write-Error boom");
        assertEquals(1, err.getStatusCode());
        assertTrue(err.getStdErr().startsWith("#< CLIXML\r\n<Objs Version=\"1.1.0.1\""), err.getStdErr());
        assertTrue(err.getStdErr().contains("<S S=\"Error\">Write-Error boom : boom_x000D__x000A_</S>"), err.getStdErr());

        WinRmToolResponse unknownPs = tool("plain", "a", "b").executePs("Get-Frobnicator");
        assertEquals(1, unknownPs.getStatusCode());
        assertTrue(unknownPs.getStdErr().contains("The term 'Get-Frobnicator' is not recognized as the name of a cmdlet"));

        WinRmToolResponse unknownCmd = tool("plain", "a", "b").executeCommand("frob /x");
        assertEquals(1, unknownCmd.getStatusCode());
        assertEquals("'frob' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
                unknownCmd.getStdErr());
    }

    @Test
    void domainUserIsAcceptedAndWrongPasswordGets401() {
        WinRmToolResponse who = tool("wsus01.corp.example", "CORP\\svc", "s3cret!").executeCommand("whoami");
        assertEquals("corp\\svc\r\n", who.getStdOut());
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> tool("wsus01.corp.example", "CORP\\svc", "wrong").executePs("Write-Output no"));
        assertTrue(String.valueOf(rootCause(e).getMessage()).contains("401"), e.toString());
        assertTrue(fleet.requestLog("wsus01.corp.example").stream().anyMatch(r -> r.action().equals("Unauthorized")));
    }

    @Test
    void batchOfTwoUnitsRunsBothAndParses() {
        List<ScriptCall<?>> units = List.of(
                new ScriptCall<>(PsScript.check("facts.iis.pool"), Map.of("pool", "WsusPool")),
                new ScriptCall<>(PsScript.fix("iis.apppool.state.fix"), Map.of("pool", "WsusPool", "soak_seconds", 0)));
        long before = fleet.changesSinceStart("wsus01.corp.example");
        WinRmToolResponse r = tool("wsus01.corp.example", "corp\\SVC", "s3cret!")
                .executeCommand(PsInvocation.commandLineOf(units));
        assertEquals(0, r.getStatusCode(), r.getStdErr());
        List<UnitResult> results = UnitResults.parseAll(units, new PsOutput(r.getStatusCode(), r.getStdOut(), r.getStdErr()));
        UnitResult.Facts facts = assertInstanceOf(UnitResult.Facts.class, results.get(0));
        assertEquals("Stopped", facts.facts().get("state"));
        UnitResult.Fix fix = assertInstanceOf(UnitResult.Fix.class, results.get(1));
        assertEquals(FixOutcome.CHANGED, fix.outcome());
        assertEquals(before + 1, fleet.changesSinceStart("wsus01.corp.example"));

        SimRequest command = fleet.requestLog("wsus01.corp.example").stream()
                .filter(q -> q.action().equals("Command") && q.scripts().size() == 2).findFirst().orElseThrow();
        assertEquals(List.of("facts.iis.pool", "iis.apppool.state.fix"), command.scripts());
        assertTrue(command.mutating());
    }

    @Test
    void scriptErrorsAndNonAsciiResultsSurviveTheWire() {
        List<ScriptCall<?>> units = List.of(
                new ScriptCall<>(PsScript.check("facts.iis.pool"), Map.of("fail", "pool \u00e9 missing")),
                new ScriptCall<>(PsScript.check("facts.iis.pool"), Map.of("pool", "WsusPool", "unicode", true)));
        WinRmToolResponse r = tool("plain", "a", "b").executeCommand(PsInvocation.commandLineOf(units));
        assertTrue(r.getStdOut().chars().allMatch(c -> c < 128), "result lines are ASCII only");
        List<UnitResult> results = UnitResults.parseAll(units, new PsOutput(r.getStatusCode(), r.getStdOut(), r.getStdErr()));
        assertEquals("pool \u00e9 missing", assertInstanceOf(UnitResult.Error.class, results.get(0)).message());
        assertEquals("Pool \u00e9t\u00e9 \u20ac \u4e2d",
                assertInstanceOf(UnitResult.Facts.class, results.get(1)).facts().get("pool"));
        SimRequest command = fleet.requestLog("plain").stream()
                .filter(q -> q.scripts().size() == 2 && q.scripts().get(0).equals("facts.iis.pool")).findFirst().orElseThrow();
        assertEquals(false, command.mutating());
    }

    @Test
    void largeOutputIsSplitOverSeveralReceives() {
        List<ScriptCall<?>> units = List.of(
                new ScriptCall<>(PsScript.check("facts.iis.pool"), Map.of("pool", "WsusPool", "blob", 400_000)));
        WinRmToolResponse r = tool("plain", "a", "b").executeCommand(PsInvocation.commandLineOf(units));
        assertTrue(r.getNumberOfReceiveCalls() >= 3, "receives: " + r.getNumberOfReceiveCalls());
        UnitResult.Facts facts = assertInstanceOf(UnitResult.Facts.class,
                UnitResults.parseAll(units, new PsOutput(r.getStatusCode(), r.getStdOut(), r.getStdErr())).get(0));
        assertEquals(400_000, ((String) facts.facts().get("blob")).length());
    }

    @Test
    void longStartupTimesOutReceiveAndClientRepolls() {
        WinRmTool t = tool("slow", "a", "b");
        t.setOperationTimeout(500L);
        long start = System.nanoTime();
        WinRmToolResponse r = t.executePs("Write-Output late");
        assertEquals("late\r\n", r.getStdOut());
        // At least one Receive answered TimedOut and was re-polled (more on an idle machine).
        assertTrue(r.getNumberOfReceiveCalls() >= 2, "receives: " + r.getNumberOfReceiveCalls());
        assertTrue(System.nanoTime() - start >= 1_400_000_000L, "PowerShell start-up was paid");
        // cmd commands do not start PowerShell and answer at once
        long cmdStart = System.nanoTime();
        assertEquals("slow\r\n", tool("slow", "a", "b").executeCommand("hostname").getStdOut());
        assertTrue(System.nanoTime() - cmdStart < 1_400_000_000L);
    }

    @Test
    void latencyIsAddedEachWay() {
        long start = System.nanoTime();
        tool("latent", "a", "b").executeCommand("hostname");
        // 5 requests (Create, Command, Receive, Signal, Delete), 30 ms before handling and 30 ms before answering
        assertTrue(System.nanoTime() - start >= 5 * 60_000_000L);
    }

    @Test
    void shellQuotaFaultsLikeWindows() throws Exception {
        URI uri = fleet.endpoints().get("quota");
        try (WinRmClient client = WinRmClient.builder(uri.toString()).authenticationScheme(AuthSchemes.BASIC)
                .credentials("a", "b").context(ctx).retriesForConnectionFailures(0).build()) {
            ShellCommand first = client.createShell();
            RuntimeException e = assertThrows(RuntimeException.class, client::createShell);
            assertTrue(e.getMessage().contains("maximum number of 1 concurrent shells"), e.getMessage());
            first.close();
            client.createShell().close();
        }
    }

    @Test
    void garbageHostAnswersWithJunk() {
        List<ScriptCall<?>> units = List.of(new ScriptCall<>(PsScript.check("facts.iis.pool"), Map.of("pool", "WsusPool")));
        WinRmToolResponse r = tool("garbage", "a", "b").executeCommand(PsInvocation.commandLineOf(units));
        assertEquals(0, r.getStatusCode());
        assertTrue(!r.getStdOut().isEmpty());
        UnitResult res = UnitResults.parseAll(units, new PsOutput(r.getStatusCode(), r.getStdOut(), r.getStdErr())).get(0);
        assertInstanceOf(UnitResult.Error.class, res);
        assertEquals(0, fleet.changesSinceStart("garbage"));
    }

    @Test
    void requestsAreCounted() {
        long before = fleet.requests("plain");
        tool("plain", "a", "b").executeCommand("hostname");
        // winrm4j: Create, Command, Receive, Signal, Delete
        assertEquals(before + 5, fleet.requests("plain"));
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
