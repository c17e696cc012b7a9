package org.wsusctl.inventory;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.SourcePos;

/**
 * A host entry of an inventory ({@code wsus[01:40].corp}, {@code wsus01:5986}, {@code [fe80::1]:5986})
 * split into host names and an optional port, as Ansible's {@code parse_address(allow_ranges=True)} and
 * {@code expand_hostname_range} do ({@code ansible/parsing/utils/addresses.py}).
 */
final class HostPatterns {
    private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String NUM_RANGE = "\\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String HEX_RANGE = "\\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\\]";
    private static final Pattern BRACKETED_HOSTPORT = Pattern.compile("^\\[(.+)\\]:([0-9]+)$");
    private static final Pattern HOSTPORT = Pattern.compile("^((?:[^:\\[\\]]|\\[[^\\]]*\\])*):([0-9]+)$");
    private static final String LABEL = "(?:[\\w]|" + ALNUM_RANGE + ")(?:[\\w_-]|" + ALNUM_RANGE + ")*(?<![_-])";
    private static final Pattern HOSTNAME = Pattern.compile("^" + LABEL + "(?:\\." + LABEL + ")*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final String I4 = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUM_RANGE + ")";
    private static final Pattern IPV4 = Pattern.compile("^(?:" + I4 + "\\.){3}" + I4 + "$");
    private static final String H6 = "(?:[0-9a-f]{1,4}|" + HEX_RANGE + ")";
    private static final Pattern IPV6 = Pattern.compile("^(?:(?:" + H6 + ":){7}" + H6 + "|(?:" + H6 + ":){1,6}:|(?:"
            + H6 + ":)(?::" + H6 + "){1,6}|(?:" + H6 + ":){2}(?::" + H6 + "){1,5}|(?:" + H6 + ":){3}(?::" + H6
            + "){1,4}|(?:" + H6 + ":){4}(?::" + H6 + "){1,3}|(?:" + H6 + ":){5}(?::" + H6 + "){1,2}|(?:" + H6
            + ":){6}(?::" + H6 + ")|:(?::" + H6 + "){1,6}|" + H6 + "?::)$", Pattern.CASE_INSENSITIVE);

    private HostPatterns() { }

    /** The host names of one entry and the port written after them, if any. */
    record Expanded(List<String> names, Long port) { }

    /** A host identifier and its port, or null when Ansible's parse_address would reject it. */
    record Address(String host, Long port) { }

    static Address parseAddress(String address) {
        String a = address;
        Long port = null;
        Matcher m = BRACKETED_HOSTPORT.matcher(a);
        if (m.matches()) {
            a = m.group(1);
            port = parsePort(m.group(2));
        }
        m = HOSTPORT.matcher(a);
        if (m.matches()) {
            a = m.group(1);
            port = parsePort(m.group(2));
        }
        if (port != null && port < 0) {
            return null;
        }
        if (IPV4.matcher(a).matches() || IPV6.matcher(a).matches() || HOSTNAME.matcher(a).matches()) {
            return new Address(a, port);
        }
        return null;
    }

    private static Long parsePort(String digits) {
        return digits.length() > 9 ? -1L : Long.parseLong(digits);
    }

    /**
     * Ansible's _expand_hostpattern: a parsable address gives host and port, anything else is taken as
     * written (and then refused by the name check); ranges are expanded.
     */
    static Expanded expand(String entry, SourcePos pos, Diagnostics d) {
        Address a = parseAddress(entry);
        String pattern = a == null ? entry : a.host();
        Long port = a == null ? null : a.port();
        if (port != null && (port < 1 || port > 65535)) {
            d.error(pos, "host \"" + entry + "\": expected a port 1-65535 after ':', found " + port);
            return null;
        }
        try {
            List<String> names = HostRanges.hasRange(pattern) ? HostRanges.expand(pattern) : List.of(pattern);
            return new Expanded(names, port);
        } catch (IllegalArgumentException ex) {
            d.error(pos, ex.getMessage());
            return null;
        }
    }
}
