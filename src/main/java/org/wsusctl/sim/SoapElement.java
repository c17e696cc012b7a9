package org.wsusctl.sim;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamReader;

/**
 * One element of a parsed SOAP envelope ({@link SoapRequest}): its name, attributes, child elements and text,
 * read the way the namespace-aware DOM it replaced read them, without building a DOM. All elements of one
 * envelope share one buffer of the document's character data in document order; an element knows the stretch of
 * it between its start and end tags, so {@link #textContent()} is DOM's {@code getTextContent()} (the text of all
 * descendants, comments and processing instructions left out) without copying text per element while parsing.
 */
final class SoapElement {
    /** An attribute as the reader reported it: namespace URI ("" for none), local name, prefix ("" for none). */
    private record Attribute(String namespace, String localName, String prefix, String value) {
        /** DOM's qualified name: {@code prefix:local}, or the local name. */
        boolean hasQualifiedName(String name) {
            return prefix.isEmpty() ? localName.equals(name)
                    : name.length() == prefix.length() + 1 + localName.length() && name.startsWith(prefix)
                            && name.charAt(prefix.length()) == ':' && name.endsWith(localName);
        }
    }

    private final String namespace;
    private final String localName;
    private final List<Attribute> attributes;
    private final List<SoapElement> children = new ArrayList<>(2);
    private final CharSequence documentText;
    private final int textStart;
    private int textEnd = -1;

    private SoapElement(String namespace, String localName, List<Attribute> attributes, CharSequence documentText,
            int textStart) {
        this.namespace = namespace;
        this.localName = localName;
        this.attributes = attributes;
        this.documentText = documentText;
        this.textStart = textStart;
    }

    /** Builds the elements of one document as a stream reader reports them; not for use after {@link #end}. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder(256);
        private final List<SoapElement> open = new ArrayList<>();
        private SoapElement root;

        /** The start tag the reader is on (namespace declarations are not attributes here, as in StAX). */
        void start(XMLStreamReader r) {
            int n = r.getAttributeCount();
            List<Attribute> attrs = n == 0 ? List.of() : new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                attrs.add(new Attribute(nonNull(r.getAttributeNamespace(i)), r.getAttributeLocalName(i),
                        nonNull(r.getAttributePrefix(i)), r.getAttributeValue(i)));
            }
            SoapElement e = new SoapElement(nonNull(r.getNamespaceURI()), r.getLocalName(), attrs, text, text.length());
            if (open.isEmpty()) {
                root = e;
            } else {
                open.get(open.size() - 1).children.add(e);
            }
            open.add(e);
        }

        /** The character data the reader is on (text, CDATA, whitespace; references already resolved). */
        void text(XMLStreamReader r) {
            if (open.isEmpty()) {
                return; // whitespace around the document element belongs to no element
            }
            text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
        }

        /** The end tag of the innermost open element. */
        void end() {
            open.remove(open.size() - 1).textEnd = text.length();
        }

        /** The document element, once its end tag was read. */
        SoapElement root() {
            return root;
        }

        private static String nonNull(String s) {
            return s == null ? "" : s;
        }
    }

    /** The namespace URI, "" for none. */
    String namespace() {
        return namespace;
    }

    String localName() {
        return localName;
    }

    boolean is(String ns, String local) {
        return namespace.equals(ns) && localName.equals(local);
    }

    /** The first child element with this name, or null. */
    SoapElement child(String ns, String local) {
        for (SoapElement c : children) {
            if (c.is(ns, local)) {
                return c;
            }
        }
        return null;
    }

    /** The child elements with this name, in document order. */
    List<SoapElement> children(String ns, String local) {
        List<SoapElement> out = new ArrayList<>(children.size());
        for (SoapElement c : children) {
            if (c.is(ns, local)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Every child element, in document order. */
    List<SoapElement> children() {
        return List.copyOf(children);
    }

    /** The first child element, whatever its name, or null. */
    SoapElement firstChild() {
        return children.isEmpty() ? null : children.get(0);
    }

    /** DOM's {@code getAttribute(name)}: the attribute whose qualified name is {@code name}, or "". */
    String attribute(String qualifiedName) {
        for (Attribute a : attributes) {
            if (a.hasQualifiedName(qualifiedName)) {
                return a.value();
            }
        }
        return "";
    }

    /** DOM's {@code getAttributeNS(ns, local)}, or "". */
    String attribute(String ns, String local) {
        for (Attribute a : attributes) {
            if (a.namespace().equals(ns) && a.localName().equals(local)) {
                return a.value();
            }
        }
        return "";
    }

    /** The text of the element and all its descendants, in document order (DOM's {@code getTextContent()}). */
    String textContent() {
        return documentText.subSequence(textStart, textEnd).toString();
    }
}
