package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostRangesTest {
    @Test
    void keepsZeroPadding() {
        assertEquals(List.of("wsus08.corp", "wsus09.corp", "wsus10.corp"), HostRanges.expand("wsus[08:10].corp"));
    }

    @Test
    void unpaddedNumbersGrow() {
        assertEquals(List.of("h9", "h10", "h11"), HostRanges.expand("h[9:11]"));
    }

    @Test
    void lettersAndSteps() {
        assertEquals(List.of("ra", "rb", "rc"), HostRanges.expand("r[a:c]"));
        assertEquals(List.of("n1", "n3", "n5", "n7", "n9"), HostRanges.expand("n[1:10:2]"));
        assertEquals(List.of("x0", "x1", "x2"), HostRanges.expand("x[:2]"));
    }

    @Test
    void lettersFollowAnsiblesAsciiLettersOrder() {
        // Python's string.ascii_letters is a-z then A-Z: [y:B] is y z A B, as ansible-inventory expands it.
        assertEquals(List.of("wy", "wz", "wA", "wB"), HostRanges.expand("w[y:B]"));
    }

    @Test
    void severalRangesMultiply() {
        assertEquals(List.of("r1-a", "r1-b", "r2-a", "r2-b"), HostRanges.expand("r[1:2]-[a:b]"));
    }

    @Test
    void thousandSimulatedHosts() {
        List<String> lab = HostRanges.expand("lab[0001:1000]");
        assertEquals(1000, lab.size());
        assertEquals("lab0001", lab.get(0));
        assertEquals("lab1000", lab.get(999));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "w[5:1]|expected start <= end",
            "w[01:100]|equal width",
            "w[a:5]|numbers or single letters",
            "w[1:5:0]|positive step",
            "w[1:5|unbalanced",
            "w[]|expected [start:end]",
            "w[1:]|expected an end value",
            "w[C:a]|expected start <= end",
            "w[0:99999]x[0:99]|more than 100000"})
    void badRangesSayWhy(String pattern, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostRanges.expand(pattern));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(pattern), e.getMessage());
    }
}
