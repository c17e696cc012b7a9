package org.wsusctl.remote.winrm;

import io.cloudsoft.winrm4j.client.StripShellResponseHandler;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import javax.xml.ws.Binding;
import javax.xml.ws.handler.Handler;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.endpoint.Endpoint;
import org.apache.cxf.jaxws.support.JaxWsEndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageUtils;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;

/**
 * Does what winrm4j's {@link StripShellResponseHandler} does, on the message's XML stream instead of a SAAJ DOM:
 * drops a {@code Shell} element from the body of a Create response.
 *
 * <p>Why winrm4j strips it: Windows answers Create with the {@code x:ResourceCreated} winrm4j's WSDL declares and
 * also the created {@code rsp:Shell}, which CXF's document/literal-bare reader refuses as an unexpected part.
 * Why not winrm4j's way: it is a JAX-WS {@code SOAPHandler}, and any SOAP handler makes CXF build a SAAJ DOM of
 * every message in both directions (every Receive, every Command...), although only the Create response needs
 * it; a JFR profile of a 300-host audit had ~10 % of all samples there. So:
 * <ul>
 *   <li>{@link #dropSaajHandler()} (on the bus's out chain, before any handler runs) takes winrm4j's handler out
 *       of a client's JAX-WS binding at its first request, when it is the only handler there; its handler
 *       interceptors then have nothing to do and build no DOM;</li>
 *   <li>{@link #stripShell()} (on the bus's in chain, where the handler ran) filters the Create response's body
 *       stream, and only that response's.</li>
 * </ul>
 * The filter keeps the reader's whole namespace context (Windows declares its prefixes on the Envelope), which a
 * copied DOM fragment would not.
 */
final class CreateResponseShellFilter {
    /** The body element winrm4j's handler removes, matched as it matches it: by local name. */
    static final String SHELL = "Shell";

    private CreateResponseShellFilter() {
    }

    static AbstractPhaseInterceptor<Message> dropSaajHandler() {
        return new DropSaajHandler();
    }

    static AbstractPhaseInterceptor<SoapMessage> stripShell() {
        return new StripShell();
    }

    private static final class DropSaajHandler extends AbstractPhaseInterceptor<Message> {
        DropSaajHandler() {
            super(Phase.SETUP);
        }

        @Override
        public void handleMessage(Message message) {
            if (!Boolean.TRUE.equals(message.get(Message.REQUESTOR_ROLE))) {
                return;
            }
            Endpoint ep = message.getExchange().getEndpoint();
            if (!(ep instanceof JaxWsEndpointImpl jaxws)) {
                return;
            }
            Binding binding = jaxws.getJaxwsBinding();
            @SuppressWarnings("rawtypes")
            List<Handler> chain = binding.getHandlerChain();
            // Only winrm4j's own handler, exactly: anything else stays as it is (and the filter below is
            // harmless next to it: a body without Shell passes unchanged).
            if (chain.size() == 1 && chain.get(0) instanceof StripShellResponseHandler) {
                binding.setHandlerChain(new ArrayList<>());
            }
        }
    }

    private static final class StripShell extends AbstractPhaseInterceptor<SoapMessage> {
        StripShell() {
            super(Phase.PRE_PROTOCOL_FRONTEND);
        }

        @Override
        public void handleMessage(SoapMessage message) {
            if (!MessageUtils.isRequestor(message) || MessageUtils.isOutbound(message)) {
                return;
            }
            BindingOperationInfo op = message.getExchange().getBindingOperationInfo();
            if (op == null || !"Create".equals(op.getName().getLocalPart())) {
                return;
            }
            XMLStreamReader reader = message.getContent(XMLStreamReader.class);
            if (reader == null) {
                return;
            }
            try {
                message.setContent(XMLStreamReader.class, new SkipBodyChild(reader, SHELL));
            } catch (XMLStreamException e) {
                throw new org.apache.cxf.interceptor.Fault(e);
            }
        }
    }

    /**
     * Passes a SOAP body's stream through without the body's child elements of one local name. Built on a reader
     * positioned at the Body's start tag, at one of its children's start tags or at its end tag (CXF's body
     * interceptors leave it at the first child); stops filtering once past the Body.
     */
    static final class SkipBodyChild extends StreamReaderDelegate {
        private final String localName;
        /** Elements open inside the Body (the current start tag counted); a body child starts when this is 0. */
        private int open;
        private boolean pastBody;

        SkipBodyChild(XMLStreamReader reader, String localName) throws XMLStreamException {
            super(reader);
            this.localName = localName;
            int e = reader.getEventType();
            if (e == START_ELEMENT && "Body".equals(reader.getLocalName()) && isSoapEnvelope(reader.getNamespaceURI())) {
                open = 0;
            } else if (e == START_ELEMENT) {
                if (localName.equals(reader.getLocalName())) {
                    skipCurrentElement();
                    // where the consumer expects to be: on a tag, as CXF's nextTag() left it
                    e = advance();
                    while (e != START_ELEMENT && e != END_ELEMENT && e != END_DOCUMENT) {
                        e = advance();
                    }
                } else {
                    open = 1;
                }
            }
        }

        private static boolean isSoapEnvelope(String ns) {
            return "http://www.w3.org/2003/05/soap-envelope".equals(ns)
                    || "http://schemas.xmlsoap.org/soap/envelope/".equals(ns);
        }

        @Override
        public int next() throws XMLStreamException {
            return advance();
        }

        /** One event on, skipping unwanted body children whole. */
        private int advance() throws XMLStreamException {
            int e = getParent().next();
            while (!pastBody && e == START_ELEMENT && open == 0 && localName.equals(getParent().getLocalName())) {
                skipCurrentElement();
                e = getParent().next();
            }
            if (!pastBody) {
                if (e == START_ELEMENT) {
                    open++;
                } else if (e == END_ELEMENT && --open < 0) {
                    pastBody = true;
                }
            }
            return e;
        }

        /** From the current start tag to its matching end tag (the reader is left on that end tag). */
        private void skipCurrentElement() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int e = getParent().next();
                if (e == START_ELEMENT) {
                    depth++;
                } else if (e == END_ELEMENT) {
                    depth--;
                }
            }
        }

        @Override
        public int nextTag() throws XMLStreamException {
            int e = advance();
            while ((e == CHARACTERS || e == CDATA || e == SPACE) && isWhiteSpace()
                    || e == COMMENT || e == PROCESSING_INSTRUCTION) {
                e = advance();
            }
            if (e != START_ELEMENT && e != END_ELEMENT) {
                throw new XMLStreamException("expected a start or end tag", getLocation());
            }
            return e;
        }

        @Override
        public String getElementText() throws XMLStreamException {
            // the parent reads up to this element's end tag: the element counted in open is closed
            String text = getParent().getElementText();
            if (!pastBody && --open < 0) {
                pastBody = true;
            }
            return text;
        }

        @Override
        public boolean hasNext() throws XMLStreamException {
            return getParent().hasNext();
        }
    }
}
