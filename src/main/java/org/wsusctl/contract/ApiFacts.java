package org.wsusctl.contract;

/**
 * The facts every WSUS API section starts with: whether the UpdateServices module (the WSUS API tools) loaded,
 * whether {@code Get-WsusServer} connected, and if not, why.
 */
public final class ApiFacts {
    public static final Field<Boolean> TOOLS = Field.bool("apiTools");
    public static final Field<Boolean> CONNECTED = Field.bool("apiConnected");
    public static final Field<String> ERROR = Field.nullableString("apiError");

    private ApiFacts() { }
}
