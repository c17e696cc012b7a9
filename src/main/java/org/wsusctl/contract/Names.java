package org.wsusctl.contract;

import java.util.regex.Pattern;

/**
 * The shapes a value must have before it is sent to a host: pool, site and service names end up in IIS
 * provider paths and service filters, accounts in T-SQL parameters. The runner checks arguments against these
 * before any host is contacted, the preamble's {@code Assert-SafeName} receives {@link #SAFE_NAME} from here,
 * and the simulator refuses what a real script would refuse.
 */
public final class Names {
    /** What IIS and the service control manager accept as names, as far as wsusctl sends them. */
    public static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9 ._$#()-]{1,128}");
    public static final String SAFE_NAME_HINT = "a name of 1-128 letters, digits, spaces and . _ $ # ( ) -";
    /** {@code DOMAIN\name}: no brackets, backslashes or control characters in either part. */
    public static final Pattern ACCOUNT = Pattern.compile(
            "[^\\\\\\]\\[\\x00-\\x1f]{1,64}\\\\[^\\\\\\]\\[\\x00-\\x1f]{1,104}");
    public static final String ACCOUNT_HINT = "a DOMAIN\\name account";

    private Names() { }

    public static boolean safeName(String s) {
        return s != null && SAFE_NAME.matcher(s).matches();
    }

    public static boolean account(String s) {
        return s != null && ACCOUNT.matcher(s).matches();
    }
}
