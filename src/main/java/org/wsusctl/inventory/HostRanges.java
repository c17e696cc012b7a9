package org.wsusctl.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands Ansible host ranges: {@code wsus[01:40].corp} (zero padding kept), {@code [a:f]}, a step
 * {@code [1:10:2]}, and several ranges in one name (expanded left to right).
 */
public final class HostRanges {
    /** A fleet is thousands of servers; a range beyond this is a typo (or an attempt to exhaust memory). */
    public static final int MAX_HOSTS = 100_000;
    private static final Pattern RANGE = Pattern.compile("\\[([^\\[\\]]*)\\]");

    private HostRanges() { }

    /** True when {@code name} contains a bracketed range. */
    public static boolean hasRange(String name) {
        return name.indexOf('[') >= 0 || name.indexOf(']') >= 0;
    }

    /**
     * Every host name a pattern stands for, in order.
     *
     * @throws IllegalArgumentException with a user-facing message when a range is malformed
     */
    public static List<String> expand(String name) {
        List<String> parts = new ArrayList<>();
        List<List<String>> ranges = new ArrayList<>();
        Matcher m = RANGE.matcher(name);
        int last = 0;
        long total = 1;
        while (m.find()) {
            parts.add(name.substring(last, m.start()));
            List<String> values = range(name, m.group(1));
            total *= values.size();
            if (total > MAX_HOSTS) {
                throw new IllegalArgumentException("host range " + quote(name) + " expands to more than "
                        + MAX_HOSTS + " hosts");
            }
            ranges.add(values);
            last = m.end();
        }
        String tail = name.substring(last);
        for (String p : parts) {
            checkNoBracket(name, p);
        }
        checkNoBracket(name, tail);
        List<String> out = new ArrayList<>();
        out.add("");
        for (int i = 0; i < ranges.size(); i++) {
            List<String> next = new ArrayList<>(out.size() * ranges.get(i).size());
            for (String prefix : out) {
                for (String v : ranges.get(i)) {
                    next.add(prefix + parts.get(i) + v);
                }
            }
            out = next;
        }
        out.replaceAll(s -> s + tail);
        return out;
    }

    private static void checkNoBracket(String name, String part) {
        if (part.indexOf('[') >= 0 || part.indexOf(']') >= 0) {
            throw new IllegalArgumentException("bad host range " + quote(name)
                    + ": expected [start:end] or [start:end:step], found unbalanced brackets");
        }
    }

    private static List<String> range(String name, String body) {
        String[] f = body.split(":", -1);
        if (f.length < 2 || f.length > 3) {
            throw bad(name, "expected [start:end] or [start:end:step], found [" + body + "]");
        }
        String beg = f[0].strip();
        String end = f[1].strip();
        int step = 1;
        if (f.length == 3) {
            if (!f[2].strip().matches("[0-9]{1,6}") || Integer.parseInt(f[2].strip()) < 1) {
                throw bad(name, "expected a positive step, found \"" + f[2] + "\"");
            }
            step = Integer.parseInt(f[2].strip());
        }
        if (end.isEmpty()) {
            throw bad(name, "expected an end value, found [" + body + "]");
        }
        if (beg.isEmpty()) {
            beg = "0"; // Ansible: [:5] counts from 0
        }
        if (beg.matches("[0-9]+") && end.matches("[0-9]+")) {
            return numeric(name, beg, end, step);
        }
        if (beg.matches("[a-zA-Z]") && end.matches("[a-zA-Z]")) {
            return alphabetic(name, beg.charAt(0), end.charAt(0), step);
        }
        throw bad(name, "expected numbers or single letters, found [" + body + "]");
    }

    private static List<String> numeric(String name, String beg, String end, int step) {
        if (beg.length() > 9 || end.length() > 9) {
            throw bad(name, "expected numbers of at most 9 digits, found " + beg + ":" + end);
        }
        int b = Integer.parseInt(beg);
        int e = Integer.parseInt(end);
        boolean padded = beg.length() > 1 && beg.charAt(0) == '0';
        if (padded && beg.length() != end.length()) {
            throw bad(name, "expected start and end of equal width for zero padding, found " + beg + ":" + end);
        }
        if (b > e) {
            throw bad(name, "expected start <= end, found " + beg + ":" + end);
        }
        if ((long) (e - b) / step + 1 > MAX_HOSTS) {
            throw new IllegalArgumentException("host range " + quote(name) + " expands to more than " + MAX_HOSTS
                    + " hosts");
        }
        List<String> out = new ArrayList<>();
        for (long i = b; i <= e; i += step) {
            String s = Long.toString(i);
            out.add(padded ? "0".repeat(Math.max(0, beg.length() - s.length())) + s : s);
        }
        return out;
    }

    /** Ansible indexes letters in Python's string.ascii_letters (a-z then A-Z), so [x:B] is x, y, z, A, B. */
    private static final String ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static List<String> alphabetic(String name, char b, char e, int step) {
        int ib = ASCII_LETTERS.indexOf(b);
        int ie = ASCII_LETTERS.indexOf(e);
        if (ib > ie) {
            throw bad(name, "expected start <= end, found " + b + ":" + e);
        }
        List<String> out = new ArrayList<>();
        for (int c = ib; c <= ie; c += step) {
            out.add(String.valueOf(ASCII_LETTERS.charAt(c)));
        }
        return out;
    }

    private static IllegalArgumentException bad(String name, String why) {
        return new IllegalArgumentException("bad host range " + quote(name) + ": " + why);
    }

    private static String quote(String s) {
        return org.wsusctl.config.Values.quote(s);
    }
}
