package org.wsusctl.inventory;

/** The WinRM authentication scheme; always set explicitly on the client (winrm4j hangs on a mismatch). */
public enum AuthScheme {
    /** Windows' out-of-the-box scheme; the default for real hosts. */
    NTLM,
    BASIC,
    KERBEROS
}
