package org.wsusctl.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.wsusctl.engine.RunResult;

/**
 * The fleet report for people: one self-contained HTML file (inline CSS and JS, no network, a CSP that
 * forbids any) with the summary, a hosts x steps grid coloured by status and labelled in text, per-host
 * details, filtering and sorting. The run's data is embedded as the same JSON tree as
 * {@link JsonReport} and drawn by a small script with DOM text nodes only, so nothing from a host can
 * become markup; the few server-side strings are HTML-escaped.
 */
public final class HtmlReport {
    private static final String TEMPLATE = "report.html";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private HtmlReport() {
    }

    /** Writes the report; flushes but does not close {@code out}. */
    public static void write(RunResult run, Writer out) throws IOException {
        write(run, java.util.List.of(), out);
    }

    /** As {@link #write(RunResult, Writer)}, with the journal's open entries in the embedded data. */
    public static void write(RunResult run, java.util.List<Journal.OpenEntry> open, Writer out) throws IOException {
        write(run, open, java.util.Optional.empty(), out);
    }

    /** As {@link #write(RunResult, java.util.List, Writer)}, saying which shard (or merge of shards) it shows. */
    public static void write(RunResult run, java.util.List<Journal.OpenEntry> open,
            java.util.Optional<FleetScope> scope, Writer out) throws IOException {
        String title = "wsusctl " + run.mode().json() + ": " + String.join(", ", run.playbooks());
        Map<String, String> values = Map.of(
                "TITLE", escape(title),
                "META", meta(run, scope),
                "DATA", scriptSafeJson(run, open, scope));
        out.write(fill(template(), values));
        out.flush();
    }

    private static String meta(RunResult run, java.util.Optional<FleetScope> scope) {
        StringBuilder sb = new StringBuilder();
        span(sb, "mode " + run.mode().json());
        scope.flatMap(FleetScope::shard).ifPresent(s -> span(sb, "shard " + s.describe() + " of "
                + scope.get().selectedHosts() + " selected hosts"));
        scope.flatMap(FleetScope::merged).ifPresent(m -> span(sb, "merged from " + m.total() + " shards"
                + m.by().map(b -> " by " + b).orElse("")));
        if (run.started() != null) {
            span(sb, "started " + run.started());
        }
        if (run.started() != null && run.finished() != null) {
            Duration d = Duration.between(run.started(), run.finished());
            span(sb, "took " + d.toSeconds() + "." + String.format("%03d", d.toMillisPart()) + " s");
        }
        span(sb, run.summary().line());
        if (run.interrupted()) {
            sb.append("<span class=\"warn\">interrupted: results are partial</span>");
        }
        if (run.stoppedEarly()) {
            sb.append("<span class=\"warn\">").append(escape("stopped early: "
                    + run.stopReason().map(r -> r.message()).orElse("some hosts were not started"))).append("</span>");
        }
        return sb.toString();
    }

    private static void span(StringBuilder sb, String text) {
        sb.append("<span>").append(escape(text)).append("</span>");
    }

    /**
     * JSON that cannot end the {@code <script>} element it sits in nor be read as markup: {@code <},
     * {@code >}, {@code &} and the JS line separators are written as {@code \\uXXXX} escapes.
     */
    static String scriptSafeJson(RunResult run) throws IOException {
        return scriptSafeJson(run, java.util.List.of());
    }

    static String scriptSafeJson(RunResult run, java.util.List<Journal.OpenEntry> open) throws IOException {
        return scriptSafeJson(run, open, java.util.Optional.empty());
    }

    static String scriptSafeJson(RunResult run, java.util.List<Journal.OpenEntry> open,
            java.util.Optional<FleetScope> scope) throws IOException {
        return MAPPER.writer().with(new ScriptEscapes()).writeValueAsString(JsonReport.tree(run, open, scope));
    }

    /** HTML text and attribute escaping. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Replaces each {@code {{NAME}}} of the template once, scanning only the template's own text. */
    static String fill(String template, Map<String, String> values) {
        StringBuilder sb = new StringBuilder(template.length() + values.values().stream().mapToInt(String::length).sum());
        int pos = 0;
        while (true) {
            int open = template.indexOf("{{", pos);
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open);
            String name = close < 0 ? null : template.substring(open + 2, close);
            if (name == null || !values.containsKey(name)) {
                sb.append(template, pos, open + 2);
                pos = open + 2;
                continue;
            }
            sb.append(template, pos, open).append(values.get(name));
            pos = close + 2;
        }
        return sb.append(template, pos, template.length()).toString();
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("resource org/wsusctl/report/" + TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource org/wsusctl/report/" + TEMPLATE, e);
        }
    }

    private static final class ScriptEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table;

        ScriptEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // U+2028/2029 end a line in older JavaScript parsers even inside strings.
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            if (ch == 0x2029) {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }
}
