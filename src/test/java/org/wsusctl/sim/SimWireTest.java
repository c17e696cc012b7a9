package org.wsusctl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wire-level behaviour: code pages, envelope limits, faults, signals, and the transport faults. */
class SimWireTest {
    private static SimulatedFleet fleet;

    @BeforeAll
    static void start() throws IOException {
        fleet = SimulatedFleet.start(List.of(
                spec("plain", Map.of()),
                spec("slow", Map.of("ps_startup_ms", 2000)),
                spec("down", Map.of("fault", "unreachable")),
                spec("flaky", Map.of("fault", "flaky")),
                spec("rejecting", Map.of("fault", "auth-rejected"))),
                SimOptions.defaults(), FakeWsusModel.factory());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    static SimHostSpec spec(String name, Map<String, Object> simulate) {
        return new SimHostSpec(name, simulate, Optional.empty(), Optional.empty(), false);
    }

    private static RawWsman raw(String host) {
        return new RawWsman(fleet.endpoints().get(host));
    }

    @Test
    void outputIsEncodedInTheShellsCodePage() throws Exception {
        RawWsman w = raw("plain");
        String text = "caf\u00e9 \u20ac";
        String utf8Shell = w.createShell("65001");
        RawWsman.Output utf8 = w.receiveAll(utf8Shell, w.command(utf8Shell, RawWsman.encodedPs("Write-Output '" + text + "'")));
        assertArrayEquals((text + "\r\n").getBytes(StandardCharsets.UTF_8), utf8.stdout());

        String oemShell = w.createShell(null);
        RawWsman.Output oem = w.receiveAll(oemShell, w.command(oemShell, RawWsman.encodedPs("Write-Output '" + text + "'")));
        // CP437: e-acute is 0x82; the euro sign is not in the code page and becomes '?'
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0x82, ' ', '?', '\r', '\n'}, oem.stdout());
    }

    @Test
    void ansibleStyleArgumentsAreTokenized() throws Exception {
        RawWsman w = raw("plain");
        String shell = w.createShell("65001");
        String b64 = java.util.Base64.getEncoder().encodeToString("Write-Output ansible".getBytes(StandardCharsets.UTF_16LE));
        RawWsman.Output out = w.receiveAll(shell, w.command(shell, "PowerShell",
                "-NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand " + b64));
        assertEquals("ansible\r\n", new String(out.stdout(), StandardCharsets.UTF_8));
        assertEquals(0, out.exitCode());
    }

    @Test
    void everyReceiveStaysUnderMaxEnvelopeSize() throws Exception {
        RawWsman w = raw("plain");
        w.maxEnvelope = 4096;
        String shell = w.createShell(null);
        // lots of output from a line cmd.exe accepts (at most 8191 characters, as on Windows)
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 180; i++) {
            line.append(i == 0 ? "" : "&").append("echo line-").append(i).append("-abcdefghijklmnopqrstuvwxyz");
        }
        assertTrue(line.length() <= 8191, "line of " + line.length());
        // RawWsman pastes the command into the XML as is
        RawWsman.Output out = w.receiveAll(shell, w.command(shell, line.toString().replace("&", "&amp;")));
        assertTrue(out.replies().size() > 3, "split over " + out.replies().size());
        for (RawWsman.Reply r : out.replies()) {
            assertTrue(r.body().getBytes(StandardCharsets.UTF_8).length <= 4096, "envelope of " + r.body().length());
            assertEquals(r.messageId(), r.first("<a:RelatesTo>([^<]+)</a:RelatesTo>"));
        }
        String all = new String(out.stdout(), StandardCharsets.US_ASCII);
        assertTrue(all.startsWith("line-0-abc") && all.endsWith("line-179-abcdefghijklmnopqrstuvwxyz\r\n"));
        assertEquals(180, all.split("\r\n").length);
    }

    @Test
    void unknownShellGetsTheWindowsFault() throws Exception {
        RawWsman.Reply r = raw("plain").receive("00000000-0000-0000-0000-000000000000", "X");
        assertEquals(500, r.status());
        assertEquals("2150858843", r.first("Code=\"(\\d+)\""));
        assertEquals(r.messageId(), r.first("<a:RelatesTo>([^<]+)</a:RelatesTo>"));
        assertTrue(r.body().contains("<s:Value>s:Sender</s:Value>"));
    }

    @Test
    void unsupportedActionAndBadXmlFault() throws Exception {
        RawWsman.Reply r = raw("plain").post("http://schemas.xmlsoap.org/ws/2004/09/transfer/Get", null, null, "");
        assertEquals(500, r.status());
        assertEquals("2150858753", r.first("Code=\"(\\d+)\""));
        RawWsman.Reply missing = raw("plain").post(RawWsman.SHELL + "/Command", null, null, "<rsp:CommandLine/>");
        assertEquals("2150858817", missing.first("Code=\"(\\d+)\""));
    }

    @Test
    void receiveWithinOperationTimeoutTimesOutThenSucceeds() throws Exception {
        RawWsman w = raw("slow");
        w.operationTimeout = "PT0.5S";
        String shell = w.createShell(null);
        String cmd = w.command(shell, RawWsman.encodedPs("Write-Output done"));
        RawWsman.Reply first = w.receive(shell, cmd);
        assertEquals(500, first.status());
        assertEquals("2150858793", first.first("Code=\"(\\d+)\""));
        assertTrue(first.body().contains("w:TimedOut"));
        w.operationTimeout = "PT5S";
        RawWsman.Output out = w.receiveAll(shell, cmd);
        assertEquals("done\r\n", new String(out.stdout(), StandardCharsets.US_ASCII));
    }

    @Test
    void signalTerminateStopsAPendingCommandAndDeleteRemovesTheShell() throws Exception {
        RawWsman w = raw("slow");
        String shell = w.createShell(null);
        String cmd = w.command(shell, RawWsman.encodedPs("Write-Output never"));
        RawWsman.Reply sig = w.post(RawWsman.SHELL + "/Signal", shell, null, "<rsp:Signal CommandId=\"" + cmd
                + "\"><rsp:Code>" + RawWsman.SHELL + "/signal/terminate</rsp:Code></rsp:Signal>");
        assertEquals(200, sig.status());
        assertTrue(sig.body().contains("SignalResponse"));
        assertEquals("87", w.receive(shell, cmd).first("Code=\"(\\d+)\""), "terminated command is gone");

        RawWsman.Reply del = w.post("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", shell, null, "");
        assertEquals(200, del.status());
        assertEquals("2150858843", w.post("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", shell, null, "")
                .first("Code=\"(\\d+)\""));
    }

    @Test
    void authRejectedHostAnswers401WithBasicAndNegotiate() throws Exception {
        RawWsman.Reply r = raw("rejecting").post("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", null, null, "");
        assertEquals(401, r.status());
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) fleet.endpoints().get("rejecting").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.getOutputStream().close();
        assertEquals(401, c.getResponseCode());
        List<String> offered = c.getHeaderFields().entrySet().stream()
                .filter(e -> "WWW-Authenticate".equalsIgnoreCase(e.getKey())).findFirst().orElseThrow().getValue();
        assertTrue(offered.contains("Basic realm=\"WSMAN\"") && offered.contains("Negotiate"), String.valueOf(offered));
    }

    @Test
    void unreachableHostRefusesConnections() {
        URI uri = fleet.endpoints().get("down");
        assertNotNull(uri);
        assertThrows(ConnectException.class, () -> new Socket(uri.getHost(), uri.getPort()).close());
    }

    @Test
    void flakyHostDropsEveryThirdRequest() throws Exception {
        RawWsman w = raw("flaky");
        int dropped = 0;
        int answered = 0;
        for (int i = 0; i < 6; i++) {
            try {
                w.createShell(null);
                answered++;
            } catch (IOException e) {
                dropped++;
            }
        }
        assertEquals(2, dropped);
        assertEquals(4, answered);
        assertEquals(4, fleet.requests("flaky"));
    }

    @Test
    void hangingHostNeverAnswersAndIsReleasedOnClose() throws Exception {
        try (SimulatedFleet hanging = SimulatedFleet.start(List.of(spec("stuck", Map.of("fault", "hang"))),
                SimOptions.defaults(), FakeWsusModel.factory());
                Socket s = new Socket()) {
            URI uri = hanging.endpoints().get("stuck");
            s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            s.setSoTimeout(700);
            OutputStream out = s.getOutputStream();
            out.write(("POST /wsman HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n<a").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThrows(SocketTimeoutException.class, in::read);
            assertEquals(0, hanging.requests("stuck"));
            hanging.close();
            s.setSoTimeout(3000);
            assertEquals(-1, in.read(), "connection closed on fleet close");
        }
    }
}
