package org.wsusctl.report;

import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

/**
 * JUnit XML in the Ant/Jenkins format CI servers read: one {@code <testsuite>} per playbook, one
 * {@code <testcase classname="HOST" name="STEP">} per host and step. Drift is a {@code <failure>} (as
 * Ansible's junit callback with fail-on-change), a failed, unknown or unreachable step an {@code <error>},
 * a skipped step {@code <skipped/>}. A host that failed or was unreachable before any step ran gets one
 * {@code connect} test case with an error in every suite, so CI never counts it as passing.
 */
public final class JunitReport {
    private static final java.time.format.DateTimeFormatter TIMESTAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** Name of the test case standing for a host that never got to run a playbook's steps. */
    static final String CONNECT_CASE = "connect";

    private JunitReport() {
    }

    /** Writes the report; flushes but does not close {@code out}. */
    public static void write(RunResult run, Writer out) throws IOException {
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            List<Suite> suites = suites(run);
            Counts all = new Counts();
            suites.forEach(s -> all.add(s.counts()));
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "wsusctl " + run.mode().json());
            all.attributes(x);
            x.writeCharacters("\n");
            for (Suite s : suites) {
                suite(x, run, s);
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
            out.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit XML report: " + e.getMessage(), e);
        }
    }

    /** One test case: a step on a host, or the stand-in for a host whose steps never ran. */
    private record Case(String host, String name, StepStatus status, String message, String body, long ms) {
    }

    private record Suite(String playbook, List<Case> cases) {
        Counts counts() {
            Counts c = new Counts();
            cases.forEach(c::add);
            return c;
        }
    }

    private static final class Counts {
        int tests, failures, errors, skipped;
        long ms;

        void add(Case c) {
            tests++;
            ms += c.ms();
            switch (c.status()) {
                case DRIFT -> failures++;
                case FAILED, UNKNOWN, UNREACHABLE -> errors++;
                case SKIPPED, BLOCKED -> skipped++;
                default -> { }
            }
        }

        void add(Counts o) {
            tests += o.tests;
            failures += o.failures;
            errors += o.errors;
            skipped += o.skipped;
            ms += o.ms;
        }

        void attributes(XMLStreamWriter x) throws XMLStreamException {
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", Integer.toString(errors));
            x.writeAttribute("skipped", Integer.toString(skipped));
            x.writeAttribute("time", seconds(ms));
        }
    }

    private static List<Suite> suites(RunResult run) {
        Set<String> names = new LinkedHashSet<>();
        run.hosts().forEach(h -> h.steps().forEach(s -> names.add(s.playbook())));
        if (names.isEmpty()) {
            names.addAll(run.playbooks());
        }
        if (names.isEmpty()) {
            names.add("wsusctl");
        }
        Map<String, List<Case>> cases = new LinkedHashMap<>();
        names.forEach(n -> cases.put(n, new ArrayList<>()));
        for (HostResult h : run.hosts()) {
            Set<String> seen = new LinkedHashSet<>();
            for (StepResult s : h.steps()) {
                seen.add(s.playbook());
                String name = s.handler() ? "handler: " + s.step() : s.step();
                cases.get(s.playbook()).add(new Case(h.name(), name, s.status(), message(s), body(s),
                        s.durationMs()));
            }
            boolean neverRan = h.status() == HostStatus.UNREACHABLE || h.status() == HostStatus.FAILED
                    || h.status() == HostStatus.NOT_STARTED;
            for (String pb : names) {
                if (neverRan && !seen.contains(pb)) {
                    // A host never started is skipped, not an error: nothing was tried on it.
                    StepStatus st = h.status() == HostStatus.UNREACHABLE ? StepStatus.UNREACHABLE
                            : h.status() == HostStatus.NOT_STARTED ? StepStatus.SKIPPED : StepStatus.FAILED;
                    String msg = h.status().json() + ": " + (h.message() == null ? "" : h.message());
                    String body = msg + (h.endpoint() == null ? "" : "\nendpoint: " + h.endpoint());
                    cases.get(pb).add(new Case(h.name(), CONNECT_CASE, st, msg, body, 0));
                }
            }
        }
        List<Suite> out = new ArrayList<>();
        cases.forEach((pb, list) -> out.add(new Suite(pb, list)));
        return out;
    }

    private static void suite(XMLStreamWriter x, RunResult run, Suite s) throws XMLStreamException {
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", Values.xmlSafe(s.playbook()));
        s.counts().attributes(x);
        if (run.started() != null) {
            // Ant's timestamp is a local date-time without zone; UTC keeps it unambiguous.
            x.writeAttribute("timestamp",
                    // LocalDateTime.toString() drops ":00" seconds, which Ant's schema refuses: always format them.
                    TIMESTAMP.format(run.started().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)));
        }
        x.writeAttribute("hostname", "wsusctl");
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        property(x, "mode", run.mode().json());
        property(x, "interrupted", Boolean.toString(run.interrupted()));
        x.writeEndElement();
        x.writeCharacters("\n");
        for (Case c : s.cases()) {
            testcase(x, c);
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }

    private static void testcase(XMLStreamWriter x, Case c) throws XMLStreamException {
        x.writeCharacters("    ");
        String kind = switch (c.status()) {
            case DRIFT -> "failure";
            case FAILED, UNKNOWN, UNREACHABLE -> "error";
            case SKIPPED, BLOCKED -> "skipped";
            default -> null;
        };
        if (kind == null) {
            x.writeEmptyElement("testcase");
            caseAttributes(x, c);
        } else {
            x.writeStartElement("testcase");
            caseAttributes(x, c);
            if (kind.equals("skipped")) {
                x.writeEmptyElement("skipped");
                if (c.message() != null) {
                    x.writeAttribute("message", Values.xmlSafe(c.message()));
                }
            } else {
                x.writeStartElement(kind);
                x.writeAttribute("message", Values.xmlSafe(c.message()));
                x.writeAttribute("type", c.status().json());
                x.writeCharacters(Values.xmlSafe(c.body()));
                x.writeEndElement();
            }
            x.writeEndElement();
        }
        x.writeCharacters("\n");
    }

    private static void caseAttributes(XMLStreamWriter x, Case c) throws XMLStreamException {
        x.writeAttribute("classname", Values.xmlSafe(c.host()));
        x.writeAttribute("name", Values.xmlSafe(c.name()));
        x.writeAttribute("time", seconds(c.ms()));
    }

    /** {@code drift: private_memory_kb 1843200 -> 4000000: <message>}; a blocked step says by what. */
    private static String message(StepResult s) {
        if (s.status() == StepStatus.BLOCKED) {
            return "blocked by " + String.join(", ", s.blockedBy()) + " (judged once the cause is fixed)";
        }
        StringBuilder sb = new StringBuilder(s.status().json());
        String changes = Change.line(Change.of(s));
        if (!changes.isEmpty() && s.status() != StepStatus.SKIPPED) {
            sb.append(": ").append(changes);
        }
        if (s.message() != null && !s.message().isEmpty()) {
            sb.append(": ").append(s.message());
        }
        if (s.needsApproval()) {
            sb.append(" (fix needs approve: true)");
        }
        return sb.toString();
    }

    private static String body(StepResult s) {
        StringBuilder sb = new StringBuilder();
        sb.append("module: ").append(s.module()).append('\n');
        if (s.message() != null) {
            sb.append("message: ").append(s.message()).append('\n');
        }
        sb.append("before: ").append(Values.text(Values.redact(s.before()))).append('\n');
        sb.append("after: ").append(Values.text(Values.redact(s.after()))).append('\n');
        if (s.expected() != null) {
            sb.append("expected: ").append(Values.text(Values.redact(s.expected()))).append('\n');
        }
        if (s.evidence() != null) {
            sb.append("evidence: ").append(Values.text(Values.redact(s.evidence()))).append('\n');
        }
        return sb.toString();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

}
