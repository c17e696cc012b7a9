package org.wsusctl.sim;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shell's output code page ({@code WINRS_CODEPAGE}): Windows encodes console output in it, and clients
 * decode with whatever they assume. 437 (OEM US) is what winrm4j and pywinrm ask for, 65001 is UTF-8
 * (Ansible). A character the code page lacks becomes {@code ?}, as in a Windows console.
 */
final class CodePage {
    static final Charset OEM_US = Charset.forName("IBM437");

    private CodePage() { }

    /** The charset for a WINRS_CODEPAGE value, or null when this JVM has none for it. */
    static Charset forOption(String value) {
        if (value == null || value.isBlank()) {
            return OEM_US;
        }
        String v = value.strip();
        if (v.equals("65001")) {
            return StandardCharsets.UTF_8;
        }
        if (v.equals("437")) {
            return OEM_US;
        }
        if (!v.matches("\\d{1,5}")) {
            return null;
        }
        for (String name : new String[] {"IBM" + v, "windows-" + v, "x-IBM" + v, "cp" + v, "x-windows-" + v}) {
            try {
                if (Charset.isSupported(name)) {
                    return Charset.forName(name);
                }
            } catch (IllegalArgumentException e) {
                // try the next spelling
            }
        }
        return null;
    }

    /** Whether a code page writes ASCII as ASCII (437, 1252, UTF-8 do; EBCDIC pages such as 037 do not). */
    private static final Map<Charset, Boolean> ASCII_AS_IS = new ConcurrentHashMap<>();
    private static final String ASCII = asciiCharacters();

    static byte[] encode(String text, Charset cs) {
        // wsusctl's batches print ASCII-only JSON: its bytes are its characters in every ASCII-compatible page,
        // so most output needs no encoder (make bench, issue 15: the encoder was a twentieth of the simulator's CPU)
        if (isAscii(text) && ASCII_AS_IS.computeIfAbsent(cs, c -> Arrays.equals(encoded(ASCII, c),
                ASCII.getBytes(StandardCharsets.US_ASCII)))) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
        return encoded(text, cs);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String asciiCharacters() {
        StringBuilder sb = new StringBuilder(128);
        for (char c = 0; c < 0x80; c++) {
            sb.append(c);
        }
        return sb.toString();
    }

    /** Through the code page's encoder; what it lacks becomes {@code ?} where the page has one. */
    private static byte[] encoded(String text, Charset cs) {
        CharsetEncoder enc = cs.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        if (enc.isLegalReplacement(new byte[] {'?'})) {
            enc.replaceWith(new byte[] {'?'});
        }
        try {
            ByteBuffer bb = enc.encode(CharBuffer.wrap(text));
            return Arrays.copyOfRange(bb.array(), bb.arrayOffset() + bb.position(), bb.arrayOffset() + bb.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("encoder set to REPLACE still failed", e);
        }
    }
}
