package org.wsusctl.sim.shell;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Who the simulated host is and who is logged on, as commands like {@code hostname}, {@code whoami}
 * and {@code ipconfig} report it.
 *
 * @param hostName the inventory name of the host (may be a FQDN)
 * @param userName the authenticated user as the client sent it (a domain account such as CORP backslash svc, {@code svc@corp.example}
 *                 or a local account name)
 */
public record HostIdentity(String hostName, String userName) {

    /** The computer name: the first label of the host name. */
    public String computerName() {
        int dot = hostName.indexOf('.');
        return dot > 0 ? hostName.substring(0, dot) : hostName;
    }

    /** {@code whoami} output: domain, backslash, user, lowercased as Windows prints it; local accounts use the computer name. */
    public String whoami() {
        String user = userName;
        String domain;
        int bs = user.indexOf('\\');
        int at = user.indexOf('@');
        if (bs >= 0) {
            domain = user.substring(0, bs);
            user = user.substring(bs + 1);
        } else if (at >= 0) {
            String realm = user.substring(at + 1);
            int dot = realm.indexOf('.');
            domain = dot > 0 ? realm.substring(0, dot) : realm;
            user = user.substring(0, at);
        } else {
            domain = computerName();
        }
        return (domain + "\\" + user).toLowerCase(Locale.ROOT);
    }

    /**
     * A lab IPv4 address derived from the host name, stable across runs and never a loopback address,
     * so output that mentions it looks like a real server's.
     */
    public String ipv4Address() {
        long h = hash();
        int third = (int) (h % 254);
        int fourth = (int) ((h >>> 8) % 253) + 2;
        return "10.47." + third + "." + fourth;
    }

    /** The IPv6 link-local address shown by {@code ipconfig}, also derived from the name. */
    public String linkLocalIpv6() {
        long h = hash() * 0x9E3779B97F4A7C15L;
        return String.format(Locale.ROOT, "fe80::%x:%x:%x:%x%%6", (h >>> 48) & 0xffff, (h >>> 32) & 0xffff,
                (h >>> 16) & 0xffff, h & 0xffff);
    }

    private long hash() {
        CRC32 crc = new CRC32();
        crc.update(hostName.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
