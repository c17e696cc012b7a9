package org.wsusctl.sim;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP request a simulated host received, and the one way to answer it. Answers may come from any thread and
 * at any later time (latency, held Receives are timers); the server keeps the connection open until then.
 */
interface SimExchange {
    String method();

    /** The request target's path, e.g. {@code /wsman}. */
    String path();

    /** The first value of a request header (case-insensitive name). */
    Optional<String> header(String name);

    byte[] body();

    /**
     * The TCP connection the request came on, unique for the server's life (never reused by a later connection):
     * NTLM and Kerberos authenticate a connection, not a request.
     */
    String connection();

    InetSocketAddress remote();

    /** The DER certificate this server presented on the connection (HTTPS only), for NTLM's channel bindings. */
    Optional<byte[]> serverCertificate();

    /**
     * Answers. {@code body} null: no body ({@code Content-Length: 0}). Each header is a name and a value, repeated
     * names allowed ({@code WWW-Authenticate}).
     */
    void respond(int status, List<String[]> headers, byte[] body);

    /** Closes the connection without an answer. */
    void drop();
}
