package org.wsusctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State file round trip, HTTPS with the generated certificate, and validation of the simulate keys. */
class SimFleetLifecycleTest {

    private static SimHostSpec spec(String name, Map<String, Object> simulate) {
        return new SimHostSpec(name, simulate, Optional.empty(), Optional.empty(), false);
    }

    /** A fix's self-contained command line, XML-escaped for RawWsman (which sends its text as given). */
    private static String fixBatch() {
        return org.wsusctl.remote.PsInvocation.commandLineOf(new org.wsusctl.remote.ScriptCall<>(
                org.wsusctl.remote.PsScript.fix("iis.apppool.state.fix"), Map.of("pool", "WsusPool", "soak_seconds", 0)))
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Test
    @SuppressWarnings("unchecked")
    void stateFileRoundTrip(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("sub/state.json");
        SimOptions opts = new SimOptions(Optional.of(state), Optional.empty(), Optional.empty());
        try (SimulatedFleet fleet = SimulatedFleet.start(List.of(spec("a", Map.of("pool_state", "Stopped", "latency_ms", 0))),
                opts, FakeWsusModel.factory())) {
            assertEquals(Map.of("pool_state", "Stopped"), FakeWsusModel.SEEN_KEYS.get("a"), "transport keys are not the model's");
            RawWsman w = new RawWsman(fleet.endpoints().get("a"));
            String shell = w.createShell(null);
            w.receiveAll(shell, w.command(shell, fixBatch()));
            assertEquals(1, fleet.changesSinceStart("a"));
        }
        Map<String, Object> root = new ObjectMapper().readValue(state.toFile(), Map.class);
        assertEquals("wsusctl.sim-state/1", root.get("schema"));
        assertEquals("Started", ((Map<String, Map<String, Object>>) root.get("hosts")).get("a").get("state"));

        // second run: the fix is remembered, the earlier change is listed, nothing changed in this run
        try (SimulatedFleet again = SimulatedFleet.start(List.of(spec("a", Map.of("pool_state", "Stopped")),
                spec("b", Map.of())), opts, FakeWsusModel.factory())) {
            assertEquals(1, again.changes("a").size());
            assertEquals(0, again.changesSinceStart("a"));
            RawWsman w = new RawWsman(again.endpoints().get("a"));
            String shell = w.createShell(null);
            RawWsman.Output out = w.receiveAll(shell, w.command(shell, fixBatch()));
            assertTrue(new String(out.stdout(), StandardCharsets.US_ASCII).contains("\"outcome\":\"unchanged\""));
            SimRequest command = again.requestLog("a").stream().filter(r -> r.action().equals("Command")).findFirst().orElseThrow();
            assertEquals(List.of("iis.apppool.state.fix"), command.scripts());
            assertTrue(command.mutating());
        }
        // a host absent from a later, narrower run keeps its state in the file
        try (SimulatedFleet onlyB = SimulatedFleet.start(List.of(spec("b", Map.of())), opts, FakeWsusModel.factory())) {
            assertEquals(0, onlyB.changesSinceStart("b"));
        }
        Map<String, Object> after = new ObjectMapper().readValue(state.toFile(), Map.class);
        assertEquals("Started", ((Map<String, Map<String, Object>>) after.get("hosts")).get("a").get("state"));
        try (var files = Files.list(state.getParent())) {
            assertEquals(List.of(state.getFileName()), files.map(Path::getFileName)
                    .filter(n -> !n.toString().endsWith(".lock")).toList(), "no temp files left");
        }
    }

    @Test
    void httpsWithTheGeneratedCertificate() throws Exception {
        try (SimulatedFleet fleet = SimulatedFleet.start(List.of(new SimHostSpec("tls", Map.of(), Optional.of("u"),
                Optional.of("p"), true), spec("clear", Map.of())), SimOptions.defaults(), FakeWsusModel.factory())) {
            URI uri = fleet.endpoints().get("tls");
            assertEquals("https", uri.getScheme());
            assertEquals("http", fleet.endpoints().get("clear").getScheme());
            Path pem = fleet.certificatePem().orElseThrow();

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
                trust.setCertificateEntry("sim", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);

            HttpsURLConnection c = (HttpsURLConnection) uri.toURL().openConnection();
            c.setSSLSocketFactory(ctx.getSocketFactory()); // default hostname verification against 127.0.0.1 stays on
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/soap+xml;charset=UTF-8");
            c.setRequestProperty("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8)));
            String create = "<s:Envelope " + RawWsman.NS + "><s:Header><a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Create"
                    + "</a:Action><a:MessageID>uuid:1</a:MessageID></s:Header><s:Body><rsp:Shell/></s:Body></s:Envelope>";
            try (OutputStream out = c.getOutputStream()) {
                out.write(create.getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(200, c.getResponseCode());
            String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(body.contains("<w:Selector Name=\"ShellId\">") && body.contains("<a:RelatesTo>uuid:1</a:RelatesTo>"), body);

            // without trusting the certificate the handshake fails: the test above is not vacuous
            HttpsURLConnection untrusted = (HttpsURLConnection) uri.toURL().openConnection();
            untrusted.setSSLSocketFactory(defaultContext().getSocketFactory());
            assertThrows(SSLHandshakeException.class, untrusted::connect);
        }
    }

    private static SSLContext defaultContext() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void badSimulateKeysAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulatedFleet.start(
                List.of(spec("h1", Map.of("fault", "explode"))), SimOptions.defaults(), FakeWsusModel.factory()));
        assertTrue(e.getMessage().contains("h1") && e.getMessage().contains("simulate.fault")
                && e.getMessage().contains("none | unreachable | auth-rejected | hang | flaky | garbage"), e.getMessage());
        IllegalArgumentException l = assertThrows(IllegalArgumentException.class, () -> SimulatedFleet.start(
                List.of(spec("h2", Map.of("latency_ms", -5))), SimOptions.defaults(), FakeWsusModel.factory()));
        assertTrue(l.getMessage().contains("simulate.latency_ms") && l.getMessage().contains("milliseconds"), l.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> SimulatedFleet.start(
                List.of(spec("h3", Map.of("ps_startup_ms", "soon"))), SimOptions.defaults(), FakeWsusModel.factory()));
        assertTrue(p.getMessage().contains("simulate.ps_startup_ms"), p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulatedFleet.start(
                List.of(spec("dup", Map.of()), spec("dup", Map.of())), SimOptions.defaults(), FakeWsusModel.factory()));
    }

    @Test
    void passwordsNeverAppearInToString() {
        SimHostSpec s = new SimHostSpec("x", Map.of(), Optional.of("u"), Optional.of("hunter2"), false);
        assertFalse(s.toString().contains("hunter2"));
        assertFalse(new SimOptions(Optional.empty(), Optional.empty(), Optional.of("pw1234".toCharArray())).toString().contains("pw1234"));
    }
}
