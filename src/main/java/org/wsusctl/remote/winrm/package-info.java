/**
 * The WinRM transport: the only package that touches winrm4j/CXF.
 *
 * <p>Entry points: {@link org.wsusctl.remote.winrm.WinRmShellFactory} (one per process; open a shell per
 * host, close the factory at exit) on a {@link org.wsusctl.remote.winrm.WinRmRuntime} (what all clients share,
 * built ahead on its own thread), {@link org.wsusctl.remote.winrm.ConnectionPolicy#problems} (inventory
 * checks before any connection) and {@link org.wsusctl.remote.winrm.WinRmErrors#classify}.
 *
 * <p>A host the run is done with leaves nothing behind: its shell's Delete closes its connection
 * ({@link org.wsusctl.remote.winrm.DeleteClosesConnection}) and the shell closes the CXF proxy winrm4j built for it
 * ({@link org.wsusctl.remote.winrm.CxfClients}).
 *
 * <p>What each connection setting does, by auth scheme (winrm4j 0.12.3 alone would ignore the TLS and
 * timeout settings under Basic; here they are applied to the CXF conduit by endpoint address, and for
 * NTLM/Kerberos also handed to winrm4j's builder, which applies them in its own branch):
 * <ul>
 *   <li>{@code connectTimeout}: TCP/TLS connect limit, all schemes.</li>
 *   <li>{@code operationTimeout}: WS-Man OperationTimeout (how long the server may hold a Receive); the
 *       HTTP read timeout is this plus {@code TransportSettings.receiveMargin}, all schemes.</li>
 *   <li>{@code verifyTls}/{@code caFile} (HTTPS only): JDK CAs, or only the PEM's CAs, plus a host name
 *       check in the trust manager; {@code verify_tls: false} trusts anything (WARN once per host).
 *       All schemes.</li>
 *   <li>user: Basic sends it as written ({@code DOMAIN\\user} or UPN); NTLM splits {@code DOMAIN\\user};
 *       Kerberos takes {@code user@REALM} and, with a password, requests a fresh ticket (else JAAS/ticket
 *       cache).</li>
 *   <li>Request chunking is always off (Windows' listener wants Content-Length).</li>
 *   <li>Messages are sealed (NTLM message encryption) only for NTLM over HTTP; such a client keeps to one
 *       connection. Every other client shares one HTTP client whose pooled logins are kept per client
 *       ({@link org.wsusctl.remote.winrm.ClientKeyedConduitFactory}).</li>
 *   <li>A 401 that reaches CXF ends the request ({@link org.wsusctl.remote.winrm.FailOn401AuthSupplier}): the
 *       login was refused; a KDC refusing a Kerberos login is reported the same way.</li>
 * </ul>
 */
package org.wsusctl.remote.winrm;
