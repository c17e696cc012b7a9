package org.wsusctl.sim.auth;

/**
 * Message confidentiality and integrity of one authenticated HTTP connection: what [MS-WSMV] 2.2.9.1 calls
 * the GSS wrap and unwrap of each encrypted WinRM message. Calls must come in the order the messages travel
 * (the keys are streams with sequence numbers); callers serialise them per connection.
 */
public interface SessionSecurity {

    /** The protocol string of {@code multipart/encrypted;protocol="..."} for this mechanism. */
    String protocol();

    /**
     * Unseals one client message and checks its signature and sequence number.
     *
     * @throws BadMessage when the signature or sequence number is wrong
     */
    byte[] unwrap(byte[] signature, byte[] sealed) throws BadMessage;

    /** Seals one server message: its signature and the sealed bytes. */
    Wrapped wrap(byte[] plain);

    record Wrapped(byte[] signature, byte[] sealed) { }

    /** A message that fails its integrity check, or is not in the expected format. */
    final class BadMessage extends Exception {
        public BadMessage(String message) {
            super(message, null, false, false);
        }
    }
}
