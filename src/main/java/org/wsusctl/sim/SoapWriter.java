package org.wsusctl.sim;

import java.util.Locale;
import java.util.UUID;

/**
 * Builds response envelopes in the shape of a real Windows Server's (winrm4j's {@code recordings/win12.xml}):
 * the same prefixes, {@code a:RelatesTo} always equal to the request's {@code a:MessageID} (winrm4j and pywinrm
 * reject a response without it), ids as upper-case GUIDs.
 */
final class SoapWriter {
    private static final String OPEN = "<s:Envelope xml:lang=\"en-US\" xmlns:s=\"" + Wsman.SOAP + "\" xmlns:a=\""
            + Wsman.ADDRESSING + "\" xmlns:x=\"" + Wsman.TRANSFER + "\" xmlns:w=\"" + Wsman.WSMAN + "\" xmlns:rsp=\""
            + Wsman.SHELL + "\" xmlns:p=\"" + Wsman.MS_WSMAN + "\">";

    private SoapWriter() { }

    static String newId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    static String envelope(String action, String relatesTo, String body) {
        return OPEN + "<s:Header><a:Action>" + action + "</a:Action><a:MessageID>uuid:" + newId()
                + "</a:MessageID><a:To>" + Wsman.ANONYMOUS + "</a:To><a:RelatesTo>" + Wsman.escape(relatesTo)
                + "</a:RelatesTo></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String created(String relatesTo, String address, String shellId, String owner, String clientIp) {
        String body = "<x:ResourceCreated><a:Address>" + Wsman.escape(address) + "</a:Address><a:ReferenceParameters>"
                + "<w:ResourceURI>" + Wsman.CMD_RESOURCE + "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"ShellId\">"
                + shellId + "</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>"
                + "<rsp:Shell xmlns:rsp=\"" + Wsman.SHELL + "\"><rsp:ShellId>" + shellId + "</rsp:ShellId><rsp:ResourceUri>"
                + Wsman.CMD_RESOURCE + "</rsp:ResourceUri><rsp:Owner>" + Wsman.escape(owner) + "</rsp:Owner><rsp:ClientIP>"
                + Wsman.escape(clientIp) + "</rsp:ClientIP><rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut>"
                + "<rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams>"
                + "<rsp:ShellRunTime>P0DT0H0M0S</rsp:ShellRunTime><rsp:ShellInactivity>P0DT0H0M0S</rsp:ShellInactivity>"
                + "</rsp:Shell>";
        return envelope(Wsman.TRANSFER + "/CreateResponse", relatesTo, body);
    }

    static String commandResponse(String relatesTo, String commandId) {
        return envelope(Wsman.SHELL + "/CommandResponse", relatesTo,
                "<rsp:CommandResponse><rsp:CommandId>" + commandId + "</rsp:CommandId></rsp:CommandResponse>");
    }

    static String sendResponse(String relatesTo) {
        return envelope(Wsman.SHELL + "/SendResponse", relatesTo, "<rsp:SendResponse/>");
    }

    static String signalResponse(String relatesTo) {
        return envelope(Wsman.SHELL + "/SignalResponse", relatesTo, "<rsp:SignalResponse/>");
    }

    static String deleteResponse(String relatesTo) {
        return envelope(Wsman.TRANSFER + "/DeleteResponse", relatesTo, "");
    }

    /**
     * A ReceiveResponse.
     *
     * @param stdoutB64 base64 stdout chunk, "" for none
     * @param stdoutEnd stdout is complete after this chunk
     * @param exitCode non-null: the command is Done with this code; null: Running
     */
    static String receiveResponse(String relatesTo, String commandId, String stdoutB64, boolean stdoutEnd, String stderrB64,
            boolean stderrEnd, Integer exitCode) {
        StringBuilder b = new StringBuilder("<rsp:ReceiveResponse>");
        stream(b, "stdout", commandId, stdoutB64, stdoutEnd);
        stream(b, "stderr", commandId, stderrB64, stderrEnd);
        b.append("<rsp:CommandState CommandId=\"").append(commandId).append("\" State=\"");
        if (exitCode != null) {
            b.append(Wsman.STATE_DONE).append("\"><rsp:ExitCode>").append(exitCode).append("</rsp:ExitCode></rsp:CommandState>");
        } else {
            b.append(Wsman.STATE_RUNNING).append("\"/>");
        }
        b.append("</rsp:ReceiveResponse>");
        return envelope(Wsman.SHELL + "/ReceiveResponse", relatesTo, b.toString());
    }

    private static void stream(StringBuilder b, String name, String commandId, String data, boolean end) {
        if (!data.isEmpty()) {
            b.append("<rsp:Stream Name=\"").append(name).append("\" CommandId=\"").append(commandId).append("\">")
                    .append(data).append("</rsp:Stream>");
        }
        if (end) {
            b.append("<rsp:Stream Name=\"").append(name).append("\" CommandId=\"").append(commandId)
                    .append("\" End=\"true\"/>");
        }
    }

    static String fault(String relatesTo, WsmanFault f, String machine) {
        String body = "<s:Fault><s:Code><s:Value>" + (f.sender() ? "s:Sender" : "s:Receiver") + "</s:Value><s:Subcode><s:Value>"
                + f.subcode() + "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">"
                + Wsman.escape(f.message()) + "</s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f=\"" + Wsman.FAULT
                + "\" Code=\"" + f.code() + "\" Machine=\"" + Wsman.escape(machine) + "\"><f:Message>"
                + Wsman.escape(f.message()) + "</f:Message></f:WSManFault></s:Detail></s:Fault>";
        return envelope(Wsman.FAULT_ACTION, relatesTo, body);
    }
}
