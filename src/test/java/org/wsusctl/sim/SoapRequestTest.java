package org.wsusctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The StAX reading of requests: it refuses what a hostile client may send (DTDs, entities, oversized bodies,
 * anything not well-formed), and for every envelope reads what the hardened JDK DOM it replaced read: the same
 * header values, the same body elements, attributes and text, the same refusals.
 */
class SoapRequestTest {
    private static final String NS = "xmlns:s=\"" + Wsman.SOAP + "\" xmlns:a=\"" + Wsman.ADDRESSING + "\" xmlns:w=\""
            + Wsman.WSMAN + "\" xmlns:rsp=\"" + Wsman.SHELL + "\"";
    private static final String HEADER = "<s:Header><a:Action>" + Wsman.COMMAND + "</a:Action><a:MessageID>uuid:m1"
            + "</a:MessageID><w:SelectorSet><w:Selector Name=\"ShellId\">S1</w:Selector></w:SelectorSet></s:Header>";

    private static String envelope(String header, String body) {
        return "<s:Envelope " + NS + ">" + header + "<s:Body>" + body + "</s:Body></s:Envelope>";
    }

    /** A Create as winrm4j sends it: CXF's prefixes, default-namespace addressing, CRs as character references. */
    private static String winrm4jCreate() {
        String ws = "xmlns:ns2=\"" + Wsman.WSMAN + "\"";
        return "<soap:Envelope xmlns:soap=\"" + Wsman.SOAP + "\"><soap:Header>"
                + "<Action xmlns=\"" + Wsman.ADDRESSING + "\">" + Wsman.CREATE + "</Action>"
                + "<MessageID xmlns=\"" + Wsman.ADDRESSING + "\">urn:uuid:d7daf731</MessageID>"
                + "<ReplyTo xmlns=\"" + Wsman.ADDRESSING + "\"><Address>" + Wsman.ANONYMOUS + "</Address></ReplyTo>"
                + "<ns2:MaxEnvelopeSize " + ws + ">153600</ns2:MaxEnvelopeSize>"
                + "<ns2:OperationTimeout " + ws + ">PT20S</ns2:OperationTimeout>"
                + "<ns2:Locale " + ws + " xml:lang=\"en-US\"/>"
                + "<ns2:OptionSet " + ws + "><ns2:Option Name=\"WINRS_NOPROFILE\">FALSE</ns2:Option>"
                + "<ns2:Option Name=\"WINRS_CODEPAGE\">437</ns2:Option></ns2:OptionSet></soap:Header>"
                + "<soap:Body><ns2:Shell xmlns=\"" + Wsman.WSMAN + "\" xmlns:ns2=\"" + Wsman.SHELL + "\"><ns2:Environment>"
                + "<ns2:Variable Name=\"WSUSCTL_PREAMBLE\"># wsusctl-batch/1&#13;\n$a = 'x &amp; y &lt;z&gt; \"q\"'&#13;\n"
                + "</ns2:Variable><ns2:Variable Name=\"WSUSCTL_BATCH_1\">Invoke-WsusctlUnit -Unit 'u1' -ArgsHex '7b7d'"
                + " -Body {&#13;\n# wsusctl-script: wsus.facts.host read-only&#13;\n}</ns2:Variable></ns2:Environment>"
                + "<ns2:InputStreams>stdin</ns2:InputStreams></ns2:Shell></soap:Body></soap:Envelope>";
    }

    /** Envelopes both readers accept, in the shapes real clients send and the edges XML allows. */
    static Stream<Arguments> accepted() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("winrm4j Create", winrm4jCreate().getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("pywinrm Command", ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<env:Envelope xmlns:env=\""
                + Wsman.SOAP + "\" xmlns:a=\"" + Wsman.ADDRESSING + "\" xmlns:w=\"" + Wsman.WSMAN + "\" xmlns:rsp=\""
                + Wsman.SHELL + "\">\n  <env:Header>\n    <a:Action env:mustUnderstand=\"true\">" + Wsman.COMMAND
                + "</a:Action>\n    <a:MessageID>uuid:p1</a:MessageID>\n    <w:SelectorSet>\n      <w:Selector "
                + "Name=\"ShellId\">\n        S2\n      </w:Selector>\n    </w:SelectorSet>\n    <w:OptionSet>"
                + "<w:Option Name=\"WINRS_CONSOLEMODE_STDIN\">TRUE</w:Option></w:OptionSet>\n  </env:Header>\n"
                + "  <env:Body>\n    <rsp:CommandLine>\n      <rsp:Command>ipconfig</rsp:Command>\n      <rsp:Arguments>"
                + "/all</rsp:Arguments>\n      <rsp:Arguments>-x</rsp:Arguments>\n    </rsp:CommandLine>\n  </env:Body>\n"
                + "</env:Envelope>").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("unqualified CommandId", envelope(HEADER.replace(Wsman.COMMAND, Wsman.RECEIVE),
                "<rsp:Receive><rsp:DesiredStream CommandId=\"C1\">stdout stderr</rsp:DesiredStream></rsp:Receive>")
                .getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("qualified attributes, another prefix", envelope(HEADER.replace(Wsman.COMMAND, Wsman.SIGNAL),
                "<x:Signal xmlns:x=\"" + Wsman.SHELL + "\" x:CommandId=\"C2\" CommandId=\"C3\" o:Name=\"n\" xmlns:o=\"urn:o\">"
                + "<x:Code>" + Wsman.SIGNAL_TERMINATE + "</x:Code></x:Signal>").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("mixed content, CDATA, comments, PIs", envelope(
                "<s:Header><!-- c --><?pi data?><a:Action>" + Wsman.SEND + "</a:Action><a:MessageID>uu<!-- x -->id:"
                + "<b>m<i>2</i></b><![CDATA[<&>]]></a:MessageID><w:SelectorSet><w:Selector Name=\"ShellId\">A<?p?>B"
                + "</w:Selector><w:Selector Name=\"Other\">O</w:Selector><w:Selector Name=\"ShellId\">Last</w:Selector>"
                + "</w:SelectorSet><w:OperationTimeout> PT1.5S </w:OperationTimeout><w:MaxEnvelopeSize>\n 4096 "
                + "</w:MaxEnvelopeSize></s:Header>",
                "text before<rsp:Send><rsp:Stream Name=\"stdin\" CommandId=\"C\">aGk=</rsp:Stream></rsp:Send>")
                .getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("character references", envelope(HEADER,
                "<rsp:CommandLine><rsp:Command>&#x63;md &#233; &#x1F600; &quot;&apos;</rsp:Command></rsp:CommandLine>")
                .getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("UTF-8 with BOM", withPrefix(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                envelope(HEADER, "<rsp:CommandLine><rsp:Command>caf\u00e9</rsp:Command></rsp:CommandLine>")
                        .getBytes(StandardCharsets.UTF_8))));
        out.add(Arguments.of("UTF-16 with BOM", ("\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + envelope(HEADER,
                "<rsp:CommandLine><rsp:Command>\u20ac</rsp:Command></rsp:CommandLine>")).getBytes(StandardCharsets.UTF_16BE)));
        out.add(Arguments.of("ISO-8859-1 declared", ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + envelope(HEADER,
                "<rsp:CommandLine><rsp:Command>caf\u00e9</rsp:Command></rsp:CommandLine>"))
                .getBytes(StandardCharsets.ISO_8859_1)));
        out.add(Arguments.of("empty body", envelope(HEADER, "").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("body of text only", envelope(HEADER, " just text ").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("empty elements", envelope("<s:Header><a:Action>" + Wsman.DELETE + "</a:Action><a:MessageID/>"
                + "<w:SelectorSet><w:Selector Name=\"ShellId\"/></w:SelectorSet><w:OptionSet><w:Option Name=\"A\"/>"
                + "<w:Option/></w:OptionSet></s:Header>", "<rsp:Shell/>").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("faults after parsing: no header", ("<s:Envelope " + NS + "><s:Body/></s:Envelope>")
                .getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("faults after parsing: no body, a message id", ("<s:Envelope " + NS + "><s:Header><a:MessageID>"
                + "uuid:nb</a:MessageID></s:Header></s:Envelope>").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("faults after parsing: no action", envelope("<s:Header><a:MessageID>uuid:na</a:MessageID>"
                + "</s:Header>", "").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("faults after parsing: SOAP 1.1", ("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/"
                + "envelope/\"><s:Header/><s:Body/></s:Envelope>").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("faults after parsing: bad timeout", envelope(HEADER.replace("</s:Header>",
                "<w:OperationTimeout>60 seconds</w:OperationTimeout></s:Header>"), "").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("faults after parsing: bad size", envelope(HEADER.replace("</s:Header>",
                "<w:MaxEnvelopeSize>big</w:MaxEnvelopeSize></s:Header>"), "").getBytes(StandardCharsets.UTF_8)));
        out.add(Arguments.of("a root in no namespace", "<Envelope/>".getBytes(StandardCharsets.UTF_8)));
        return out.stream();
    }

    /** Bodies both readers refuse as not well-formed (or hostile). */
    static Stream<Arguments> refused() {
        String ok = envelope(HEADER, "");
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("not XML", "hello"),
                Arguments.of("truncated", ok.substring(0, ok.length() - 5)),
                Arguments.of("unbound prefix", ok.replace("<s:Body>", "<s:Body><q:x/>")),
                Arguments.of("trailing element", ok + "<s:Envelope " + NS + "/>"),
                Arguments.of("trailing text", ok + "junk"),
                Arguments.of("undeclared entity", ok.replace("uuid:m1", "&foo;")),
                Arguments.of("duplicate attribute", ok.replace("Name=\"ShellId\"", "Name=\"ShellId\" Name=\"x\"")),
                Arguments.of("mismatched tags", ok.replace("</a:Action>", "</a:Actio>")),
                Arguments.of("bad character reference", ok.replace("uuid:m1", "&#0;")),
                Arguments.of("DOCTYPE", "<!DOCTYPE s:Envelope>" + ok),
                Arguments.of("internal entity", "<!DOCTYPE e [<!ENTITY id \"uuid:evil\">]>" + ok.replace("uuid:m1", "&id;")),
                Arguments.of("external entity", "<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
                        + ok.replace("uuid:m1", "&x;")),
                Arguments.of("external DTD", "<!DOCTYPE e SYSTEM \"http://127.0.0.1:9/evil.dtd\">" + ok),
                Arguments.of("parameter entity", "<!DOCTYPE e [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>" + ok),
                Arguments.of("billion laughs", billionLaughs() + ok.replace("uuid:m1", "&l9;")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void readsWhatTheDomRead(String name, byte[] xml) throws Exception {
        Document dom = dom(xml); // every case here is well-formed
        SoapRequest.Malformed expectedFault = domFault(dom);
        if (expectedFault != null) {
            SoapRequest.Malformed fault = assertThrows(SoapRequest.Malformed.class, () -> SoapRequest.parse(xml));
            assertEquals(expectedFault.getMessage(), fault.getMessage());
            assertEquals(expectedFault.messageId, fault.messageId);
            return;
        }
        SoapRequest r = SoapRequest.parse(xml);
        Element header = domChild(dom.getDocumentElement(), Wsman.SOAP, "Header");
        assertEquals(domText(domChild(header, Wsman.ADDRESSING, "Action")), r.action());
        assertEquals(domText(domChild(header, Wsman.ADDRESSING, "MessageID")), r.messageId());
        assertEquals(domShellId(header), r.shellId());
        assertEquals(domOptions(header), r.options());
        Element body = null;
        for (Node n = domChild(dom.getDocumentElement(), Wsman.SOAP, "Body").getFirstChild(); n != null && body == null;
                n = n.getNextSibling()) {
            body = n instanceof Element e ? e : null;
        }
        assertSameTree(body, r.body(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatTheDomRefused(String name, String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        assertThrows(org.xml.sax.SAXException.class, () -> dom(bytes), "the hardened DOM refuses " + name);
        SoapRequest.Malformed e = assertThrows(SoapRequest.Malformed.class, () -> SoapRequest.parse(bytes));
        assertTrue(e.getMessage().startsWith("request body is not well-formed XML: "), e.getMessage());
        assertEquals("", e.messageId);
    }

    @Test
    void aDoctypeIsRefusedBeforeAnythingItDeclaresIsUsed(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cr3t-file-content");
        String xml = "<!DOCTYPE e [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + envelope(HEADER.replace("uuid:m1", "&x;"), "");
        SoapRequest.Malformed e = assertThrows(SoapRequest.Malformed.class,
                () -> SoapRequest.parse(xml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertEquals("", e.messageId, "nothing of the document is echoed");
    }

    @Test
    void entitiesAreNeverExpanded() {
        // refused at the DOCTYPE: the 10^9 laughs are never built
        SoapRequest.Malformed e = assertThrows(SoapRequest.Malformed.class, () -> SoapRequest.parse(
                (billionLaughs() + envelope(HEADER.replace("uuid:m1", "&l9;"), "")).getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void aBodyLargerThanTheServerReadsIsRefusedUnread() {
        int base = command("").length;
        byte[] fits = command("y".repeat(SoapRequest.MAX_REQUEST_BYTES - base));
        assertEquals(SoapRequest.MAX_REQUEST_BYTES, fits.length);
        assertEquals(SoapRequest.MAX_REQUEST_BYTES - base,
                parsed(fits).body().child(Wsman.SHELL, "Command").textContent().length());
        byte[] big = command("y".repeat(SoapRequest.MAX_REQUEST_BYTES - base + 1));
        SoapRequest.Malformed e = assertThrows(SoapRequest.Malformed.class, () -> SoapRequest.parse(big));
        assertTrue(e.getMessage().contains("larger than " + SoapRequest.MAX_REQUEST_BYTES), e.getMessage());
    }

    private static byte[] command(String text) {
        return envelope(HEADER, "<rsp:CommandLine><rsp:Command>" + text + "</rsp:Command></rsp:CommandLine>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A thread's reader is used again (and replaced now and then): each request is read on its own. */
    @Test
    void manyRequestsOnOneThreadEachReadAlone() throws Exception {
        for (int i = 0; i < 3 * 256 + 7; i++) {
            String id = "uuid:" + i;
            String xml = switch (i % 4) {
                case 0 -> envelope(HEADER.replace("uuid:m1", id), "<rsp:Receive><rsp:DesiredStream CommandId=\"c" + i
                        + "\">stdout</rsp:DesiredStream></rsp:Receive>");
                case 1 -> envelope(HEADER.replace("uuid:m1", id), "<rsp:CommandLine><rsp:Command>x" + i
                        + "</rsp:Command>"); // cut off: refused, and its reader not used again
                case 2 -> "<!DOCTYPE x>" + envelope(HEADER, "");
                default -> winrm4jCreate().replace("urn:uuid:d7daf731", id);
            };
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            if (i % 4 == 1 || i % 4 == 2) {
                assertThrows(SoapRequest.Malformed.class, () -> SoapRequest.parse(bytes), "request " + i);
                continue;
            }
            SoapRequest r = SoapRequest.parse(bytes);
            assertEquals(id, r.messageId(), "request " + i);
            if (i % 4 == 0) {
                assertEquals("c" + i, SoapRequest.shellAttribute(r.body().child(Wsman.SHELL, "DesiredStream"), "CommandId"));
            } else {
                assertEquals(Map.of("WINRS_NOPROFILE", "FALSE", "WINRS_CODEPAGE", "437"), r.options());
                assertEquals(2, r.body().child(Wsman.SHELL, "Environment").children().size());
            }
        }
    }

    @Test
    void readsTheWinrm4jCreate() throws Exception {
        SoapRequest r = SoapRequest.parse(winrm4jCreate().getBytes(StandardCharsets.UTF_8));
        assertEquals(Wsman.CREATE, r.action());
        assertEquals("urn:uuid:d7daf731", r.messageId());
        assertNull(r.shellId());
        assertEquals(Duration.ofSeconds(20), r.operationTimeout());
        assertEquals(153600, r.maxEnvelopeSize());
        assertEquals(Map.of("WINRS_NOPROFILE", "FALSE", "WINRS_CODEPAGE", "437"), r.options());
        List<SoapElement> vars = r.body().child(Wsman.SHELL, "Environment").children(Wsman.SHELL, "Variable");
        assertEquals(2, vars.size());
        assertEquals("WSUSCTL_PREAMBLE", vars.get(0).attribute("Name"));
        assertEquals("# wsusctl-batch/1\r\n$a = 'x & y <z> \"q\"'\r\n", vars.get(0).textContent());
        assertTrue(vars.get(1).textContent().startsWith("Invoke-WsusctlUnit -Unit 'u1'"));
    }

    // ---------------------------------------------------------------- the DOM oracle: what the simulator read before

    private static SoapRequest parsed(byte[] xml) {
        try {
            return SoapRequest.parse(xml);
        } catch (SoapRequest.Malformed e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    private static Document dom(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
        return b.parse(new ByteArrayInputStream(xml));
    }

    /** The fault the DOM-based reading raised after parsing, or null. */
    private static SoapRequest.Malformed domFault(Document dom) {
        Element env = dom.getDocumentElement();
        if (!Wsman.SOAP.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
            return new SoapRequest.Malformed("root element is not a SOAP 1.2 Envelope", "");
        }
        Element header = domChild(env, Wsman.SOAP, "Header");
        String messageId = header == null ? "" : domText(domChild(header, Wsman.ADDRESSING, "MessageID"));
        if (header == null || domChild(env, Wsman.SOAP, "Body") == null) {
            return new SoapRequest.Malformed("envelope needs s:Header and s:Body", messageId);
        }
        if (domText(domChild(header, Wsman.ADDRESSING, "Action")).isEmpty()) {
            return new SoapRequest.Malformed("a:Action header missing", messageId);
        }
        String t = domText(domChild(header, Wsman.WSMAN, "OperationTimeout"));
        try {
            Duration.parse(t.isEmpty() ? "PT60S" : t);
        } catch (java.time.format.DateTimeParseException e) {
            return new SoapRequest.Malformed("w:OperationTimeout is not an xs:duration: " + t, messageId);
        }
        String m = domText(domChild(header, Wsman.WSMAN, "MaxEnvelopeSize"));
        try {
            Integer.parseInt(m.isEmpty() ? "1" : m);
        } catch (NumberFormatException e) {
            return new SoapRequest.Malformed("w:MaxEnvelopeSize is not a number: " + m, messageId);
        }
        return null;
    }

    private static String domShellId(Element header) {
        String id = null;
        Element selectors = domChild(header, Wsman.WSMAN, "SelectorSet");
        for (Element s : selectors == null ? List.<Element>of() : domChildren(selectors, Wsman.WSMAN, "Selector")) {
            if ("ShellId".equals(s.getAttribute("Name"))) {
                id = domText(s);
            }
        }
        return id;
    }

    private static Map<String, String> domOptions(Element header) {
        Map<String, String> options = new HashMap<>();
        Element set = domChild(header, Wsman.WSMAN, "OptionSet");
        for (Element o : set == null ? List.<Element>of() : domChildren(set, Wsman.WSMAN, "Option")) {
            options.put(o.getAttribute("Name"), domText(o));
        }
        return options;
    }

    /** Same names, attributes (by qualified name and by namespace), text and child elements, all the way down. */
    private static void assertSameTree(Element expected, SoapElement actual, String where) {
        if (expected == null) {
            assertNull(actual, where);
            return;
        }
        assertNotNull(actual, where);
        String here = where + "/" + expected.getNodeName();
        assertEquals(expected.getNamespaceURI() == null ? "" : expected.getNamespaceURI(), actual.namespace(), here);
        assertEquals(expected.getLocalName(), actual.localName(), here);
        assertEquals(expected.getTextContent(), actual.textContent(), here);
        NamedNodeMap attrs = expected.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                continue; // namespace declarations: not attributes to StAX, and nothing the simulator reads
            }
            assertEquals(expected.getAttribute(a.getName()), actual.attribute(a.getName()), here + "@" + a.getName());
            assertEquals(expected.getAttributeNS(a.getNamespaceURI(), a.getLocalName()),
                    actual.attribute(a.getNamespaceURI() == null ? "" : a.getNamespaceURI(), a.getLocalName()),
                    here + "@{" + a.getNamespaceURI() + "}" + a.getLocalName());
        }
        for (String absent : List.of("Name", "CommandId", "Missing")) {
            assertEquals(expected.getAttribute(absent), actual.attribute(absent), here + "@" + absent);
            assertEquals(expected.getAttributeNS(Wsman.SHELL, absent), actual.attribute(Wsman.SHELL, absent), here);
        }
        List<Element> kids = new ArrayList<>();
        for (Node n = expected.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                kids.add(e);
            }
        }
        List<SoapElement> actualKids = actual.children();
        assertEquals(kids.size(), actualKids.size(), here + " children");
        for (int i = 0; i < kids.size(); i++) {
            assertSameTree(kids.get(i), actualKids.get(i), here);
        }
    }

    private static Element domChild(Element parent, String ns, String local) {
        List<Element> all = parent == null ? List.of() : domChildren(parent, ns, local);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> domChildren(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String domText(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }

    private static String billionLaughs() {
        StringBuilder sb = new StringBuilder("<!DOCTYPE e [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            sb.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return sb.append("]>").toString();
    }

    private static byte[] withPrefix(byte[] prefix, byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(rest);
        return out.toByteArray();
    }
}
