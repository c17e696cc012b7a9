package org.wsusctl.sim;

/** Namespaces and action URIs of WS-Management and the Windows Remote Shell, as Windows uses them. */
final class Wsman {
    static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    static final String TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    static final String MS_WSMAN = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd";
    static final String FAULT = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
    static final String ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
    static final String CMD_RESOURCE = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";

    static final String CREATE = TRANSFER + "/Create";
    static final String DELETE = TRANSFER + "/Delete";
    static final String COMMAND = SHELL + "/Command";
    static final String SEND = SHELL + "/Send";
    static final String RECEIVE = SHELL + "/Receive";
    static final String SIGNAL = SHELL + "/Signal";
    static final String FAULT_ACTION = "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";
    static final String STATE_RUNNING = SHELL + "/CommandState/Running";
    static final String STATE_DONE = SHELL + "/CommandState/Done";
    static final String SIGNAL_TERMINATE = SHELL + "/signal/terminate";
    static final String SIGNAL_CTRL_C = SHELL + "/signal/ctrl_c";
    static final String SIGNAL_CTRL_BREAK = SHELL + "/signal/ctrl_break";

    private Wsman() { }

    /** The last path segment of an action URI: {@code Create}, {@code Receive}, ... */
    static String shortName(String action) {
        if (action == null || action.isEmpty()) {
            return "Invalid";
        }
        int slash = action.lastIndexOf('/');
        return slash >= 0 ? action.substring(slash + 1) : action;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '"': sb.append("&quot;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
