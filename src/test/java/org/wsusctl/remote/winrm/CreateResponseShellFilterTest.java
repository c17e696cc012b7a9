package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.apache.cxf.staxutils.StaxUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsusctl.remote.PsOutput;
import org.wsusctl.remote.RemoteShell;

/** The stream filter that stands in for winrm4j's SAAJ handler: a Create answer's {@code Shell} is dropped. */
@org.junit.jupiter.api.Timeout(60)
class CreateResponseShellFilterTest {
    private static final String CREATED = "<x:ResourceCreated><a:Address>http://localhost/wsman</a:Address>"
            + "<a:ReferenceParameters><w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd"
            + "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"ShellId\">%s</w:Selector></w:SelectorSet>"
            + "</a:ReferenceParameters></x:ResourceCreated>";
    private static final String SHELL = "<rsp:Shell><rsp:ShellId>%s</rsp:ShellId><rsp:InputStreams>stdin"
            + "</rsp:InputStreams><rsp:Shell>nested, kept</rsp:Shell></rsp:Shell>";

    /** Element events a consumer sees, from a reader left on the first body child as CXF leaves it. */
    private static List<String> bodyEvents(String body, boolean startAtBody) throws Exception {
        String doc = StubWinRmServer.envelope("urn:x", "uuid:1", body);
        XMLStreamReader r = StaxUtils.createXMLStreamReader(new StringReader(doc));
        while (!(r.getEventType() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("Body"))) {
            r.next();
        }
        if (!startAtBody) {
            r.nextTag();
        }
        XMLStreamReader f = new CreateResponseShellFilter.SkipBodyChild(r, CreateResponseShellFilter.SHELL);
        List<String> seen = new ArrayList<>();
        for (int e = f.getEventType(); e != XMLStreamConstants.END_DOCUMENT; e = f.next()) {
            if (e == XMLStreamConstants.START_ELEMENT) {
                seen.add("<" + f.getLocalName());
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                seen.add("/" + f.getLocalName());
            } else if (e == XMLStreamConstants.CHARACTERS && !f.isWhiteSpace()) {
                seen.add(f.getText());
            }
        }
        return seen;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dropsTheBodysShellWhereverItStandsAndKeepsEverythingElse(boolean startAtBody) throws Exception {
        String created = CREATED.formatted("ID1");
        String shell = SHELL.formatted("ID1");
        List<String> expected = new ArrayList<>(List.of("<ResourceCreated", "<Address", "http://localhost/wsman",
                "/Address", "<ReferenceParameters", "<ResourceURI",
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd", "/ResourceURI", "<SelectorSet",
                "<Selector", "ID1", "/Selector", "/SelectorSet", "/ReferenceParameters", "/ResourceCreated", "/Body",
                "/Envelope"));
        if (startAtBody) {
            expected.add(0, "<Body");
        }
        assertEquals(expected, bodyEvents(created + shell, startAtBody), "Shell after (Windows' order)");
        assertEquals(expected, bodyEvents(shell + "\n  " + created, startAtBody), "Shell first");
        assertEquals(expected, bodyEvents(shell + created + shell, startAtBody), "Shell twice");
        List<String> onlyShell = bodyEvents(shell, startAtBody);
        assertEquals(startAtBody ? List.of("<Body", "/Body", "/Envelope") : List.of("/Body", "/Envelope"), onlyShell);
    }

    @Test
    void aShellDeeperInTheBodyIsData() throws Exception {
        String body = "<x:ResourceCreated><rsp:Shell>inner</rsp:Shell></x:ResourceCreated>";
        assertEquals(List.of("<ResourceCreated", "<Shell", "inner", "/Shell", "/ResourceCreated", "/Body", "/Envelope"),
                bodyEvents(body, false));
    }

    /**
     * End to end through winrm4j and CXF: Windows answers Create with ResourceCreated and then the Shell; the
     * client must take the ShellId from ResourceCreated and go on, whichever order the two come in.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCreateAnswerWithTheShellOpensTheShell(boolean shellFirst) throws Exception {
        WinRmShellFactory factory = TestHosts.factory(0, Duration.ofMillis(10), Duration.ofSeconds(2));
        List<String> ids = new ArrayList<>();
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.CREATE, (ex, action, nth, messageId) -> {
                String id = UUID.randomUUID().toString().toUpperCase();
                ids.add(id);
                stub.shellIds.add(id);
                String created = CREATED.formatted(id);
                String shell = SHELL.formatted(id);
                StubWinRmServer.send(ex, 200, "application/soap+xml;charset=UTF-8", StubWinRmServer.envelope(
                        "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse", messageId,
                        shellFirst ? shell + "\r\n" + created : created + shell));
                return true;
            });
            for (int i = 0; i < 2; i++) { // the second on a client whose handler chain was already looked at
                try (RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())))) {
                    PsOutput out = shell.run("echo hi");
                    assertEquals("echo hi", out.stdout());
                }
            }
            assertEquals(2, stub.count(StubWinRmServer.DELETE));
            assertTrue(stub.shellIds.containsAll(ids), stub.shellIds + " " + ids);
        } finally {
            factory.close();
        }
    }
}
