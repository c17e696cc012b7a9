package org.wsusctl.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare WS-Management client for tests that need what winrm4j does not expose: code pages, raw stream bytes,
 * MaxEnvelopeSize, unqualified attributes (as pywinrm sends them), invalid shell ids.
 */
final class RawWsman {
    static final String NS = "xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
            + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"";
    static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";

    record Reply(int status, String body, String messageId) {
        String first(String regex) {
            Matcher m = Pattern.compile(regex).matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    private final HttpClient http;
    private final URI uri;
    int maxEnvelope = 153600;
    String operationTimeout = "PT5S";

    RawWsman(URI uri) {
        this(uri, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    RawWsman(URI uri, HttpClient http) {
        this.uri = uri;
        this.http = http;
    }

    Reply post(String action, String shellId, String options, String body) throws IOException, InterruptedException {
        String id = "uuid:" + UUID.randomUUID();
        String xml = "<s:Envelope " + NS + "><s:Header><a:To>" + uri + "</a:To><a:Action>" + action + "</a:Action><a:MessageID>" + id
                + "</a:MessageID><w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>"
                + "<w:MaxEnvelopeSize>" + maxEnvelope + "</w:MaxEnvelopeSize><w:OperationTimeout>" + operationTimeout
                + "</w:OperationTimeout>"
                + (shellId == null ? "" : "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId + "</w:Selector></w:SelectorSet>")
                + (options == null ? "" : "<w:OptionSet>" + options + "</w:OptionSet>")
                + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/soap+xml;charset=UTF-8")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("tester:pw".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(xml)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), id);
    }

    String createShell(String codePage) throws IOException, InterruptedException {
        Reply r = post("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", null,
                codePage == null ? null : "<w:Option Name=\"WINRS_CODEPAGE\">" + codePage + "</w:Option>",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>");
        if (r.status() != 200) {
            throw new IOException("Create failed: " + r.status() + " " + r.body());
        }
        return r.first("<w:Selector Name=\"ShellId\">([^<]+)</w:Selector>");
    }

    String command(String shellId, String command, String... args) throws IOException, InterruptedException {
        StringBuilder a = new StringBuilder();
        for (String s : args) {
            a.append("<rsp:Arguments>").append(s).append("</rsp:Arguments>");
        }
        Reply r = post(SHELL + "/Command", shellId, null,
                "<rsp:CommandLine><rsp:Command>" + command + "</rsp:Command>" + a + "</rsp:CommandLine>");
        if (r.status() != 200) {
            throw new IOException("Command failed: " + r.status() + " " + r.body());
        }
        return r.first("<rsp:CommandId>([^<]+)</rsp:CommandId>");
    }

    /** Receive with the CommandId attribute unqualified, as pywinrm sends it. */
    Reply receive(String shellId, String commandId) throws IOException, InterruptedException {
        return post(SHELL + "/Receive", shellId, null,
                "<rsp:Receive><rsp:DesiredStream CommandId=\"" + commandId + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>");
    }

    /** Output of a command, receiving until Done. */
    record Output(byte[] stdout, byte[] stderr, int exitCode, List<Reply> replies) { }

    Output receiveAll(String shellId, String commandId) throws IOException, InterruptedException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Reply r = receive(shellId, commandId);
            replies.add(r);
            if (r.status() != 200) {
                throw new IOException("Receive failed: " + r.status() + " " + r.body());
            }
            Matcher m = Pattern.compile("<rsp:Stream Name=\"(stdout|stderr)\" CommandId=\"[^\"]+\">([^<]*)</rsp:Stream>").matcher(r.body());
            while (m.find()) {
                (m.group(1).equals("stdout") ? out : err).writeBytes(Base64.getDecoder().decode(m.group(2)));
            }
            String exit = r.first("<rsp:ExitCode>(-?\\d+)</rsp:ExitCode>");
            if (exit != null) {
                return new Output(out.toByteArray(), err.toByteArray(), Integer.parseInt(exit), replies);
            }
        }
        throw new IOException("command never finished");
    }

    static String encodedPs(String script) {
        return "powershell -NoProfile -EncodedCommand " + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }
}
