package org.wsusctl.remote.winrm;

import java.util.Optional;
import javax.xml.namespace.QName;
import javax.xml.soap.Detail;
import javax.xml.soap.SOAPFault;
import javax.xml.ws.soap.SOAPFaultException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The parts of a WS-Management SOAP fault that say what went wrong: the numeric code of
 * {@code s:Detail/f:WSManFault/@Code} (may be absent), the SOAP subcode (e.g. {@code w:QuotaLimit})
 * and the reason text.
 */
record WsManFault(Optional<String> code, Optional<String> subcode, String text) {

    /** "This user is allowed a maximum number of N concurrent shells, which has been exceeded." */
    static final String QUOTA_MAX_SHELLS = "2150859173";
    /** "This user is allowed a maximum number of N concurrent operations, which has been exceeded." */
    static final String QUOTA_MAX_OPERATIONS = "2150859174";

    static WsManFault of(SOAPFaultException e) {
        SOAPFault f = e.getFault();
        if (f == null) {
            return new WsManFault(Optional.empty(), Optional.empty(), String.valueOf(e.getMessage()));
        }
        String text = f.getFaultString();
        Optional<String> code = Optional.empty();
        Detail detail = f.getDetail();
        if (detail != null) {
            NodeList kids = detail.getChildNodes();
            for (int i = 0; i < kids.getLength(); i++) {
                Node n = kids.item(i);
                if (n instanceof Element el && "WSManFault".equals(el.getLocalName())) {
                    String c = el.getAttribute("Code");
                    if (!c.isBlank()) {
                        code = Optional.of(c.trim());
                    }
                    String message = el.getTextContent();
                    if ((text == null || text.isBlank()) && message != null) {
                        text = message;
                    }
                }
            }
        }
        Optional<String> subcode = Optional.empty();
        try {
            var it = f.getFaultSubcodes();
            while (it.hasNext()) {
                Object q = it.next();
                if (q instanceof QName qn) {
                    subcode = Optional.of(qn.getLocalPart());
                }
            }
        } catch (UnsupportedOperationException soap11) {
            // SOAP 1.1 faults have no subcodes; WinRM speaks 1.2, but do not fail on a 1.1 answer.
        }
        return new WsManFault(code, subcode, text == null ? "" : text.strip());
    }

    /** The server refuses for now because a per-user quota is exhausted; worth retrying later. */
    boolean isQuota() {
        return code.filter(c -> c.equals(QUOTA_MAX_SHELLS) || c.equals(QUOTA_MAX_OPERATIONS)).isPresent()
                || subcode.filter("QuotaLimit"::equals).isPresent();
    }

    String describe() {
        StringBuilder b = new StringBuilder("WS-Management fault");
        code.ifPresent(c -> b.append(' ').append(c));
        subcode.ifPresent(s -> b.append(" (").append(s).append(')'));
        if (!text.isEmpty()) {
            b.append(": ").append(text);
        }
        return b.toString();
    }
}
