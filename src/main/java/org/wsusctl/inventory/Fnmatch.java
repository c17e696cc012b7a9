package org.wsusctl.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code fnmatch.translate} (3.11), which Ansible uses for every non-regex host pattern, producing
 * an RE2 expression: {@code *} any run, {@code ?} one character, {@code [abc]}, {@code [!abc]} and ranges
 * a class, an unclosed {@code [} itself; the whole name must match.
 */
final class Fnmatch {
    private Fnmatch() { }

    static String translate(String pat) {
        StringBuilder res = new StringBuilder("(?s:");
        int i = 0;
        int n = pat.length();
        boolean lastStar = false;
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                if (!lastStar) {
                    res.append(".*");
                }
                lastStar = true;
                continue;
            }
            lastStar = false;
            if (c == '?') {
                res.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') {
                    j++;
                }
                if (j < n && pat.charAt(j) == ']') {
                    j++;
                }
                while (j < n && pat.charAt(j) != ']') {
                    j++;
                }
                if (j >= n) {
                    res.append("\\[");
                } else {
                    res.append(charClass(pat, i, j));
                    i = j + 1;
                }
            } else {
                res.append(quote(c));
            }
        }
        return res.append(")\\z").toString();
    }

    /** The class {@code pat[i:j]} (between the brackets), as fnmatch builds it. */
    private static String charClass(String pat, int i, int j) {
        String stuff = pat.substring(i, j);
        if (!stuff.contains("-")) {
            stuff = stuff.replace("\\", "\\\\");
        } else {
            List<String> chunks = new ArrayList<>();
            int k = pat.charAt(i) == '!' ? i + 2 : i + 1;
            int start = i;
            while (true) {
                k = pat.indexOf('-', k);
                if (k < 0 || k >= j) {
                    break;
                }
                chunks.add(pat.substring(start, k));
                start = k + 1;
                k = k + 3;
            }
            String chunk = pat.substring(start, j);
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            } else {
                chunks.set(chunks.size() - 1, chunks.get(chunks.size() - 1) + "-");
            }
            for (int x = chunks.size() - 1; x > 0; x--) {
                String a = chunks.get(x - 1);
                String b = chunks.get(x);
                if (!a.isEmpty() && !b.isEmpty() && a.charAt(a.length() - 1) > b.charAt(0)) {
                    chunks.set(x - 1, a.substring(0, a.length() - 1) + b.substring(1));
                    chunks.remove(x);
                }
            }
            StringBuilder joined = new StringBuilder();
            for (int x = 0; x < chunks.size(); x++) {
                if (x > 0) {
                    joined.append('-');
                }
                joined.append(chunks.get(x).replace("\\", "\\\\").replace("-", "\\-"));
            }
            stuff = joined.toString();
        }
        // RE2 has no set operations, but escaping them keeps Python's meaning (literal characters).
        stuff = stuff.replace("&", "\\&").replace("~", "\\~").replace("|", "\\|");
        if (stuff.isEmpty()) {
            return "[^\\x00-\\x{10FFFF}]"; // an empty range never matches (Python: (?!))
        }
        if (stuff.equals("!")) {
            return ".";
        }
        if (stuff.charAt(0) == '!') {
            stuff = "^" + stuff.substring(1);
        } else if (stuff.charAt(0) == '^' || stuff.charAt(0) == '[') {
            stuff = "\\" + stuff;
        }
        // Inside an RE2 class a '[' would start a POSIX class such as [:alpha:]; escape it.
        return "[" + stuff.replace("[", "\\[") + "]";
    }

    private static String quote(char c) {
        return "\\.+*?()|[]{}^$".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }
}
