package org.wsusctl.remote.winrm;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.cxf.interceptor.MessageSenderInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;

/**
 * Asks for the connection to be closed after the shell's Delete, the last request a run sends a host
 * ({@code Connection: close}, RFC 9112 section 9.6; HTTP.sys, which serves WinRM on Windows, honours it as any
 * HTTP/1.1 server must). Without it the shared HTTP client pooled every finished host's connection until its
 * 60 s time to live: in an audit of 1000 simulated hosts the process held ~3000 open descriptors after 10 s
 * (client and simulator ends) instead of ~1300, and ~20 MB more of live buffers for the collector to carry. With
 * 10,000 hosts that is thousands of sockets, past many systems' limit on open files.
 *
 * <p>Sealed NTLM clients (their own HTTP client, shut down with the winrm4j client) get the header too: it changes
 * nothing there but when the socket closes.
 */
final class DeleteClosesConnection extends AbstractPhaseInterceptor<Message> {
    /** The WS-Transfer operation winrm4j's {@code WinRm.delete} is bound to. */
    private static final String DELETE = "Delete";

    DeleteClosesConnection() {
        super(Phase.PREPARE_SEND);
        addBefore(MessageSenderInterceptor.class.getName()); // headers must be in place before the conduit sends
    }

    @Override
    public void handleMessage(Message message) {
        if (!Boolean.TRUE.equals(message.get(Message.REQUESTOR_ROLE)) || message.getExchange() == null) {
            return;
        }
        BindingOperationInfo op = message.getExchange().getBindingOperationInfo();
        if (op == null || !DELETE.equals(op.getName().getLocalPart())) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = (Map<String, List<String>>) message.get(Message.PROTOCOL_HEADERS);
        if (headers == null) {
            headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            message.put(Message.PROTOCOL_HEADERS, headers);
        }
        headers.put("Connection", List.of("close"));
    }
}
