package org.wsusctl.sim;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The parts of a WS-Management request the simulator acts on, read with a namespace-aware StAX reader into
 * {@link SoapElement}s. Reading every envelope (a 30 KB Create and an 8 KB Command per host) is the largest part
 * of the simulator's CPU; the JDK's StAX reader, reused, takes about a quarter less than the DOM it replaced
 * (make bench, issue 15). Most of what remains is the JDK's scanner itself.
 *
 * <p>Requests come from the network, so the reader takes no DTD (a request with a DOCTYPE is refused before any
 * of its declarations could be used), resolves no external entity, and reads at most
 * {@link #MAX_REQUEST_BYTES}; only the predefined entities and character references are expanded.
 *
 * @param action {@code a:Action}
 * @param messageId {@code a:MessageID}, echoed as {@code a:RelatesTo}
 * @param shellId the {@code ShellId} selector, or null
 * @param operationTimeout {@code w:OperationTimeout} (default 60 s)
 * @param maxEnvelopeSize {@code w:MaxEnvelopeSize} in bytes (default 153600)
 * @param options {@code w:OptionSet} name to value
 * @param body the first element in {@code s:Body}, or null
 */
record SoapRequest(String action, String messageId, String shellId, Duration operationTimeout, int maxEnvelopeSize,
        Map<String, String> options, SoapElement body) {
    static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_ENVELOPE = 153600;
    /** The server reads no larger body ({@link SimServer#MAX_REQUEST_BYTES}); an unsealed message is no larger. */
    static final int MAX_REQUEST_BYTES = SimServer.MAX_REQUEST_BYTES;
    /** The JDK factory's property for handing out its closed reader again ({@code XMLInputFactoryImpl}). */
    private static final String REUSE_READER = "reuse-instance";

    /** Thrown for a request that is not a WS-Management SOAP envelope. */
    static final class Malformed extends Exception {
        final String messageId;

        Malformed(String message, String messageId) {
            super(message);
            this.messageId = messageId;
        }
    }

    /** Per thread: the JDK documents no thread safety for {@link XMLInputFactory#createXMLStreamReader}. */
    private static final ThreadLocal<Readers> READERS = ThreadLocal.withInitial(Readers::new);

    /**
     * A thread's reader factory. The JDK's factory can hand out one reader again and again once it was closed (its
     * {@code reuse-instance} property), which saves building a scanner, entity manager and buffers per request (a
     * sixth of the reading in make bench). A reused reader keeps its symbol table of every name it has seen, so it
     * is replaced after {@link #USES} requests, and after any request it refused: what clients send cannot pile up.
     */
    private static final class Readers {
        static final int USES = 256;
        private XMLInputFactory factory;
        private int uses;

        XMLInputFactory factory() {
            if (factory == null || uses >= USES) {
                factory = newFactory();
                uses = 0;
            }
            uses++;
            return factory;
        }

        void discard() {
            factory = null;
        }
    }

    static SoapRequest parse(byte[] xml) throws Malformed {
        if (xml.length > MAX_REQUEST_BYTES) {
            throw new Malformed("request body of " + xml.length + " bytes is larger than " + MAX_REQUEST_BYTES, "");
        }
        SoapElement env = read(xml);
        if (!env.is(Wsman.SOAP, "Envelope")) {
            throw new Malformed("root element is not a SOAP 1.2 Envelope", "");
        }
        SoapElement header = env.child(Wsman.SOAP, "Header");
        SoapElement bodyEl = env.child(Wsman.SOAP, "Body");
        String messageId = header == null ? "" : text(header.child(Wsman.ADDRESSING, "MessageID"));
        if (header == null || bodyEl == null) {
            throw new Malformed("envelope needs s:Header and s:Body", messageId);
        }
        String action = text(header.child(Wsman.ADDRESSING, "Action"));
        if (action.isEmpty()) {
            throw new Malformed("a:Action header missing", messageId);
        }
        String shellId = null;
        SoapElement selectors = header.child(Wsman.WSMAN, "SelectorSet");
        if (selectors != null) {
            for (SoapElement s : selectors.children(Wsman.WSMAN, "Selector")) {
                if ("ShellId".equals(s.attribute("Name"))) {
                    shellId = text(s);
                }
            }
        }
        Duration timeout = DEFAULT_OPERATION_TIMEOUT;
        String t = text(header.child(Wsman.WSMAN, "OperationTimeout"));
        if (!t.isEmpty()) {
            try {
                timeout = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new Malformed("w:OperationTimeout is not an xs:duration: " + t, messageId);
            }
        }
        int max = DEFAULT_MAX_ENVELOPE;
        String m = text(header.child(Wsman.WSMAN, "MaxEnvelopeSize"));
        if (!m.isEmpty()) {
            try {
                max = Integer.parseInt(m);
            } catch (NumberFormatException e) {
                throw new Malformed("w:MaxEnvelopeSize is not a number: " + m, messageId);
            }
        }
        Map<String, String> options = new HashMap<>();
        SoapElement optionSet = header.child(Wsman.WSMAN, "OptionSet");
        if (optionSet != null) {
            for (SoapElement o : optionSet.children(Wsman.WSMAN, "Option")) {
                options.put(o.attribute("Name"), text(o));
            }
        }
        return new SoapRequest(action, messageId, shellId, timeout, max, Map.copyOf(options), bodyEl.firstChild());
    }

    /**
     * Reads the whole document (to its end, so trailing garbage is refused as a DOM parser refuses it) into
     * elements.
     */
    private static SoapElement read(byte[] xml) throws Malformed {
        SoapElement.Builder doc = new SoapElement.Builder();
        Readers readers = READERS.get();
        XMLStreamReader r = null;
        boolean read = false;
        try {
            r = readers.factory().createXMLStreamReader(new ByteArrayInputStream(xml));
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.START_ELEMENT -> doc.start(r);
                    case XMLStreamConstants.END_ELEMENT -> doc.end();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> doc.text(r);
                    // refused as soon as it is seen: nothing it declares is ever used
                    case XMLStreamConstants.DTD -> throw new Malformed(
                            "request body is not well-formed XML: a DOCTYPE is not allowed in a WS-Management request", "");
                    // with entity replacement on, only an entity the reader cannot replace shows up
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new Malformed(
                            "request body is not well-formed XML: the entity \"" + r.getLocalName() + "\" is not declared", "");
                    default -> { } // comments, processing instructions, the XML declaration: no text content
                }
            }
            read = true;
        } catch (XMLStreamException e) {
            throw new Malformed("request body is not well-formed XML: " + describe(e), "");
        } finally {
            close(r);
            if (!read) {
                readers.discard(); // a reader that stopped mid-document is not reused
            }
        }
        return doc.root();
    }

    /** The parser's own message, without the location header StAX puts in front of it, then where it was. */
    private static String describe(XMLStreamException e) {
        Throwable cause = e.getNestedException();
        String message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        int tag = message == null ? -1 : message.indexOf("Message: ");
        if (tag >= 0) {
            message = message.substring(tag + "Message: ".length());
        }
        Location at = e.getLocation();
        return at == null || at.getLineNumber() < 0 ? String.valueOf(message)
                : message + " (line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ")";
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException e) {
                // reading a byte array: nothing to release
            }
        }
    }

    /** An attribute in the shell namespace or without namespace (winrm4j qualifies CommandId, pywinrm does not). */
    static String shellAttribute(SoapElement e, String name) {
        String v = e.attribute(Wsman.SHELL, name);
        return v.isEmpty() ? e.attribute(name) : v;
    }

    /** The element's text, stripped; "" for no element. */
    static String text(SoapElement e) {
        return e == null ? "" : e.textContent().strip();
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own, whatever else is on the class path
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        try {
            f.setProperty(REUSE_READER, true);
        } catch (IllegalArgumentException e) {
            // a JDK without it: a new reader per request, as correct and a little slower
        }
        return f;
    }
}
