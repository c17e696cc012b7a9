package org.wsusctl.sim;

/**
 * What a simulated host's WinRM service accepts, as the inventory's {@code winrm_transport} chooses it.
 * Over HTTP, NTLM and Kerberos require message encryption (Windows' default {@code AllowUnencrypted=false});
 * over HTTPS they take plain messages (encrypted ones too, as Windows does).
 */
public enum SimTransport {
    /** {@code Auth/Basic=true}, {@code AllowUnencrypted=true}: the inventory's credentials in every request. */
    BASIC,
    /** Negotiate with NTLMv2 (Windows' default for a workgroup or local account). */
    NTLM,
    /** Negotiate or Kerberos with a ticket from the simulated lab's KDC. */
    KERBEROS
}
