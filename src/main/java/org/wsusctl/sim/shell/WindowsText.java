package org.wsusctl.sim.shell;

/** Fixed texts Windows Server prints for the smoke-test commands. */
final class WindowsText {
    static final String CRLF = "\r\n";
    /** Windows PowerShell 5.1 on Windows Server 2019, as {@code $PSVersionTable.PSVersion} formats it. */
    static final String PS_VERSION_TABLE = CRLF
            + "Major  Minor  Build  Revision" + CRLF
            + "-----  -----  -----  --------" + CRLF
            + "5      1      17763  6054" + CRLF + CRLF + CRLF;

    private WindowsText() { }

    static String ipconfig(HostIdentity id) {
        String ip = id.ipv4Address();
        return CRLF + "Windows IP Configuration" + CRLF + CRLF + CRLF
                + "Ethernet adapter Ethernet0:" + CRLF + CRLF
                + "   Connection-specific DNS Suffix  . : lab.example" + CRLF
                + "   Link-local IPv6 Address . . . . . : " + id.linkLocalIpv6() + CRLF
                + "   IPv4 Address. . . . . . . . . . . : " + ip + CRLF
                + "   Subnet Mask . . . . . . . . . . . : 255.255.0.0" + CRLF
                + "   Default Gateway . . . . . . . . . : 10.47.0.1" + CRLF;
    }

    /** cmd.exe's two-line complaint about an unknown program. */
    static String cmdNotRecognized(String program) {
        return "'" + program + "' is not recognized as an internal or external command," + CRLF
                + "operable program or batch file." + CRLF;
    }

    /** The first line of PowerShell's CommandNotFoundException record. */
    static String psNotRecognized(String name) {
        return name + " : The term '" + name + "' is not recognized as the name of a cmdlet, function, script file, "
                + "or operable program. Check the spelling of the name, or if a path was included, verify that the "
                + "path is correct and try again.";
    }
}
