package org.wsusctl.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Console output in the shell's code page, ASCII taking the short way only where the page writes it as is. */
class CodePageTest {
    private static final String JSON = "##WSUSCTL## {\"schema\":\"wsusctl.facts/1\",\"x\":\"\\u00e9\"}\r\n\t~";

    @Test
    void asciiIsItsOwnBytesInAsciiCompatiblePages() {
        for (String option : new String[] {"437", "65001", "1252", "850", ""}) {
            Charset cs = CodePage.forOption(option);
            assertArrayEquals(JSON.getBytes(StandardCharsets.US_ASCII), CodePage.encode(JSON, cs), option);
        }
    }

    @Test
    void anEbcdicPageStillEncodesAscii() {
        Charset cs = CodePage.forOption("037");
        assumeTrue(cs != null, "this JVM has no IBM037");
        assertEquals("IBM037", cs.name());
        // EBCDIC: A is 0xC1, 1 is 0xF1, a blank 0x40
        assertArrayEquals(new byte[] {(byte) 0xC1, (byte) 0x40, (byte) 0xF1}, CodePage.encode("A 1", cs));
    }

    @Test
    void whatIsNotAsciiGoesThroughThePage() {
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0x82, ' ', '?'}, CodePage.encode("caf\u00e9 \u20ac", CodePage.OEM_US));
        assertArrayEquals("caf\u00e9 \u20ac".getBytes(StandardCharsets.UTF_8),
                CodePage.encode("caf\u00e9 \u20ac", StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {'a', '?'}, CodePage.encode("a\ud800", StandardCharsets.UTF_8), "a lone surrogate");
    }
}
