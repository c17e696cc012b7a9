package org.wsusctl.sim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The parts of a WS-Management request the simulator acts on, read with a namespace-aware DOM.
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
        Map<String, String> options, Element body) {
    static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_ENVELOPE = 153600;

    /** Thrown for a request that is not a WS-Management SOAP envelope. */
    static final class Malformed extends Exception {
        final String messageId;

        Malformed(String message, String messageId) {
            super(message);
            this.messageId = messageId;
        }
    }

    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SoapRequest::newBuilder);

    static SoapRequest parse(byte[] xml) throws Malformed {
        Document doc;
        try {
            DocumentBuilder b = BUILDER.get();
            b.reset();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // silent: errors become Malformed
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            throw new Malformed("request body is not well-formed XML: " + e.getMessage(), "");
        }
        Element env = doc.getDocumentElement();
        if (!Wsman.SOAP.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
            throw new Malformed("root element is not a SOAP 1.2 Envelope", "");
        }
        Element header = child(env, Wsman.SOAP, "Header");
        Element bodyEl = child(env, Wsman.SOAP, "Body");
        String messageId = header == null ? "" : text(child(header, Wsman.ADDRESSING, "MessageID"));
        if (header == null || bodyEl == null) {
            throw new Malformed("envelope needs s:Header and s:Body", messageId);
        }
        String action = text(child(header, Wsman.ADDRESSING, "Action"));
        if (action.isEmpty()) {
            throw new Malformed("a:Action header missing", messageId);
        }
        String shellId = null;
        Element selectors = child(header, Wsman.WSMAN, "SelectorSet");
        if (selectors != null) {
            for (Element s : children(selectors, Wsman.WSMAN, "Selector")) {
                if ("ShellId".equals(s.getAttribute("Name"))) {
                    shellId = text(s);
                }
            }
        }
        Duration timeout = DEFAULT_OPERATION_TIMEOUT;
        String t = text(child(header, Wsman.WSMAN, "OperationTimeout"));
        if (!t.isEmpty()) {
            try {
                timeout = Duration.parse(t);
            } catch (DateTimeParseException e) {
                throw new Malformed("w:OperationTimeout is not an xs:duration: " + t, messageId);
            }
        }
        int max = DEFAULT_MAX_ENVELOPE;
        String m = text(child(header, Wsman.WSMAN, "MaxEnvelopeSize"));
        if (!m.isEmpty()) {
            try {
                max = Integer.parseInt(m);
            } catch (NumberFormatException e) {
                throw new Malformed("w:MaxEnvelopeSize is not a number: " + m, messageId);
            }
        }
        Map<String, String> options = new HashMap<>();
        Element optionSet = child(header, Wsman.WSMAN, "OptionSet");
        if (optionSet != null) {
            for (Element o : children(optionSet, Wsman.WSMAN, "Option")) {
                options.put(o.getAttribute("Name"), text(o));
            }
        }
        Element body = null;
        for (Node n = bodyEl.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                body = (Element) n;
                break;
            }
        }
        return new SoapRequest(action, messageId, shellId, timeout, max, Map.copyOf(options), body);
    }

    /** An attribute in the shell namespace or without namespace (winrm4j qualifies CommandId, pywinrm does not). */
    static String shellAttribute(Element e, String name) {
        String v = e.getAttributeNS(Wsman.SHELL, name);
        if (v == null || v.isEmpty()) {
            v = e.getAttribute(name);
        }
        return v == null ? "" : v;
    }

    static Element child(Element parent, String ns, String local) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ns.equals(n.getNamespaceURI()) && local.equals(n.getLocalName())) {
                return (Element) n;
            }
        }
        return null;
    }

    static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        NodeList list = parent.getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            Node n = list.item(i);
            if (n instanceof Element && ns.equals(n.getNamespaceURI()) && local.equals(n.getLocalName())) {
                out.add((Element) n);
            }
        }
        return out;
    }

    static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // requests come from the network: no DTDs, no external entities
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("JDK XML parser cannot be configured securely", e);
        }
    }
}
