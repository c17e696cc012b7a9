package org.wsusctl.remote;

/**
 * A failure talking to a host, already classified. Messages name the endpoint and the likely cause and
 * never contain credentials.
 */
public abstract sealed class RemoteException extends Exception
        permits RemoteException.Unreachable, RemoteException.AuthRejected, RemoteException.TimedOut,
                RemoteException.Cancelled, RemoteException.ProtocolError {

    protected RemoteException(String message, Throwable cause) {
        super(message, cause);
    }

    /** DNS failure, connection refused, TLS failure, or no answer to connect. Host status {@code unreachable}. */
    public static final class Unreachable extends RemoteException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The host answered 401: wrong credentials or auth scheme. Counts as unreachable (as in Ansible). */
    public static final class AuthRejected extends RemoteException {
        public AuthRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Connected, but the host did not answer an operation within the read timeout: the host's doing. */
    public static final class TimedOut extends RemoteException {
        public TimedOut(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * This side stopped talking to the host (its deadline passed, the run was interrupted, the shell was closed
     * under the request): nothing is known of what the host did meanwhile, and it is not the host's failure.
     */
    public static final class Cancelled extends RemoteException {
        public Cancelled(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A SOAP fault, unparseable answer, or a script that printed no result. */
    public static final class ProtocolError extends RemoteException {
        public ProtocolError(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
