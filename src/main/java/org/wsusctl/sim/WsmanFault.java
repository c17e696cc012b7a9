package org.wsusctl.sim;

/**
 * A WS-Management fault as Windows sends it: HTTP 500, SOAP 1.2 {@code s:Fault} with code, subcode, reason and
 * {@code s:Detail/f:WSManFault Code=...}, which is what winrm4j and pywinrm read.
 *
 * @param sender {@code s:Sender} (the client's fault) or {@code s:Receiver}
 * @param subcode the qualified subcode, e.g. {@code w:TimedOut}
 * @param code the WSMan error code (decimal of the HRESULT-like 0x8033xxxx)
 * @param message the reason text, also the {@code f:Message}
 */
record WsmanFault(boolean sender, String subcode, long code, String message) {

    /** 0x80338029: a Receive found nothing to return within OperationTimeout; clients poll again. */
    static WsmanFault timedOut() {
        return new WsmanFault(false, "w:TimedOut", 2150858793L,
                "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  ");
    }

    /** 0x8033805B: the shell id names no shell (wrong id, deleted or expired). */
    static WsmanFault unknownShell(String shellId) {
        return new WsmanFault(true, "w:InvalidSelectors", 2150858843L,
                "The request for the Windows Remote Shell with ShellId " + shellId + " failed because the shell was not "
                        + "found on the server. Possible causes are: the specified ShellId is incorrect or the shell no "
                        + "longer exists on the server. Provide the correct ShellId or create a new shell and retry the operation. ");
    }

    /** 0x803381A5 ERROR_WSMAN_QUOTA_MAX_SHELLS: MaxShellsPerUser reached. */
    static WsmanFault shellQuota(int max) {
        return new WsmanFault(true, "w:QuotaLimit", 2150859173L,
                "The WS-Management service cannot process the request. This user is allowed a maximum number of " + max
                        + " concurrent shells, which has been exceeded. Close existing shells or raise the quota for this user. ");
    }

    /** 0x80338041: the body does not match the schema of the action. */
    static WsmanFault schema(String detail) {
        return new WsmanFault(true, "w:SchemaValidationError", 2150858817L,
                "The SOAP XML in the message does not match the corresponding XML schema definition. Change the XML and "
                        + "retry. (" + detail + ")");
    }

    /** 0x80338001 ERROR_WSMAN_INVALID_ACTIONURI: an action this service does not implement. */
    static WsmanFault unsupportedAction(String action) {
        return new WsmanFault(true, "a:ActionNotSupported", 2150858753L,
                "The WS-Management service cannot process the request. The WS-Addressing action URI is invalid. "
                        + "Check the documentation for information on how to construct an action URI. (" + action + ")");
    }

    /** 0x80338026 ERROR_WSMAN_ENVELOPE_TOO_LARGE: MaxEnvelopeSize leaves no room for any output. */
    static WsmanFault envelopeTooLarge() {
        return new WsmanFault(true, "w:EncodingLimit", 2150858790L,
                "The WS-Management service cannot process the response because it is larger than the maximum size allowed.");
    }

    /** Win32 ERROR_INVALID_PARAMETER, which Windows returns for an unknown CommandId or signal code. */
    static WsmanFault invalidParameter(String detail) {
        return new WsmanFault(true, "w:InvalidParameter", 87L, "The parameter is incorrect. (" + detail + ")");
    }
}
