package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;

class HtmlReportTest {
    private static final Pattern DATA = Pattern.compile(
            "<script id=\"report-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);

    private static String html(RunResult run) throws IOException {
        StringWriter w = new StringWriter();
        HtmlReport.write(run, w);
        return w.toString();
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void markupFromHostsNeverBecomesMarkup() throws IOException {
        String html = html(Fleet.mixed(Mode.APPLY));
        // the template's own two scripts and nothing else, although host names and messages hold <script>
        assertEquals(2, count(html.toLowerCase(), "<script"));
        assertEquals(2, count(html.toLowerCase(), "</script"));
        assertFalse(html.contains("\u2028") || html.contains("\u0007\"") , "raw line separators in the script");
        assertTrue(html.contains("\\u003Cscript\\u003Ealert") || html.contains("\\u003cscript\\u003ealert"),
                "the data keeps the text, escaped for the script element");
    }

    @Test
    void embeddedDataIsTheJsonReport() throws IOException {
        RunResult run = Fleet.mixed(Mode.AUDIT);
        Matcher m = DATA.matcher(html(run));
        assertTrue(m.find());
        ObjectMapper om = new ObjectMapper();
        // compared after a round trip through text: the tree holds longs where a parse gives ints
        assertTrue(om.readTree(JsonReport.tree(run).toString()).equals(om.readTree(m.group(1))),
                "the embedded data differs from the JSON report");
        assertEquals("wsus05-ünïcødé", om.readTree(m.group(1)).get("hosts").get(3).get("name").asText());
    }

    @Test
    void selfContainedWithNoExternalResources() throws IOException {
        String html = html(Fleet.mixed(Mode.AUDIT));
        String page = DATA.matcher(html).replaceAll("");
        for (String banned : List.of("src=", "href=", "<link", "@import", "url(", "http://", "https://",
                "fetch(", "XMLHttpRequest", "innerHTML", "document.write")) {
            assertFalse(page.contains(banned), "the page must not use " + banned);
        }
        assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    }

    @Test
    void headerTextIsEscaped() throws IOException {
        RunResult run = new RunResult(Mode.AUDIT, List.of("<b>evil</b> & \"pb\".yml"), Fleet.T0, Fleet.T0,
                List.of(), true, false);
        String html = html(run);
        assertTrue(html.contains("<title>wsusctl audit: &lt;b&gt;evil&lt;/b&gt; &amp; &quot;pb&quot;.yml</title>"));
        assertTrue(html.contains("<span class=\"warn\">interrupted: results are partial</span>"));
        assertTrue(html.contains("<span>hosts=0 compliant=0 drifted=0 fixed=0 failed=0 unreachable=0</span>"));
    }

    @Test
    void placeholdersInDataAreNotExpandedAgain() {
        assertEquals("a {{META}} b x {{NOPE}}", HtmlReport.fill("a {{TITLE}} b {{META}} {{NOPE}}",
                Map.of("TITLE", "{{META}}", "META", "x")));
    }

    @Test
    void aThousandHostsByTwelveStepsStaysSmallAndQuick() throws IOException {
        RunResult big = Fleet.large(1000);
        long t0 = System.nanoTime();
        String html = html(big);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(html.length() < 12_000_000, "size " + html.length());
        assertTrue(ms < 5000, "took " + ms + " ms");
        assertTrue(html.contains("lab1000"));
    }

    @Test
    void writesTheSampleReports() throws IOException {
        Path dir = Path.of("target/sample-reports");
        SampleReports.write(dir);
        for (String f : List.of("report.html", "report.json", "report.xml", "large.html")) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f);
        }
    }

    /** Renders the sample in headless Chromium; slow and needs apt, so only with -Dwsusctl.render=true. */
    @Test
    @EnabledIfSystemProperty(named = "wsusctl.render", matches = "true")
    void rendersInHeadlessChromium() throws Exception {
        Path dir = Path.of("target/sample-reports");
        SampleReports.write(dir);
        Process p = new ProcessBuilder("bash", "scripts/check-html-render.sh", dir.resolve("report.html").toString(),
                dir.resolve("report.png").toString()).inheritIO().start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "render check timed out");
        assertEquals(0, p.exitValue(), "scripts/check-html-render.sh failed");
    }
}
