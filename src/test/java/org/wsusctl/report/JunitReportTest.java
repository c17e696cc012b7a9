package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

class JunitReportTest {
    private static Schema xsd;

    @BeforeAll
    static void loadXsd() throws SAXException {
        xsd = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(JunitReportTest.class.getResource("junit-ant.xsd"));
    }

    private static String xml(RunResult run) throws IOException {
        StringWriter w = new StringWriter();
        JunitReport.write(run, w);
        return w.toString();
    }

    private static Document dom(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml)));
    }

    private static Element testcase(Document d, String host, String name) {
        NodeList cases = d.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("classname").equals(host) && e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + host + " / " + name);
    }

    private static Element child(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    @Test
    void validatesAgainstTheAntJunitSchema() throws Exception {
        for (RunResult run : List.of(Fleet.mixed(Mode.AUDIT), Fleet.mixed(Mode.APPLY), Fleet.large(30),
                new RunResult(Mode.AUDIT, List.of(), Fleet.T0, null, List.of(), true, false))) {
            xsd.newValidator().validate(new StreamSource(new StringReader(xml(run))));
        }
    }

    @Test
    void theSchemaIsStrictEnoughToCatchMistakes() {
        String noName = "<testsuites><testsuite name='p' tests='1'><testcase classname='h'/></testsuite>"
                + "</testsuites>";
        String two = "<testsuites><testsuite name='p' tests='1'><testcase classname='h' name='s'>"
                + "<failure type='drift'/><error type='failed'/></testcase></testsuite></testsuites>";
        String badCount = "<testsuites><testsuite name='p' tests='-1'/></testsuites>";
        for (String bad : List.of(noName, two, badCount)) {
            assertThrows(SAXException.class,
                    () -> xsd.newValidator().validate(new StreamSource(new StringReader(bad))), bad);
        }
    }

    @Test
    void oneSuitePerPlaybookOneCasePerHostAndStep() throws Exception {
        Document d = dom(xml(Fleet.mixed(Mode.AUDIT)));
        NodeList suites = d.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        assertEquals(Fleet.PB, ((Element) suites.item(0)).getAttribute("name"));
        assertEquals(Fleet.PB2, ((Element) suites.item(1)).getAttribute("name"));
        Element mem = testcase(d, "wsus03", "WsusPool private memory limit");
        Element failure = child(mem, "failure");
        assertNotNull(failure, "drift is a failure");
        assertEquals("drift", failure.getAttribute("type"));
        assertEquals("drift: private_memory_kb 1843200 -> 4000000: limit 1843200 KB is below 4000000 KB",
                failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("before: {\"pool\":\"WsusPool\",\"private_memory_kb\":1843200}"));
        Element approval = child(testcase(d, "wsus03", "setup account is SQL sysadmin"), "failure");
        assertTrue(approval.getAttribute("message").endsWith("(fix needs approve: true)"));
        assertEquals("failed", child(testcase(d, "wsus05-ünïcødé", "WsusPool private memory limit"), "error")
                .getAttribute("type"));
        assertEquals("unknown", child(testcase(d, "wsus05-ünïcødé", "setup account is SQL sysadmin"), "error")
                .getAttribute("type"));
        assertNotNull(child(testcase(d, "wsus05-ünïcødé", "the WSUS web service answers"), "skipped"));
        assertEquals(0, testcase(d, "wsus01", "WsusPool is started").getChildNodes().getLength());
    }

    @Test
    void hostsThatNeverRanGetAnErrorInEverySuite() throws Exception {
        Document d = dom(xml(Fleet.mixed(Mode.AUDIT)));
        List<String> suitesWithWsus09 = new ArrayList<>();
        NodeList suites = d.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            Element s = (Element) suites.item(i);
            NodeList cases = s.getElementsByTagName("testcase");
            for (int j = 0; j < cases.getLength(); j++) {
                Element c = (Element) cases.item(j);
                if (c.getAttribute("classname").equals("wsus09")) {
                    assertEquals("connect", c.getAttribute("name"));
                    Element err = child(c, "error");
                    assertEquals("unreachable", err.getAttribute("type"));
                    assertTrue(err.getAttribute("message").startsWith("unreachable: connection refused at"));
                    suitesWithWsus09.add(s.getAttribute("name"));
                }
            }
        }
        assertEquals(List.of(Fleet.PB, Fleet.PB2), suitesWithWsus09);
        // the simulated host with <script> in its name was unreachable on its first step only
        String scriptHost = "lab-" + Fleet.SCRIPT;
        assertEquals("unreachable", child(testcase(d, scriptHost, "WsusPool is started"), "error")
                .getAttribute("type"));
        assertNotNull(child(testcase(d, scriptHost, "connect"), "error"), "no step ran in the second playbook");
    }

    @Test
    void countsAndTimesMatchTheCases() throws Exception {
        Document d = dom(xml(Fleet.mixed(Mode.APPLY)));
        int[] total = new int[4];
        NodeList suites = d.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            Element s = (Element) suites.item(i);
            NodeList cases = s.getElementsByTagName("testcase");
            int f = s.getElementsByTagName("failure").getLength();
            int e = s.getElementsByTagName("error").getLength();
            int k = s.getElementsByTagName("skipped").getLength();
            double time = 0;
            for (int j = 0; j < cases.getLength(); j++) {
                time += Double.parseDouble(((Element) cases.item(j)).getAttribute("time"));
            }
            assertEquals(cases.getLength(), Integer.parseInt(s.getAttribute("tests")));
            assertEquals(f, Integer.parseInt(s.getAttribute("failures")));
            assertEquals(e, Integer.parseInt(s.getAttribute("errors")));
            assertEquals(k, Integer.parseInt(s.getAttribute("skipped")));
            assertEquals(time, Double.parseDouble(s.getAttribute("time")), 0.0005);
            total[0] += cases.getLength();
            total[1] += f;
            total[2] += e;
            total[3] += k;
        }
        Element root = d.getDocumentElement();
        // PB: 2+2+3+3+2+0+1 steps and a connect case for wsus09; PB2: 1+1+0+1+1 steps and connect cases
        // for wsus09 and the <script> host
        assertEquals(20, total[0]);
        assertEquals(total[0], Integer.parseInt(root.getAttribute("tests")));
        assertEquals(4, total[1]);
        assertEquals(total[1], Integer.parseInt(root.getAttribute("failures")));
        assertEquals(6, total[2]);
        assertEquals(total[2], Integer.parseInt(root.getAttribute("errors")));
        assertEquals(1, total[3]);
        assertEquals("0.300", testcase(d, "wsus04", "handler: recycle WsusPool").getAttribute("time"));
        assertEquals("2025-03-04T10:15:30", ((Element) suites.item(0)).getAttribute("timestamp"));
    }

    @Test
    void hostileTextStaysTextAndControlCharactersCannotBreakTheXml() throws Exception {
        String xml = xml(Fleet.mixed(Mode.AUDIT));
        assertTrue(!xml.contains("<script>"), "markup must be escaped");
        assertTrue(!xml.contains("\u0007"), "XML 1.0 cannot hold a bell character");
        Document d = dom(xml);
        assertNotNull(testcase(d, "lab-" + Fleet.SCRIPT, "WsusPool is started"));
        String evidence = testcase(d, "wsus06", "evidence from logs").getTextContent();
        assertEquals("", evidence, "an ok step has no body");
        String body = child(testcase(d, "wsus06", "WsusPool private memory limit"), "failure").getTextContent();
        assertTrue(body.contains("module: iis.apppool.private_memory"));
    }

    /** A run that starts on a whole minute still has seconds in its timestamp (Ant's schema requires them). */
    @Test
    void aTimestampOnAWholeMinuteKeepsItsSeconds() throws Exception {
        java.time.Instant minute = java.time.Instant.parse("2025-03-04T10:15:00Z");
        java.io.StringWriter w = new java.io.StringWriter();
        JunitReport.write(new org.wsusctl.engine.RunResult(org.wsusctl.engine.Mode.AUDIT, java.util.List.of(Fleet.PB),
                minute, minute, java.util.List.of(), false, false), w);
        assertTrue(w.toString().contains("timestamp=\"2025-03-04T10:15:00\""), w.toString());
    }
}
