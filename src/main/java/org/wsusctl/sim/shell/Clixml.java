package org.wsusctl.sim.shell;

import java.util.List;

/**
 * Windows PowerShell's stderr format when stderr is redirected (as under WinRM): a {@code #< CLIXML}
 * line, then one serialized error line per {@code <S S="Error">} element, CR and LF written as
 * {@code _x000D__x000A_}.
 */
final class Clixml {
    private Clixml() { }

    /** The full stderr text for these error lines, or "" when there are none. */
    static String errorStream(List<String> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">");
        for (String line : lines) {
            sb.append("<S S=\"Error\">").append(encode(line)).append("_x000D__x000A_</S>");
        }
        return sb.append("</Objs>").toString();
    }

    static String encode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '\r': sb.append("_x000D_"); break;
                case '\n': sb.append("_x000A_"); break;
                case '_':
                    // a literal "_x" would read back as an escape; PowerShell escapes the underscore itself
                    sb.append(i + 1 < s.length() && s.charAt(i + 1) == 'x' ? "_x005F_" : "_");
                    break;
                default:
                    if (c < 0x20 && c != '\t') {
                        sb.append(String.format("_x%04X_", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }
}
