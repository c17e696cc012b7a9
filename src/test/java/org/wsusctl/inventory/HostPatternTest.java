package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {
    static Inventory inv;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("inv.yml");
        Files.writeString(f, """
                all:
                  hosts:
                    wsus-hq:
                  children:
                    wsus:
                      hosts:
                        wsus[01:04]:
                      children:
                        eu:
                          hosts: { wsus03: , wsus04: }
                    lab:
                      hosts:
                        lab[1:2]: { simulate: }
                    critical:
                      hosts: { wsus01: , lab2: }
                """);
        inv = new InventoryLoader().load(f);
    }

    private static String select(String pattern) {
        return String.join(" ", HostPattern.parse(pattern).select(inv).stream().map(Host::name).toList());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "all|wsus-hq wsus01 wsus02 wsus03 wsus04 lab1 lab2",
            "*|wsus-hq wsus01 wsus02 wsus03 wsus04 lab1 lab2",
            "wsus|wsus01 wsus02 wsus03 wsus04",
            "eu|wsus03 wsus04",
            "wsus02|wsus02",
            "wsus0*|wsus01 wsus02 wsus03 wsus04",
            "wsus0?|wsus01 wsus02 wsus03 wsus04",
            "wsus0[!34]|wsus01 wsus02",
            "wsus0[12]|''",
            "wsus[0]|wsus01",
            "wsus[-1]|wsus04",
            "wsus[1:2]|wsus02 wsus03",
            "wsus[2:]|wsus03 wsus04",
            "critical[1]|lab2",
            "eu[0]:lab[-1]|wsus03 lab2",
            "l*|lab1 lab2",
            "~wsus0[2-3]|wsus02 wsus03",
            "~lab[12]|lab1 lab2",
            "~wsus-|wsus-hq",
            "lab:eu|lab1 lab2 wsus03 wsus04",
            "lab,eu|lab1 lab2 wsus03 wsus04",
            "wsus:!eu|wsus01 wsus02",
            "!eu:wsus|wsus01 wsus02",
            "wsus:&critical|wsus01",
            "all:!wsus:!lab|wsus-hq",
            "!lab|wsus-hq wsus01 wsus02 wsus03 wsus04",
            "&critical|wsus01 lab2",
            "ungrouped|wsus-hq",
            "wsus01,|wsus01",
            "eu:wsus01|wsus03 wsus04 wsus01",
            "w[ab|''"})
    void ansiblePatternForms(String pattern, String expected) {
        assertEquals(expected, select(pattern));
    }

    @Test
    void regexIsAnchoredAtTheStartLikeAnsible() {
        assertEquals(List.of(), HostPattern.parse("~sus0").select(inv));
    }

    @Test
    void noMatchIsAnEmptyList() {
        assertEquals(List.of(), HostPattern.parse("nosuchgroup").select(inv));
        assertEquals(List.of(), HostPattern.parse("wsus:&lab").select(inv));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"~wsus(|bad regular expression", "' '|empty", "wsus:!|expected a name after",
            "~(?=lab)|no backreferences or lookarounds", "wsus[9999999999]|too large"})
    void malformedPatternsAreRefused(String pattern, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPattern.parse(pattern));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    /**
     * Finding 14.10: {@code ~(.*a){25}b} backtracks exponentially in java.util.regex (a 30-letter name took
     * 41 s, 34 letters over a minute, measured with this JDK); on RE2/J matching is linear in the name.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.SECONDS)
    void aCatastrophicRegexCannotHangTheRun(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("inv.yml");
        StringBuilder hosts = new StringBuilder();
        for (int n = 30; n < 60; n++) {
            hosts.append("    ").append("a".repeat(n)).append(":\n");
        }
        Files.writeString(f, "all:\n  hosts:\n" + hosts);
        Inventory big = new InventoryLoader().load(f);
        assertEquals(List.of(), HostPattern.parse("~(.*a){25}b").select(big));
        assertEquals(30, HostPattern.parse("~(.*a){25}").select(big).size());
        assertEquals(List.of(), HostPattern.limit("~(.*a){25}b").select(big));
    }

    @Test
    void limitFilesAreAnsibleRetryFiles(@TempDir Path dir) throws Exception {
        Path retry = dir.resolve("site.retry");
        Files.writeString(retry, "wsus04\nlab1\n\n");
        assertEquals("wsus04 lab1", String.join(" ", HostPattern.limit("@" + retry).select(inv).stream()
                .map(Host::name).toList()));
        assertEquals("wsus04 lab1 wsus-hq", String.join(" ", HostPattern.limit("@" + retry + ",ungrouped")
                .select(inv).stream().map(Host::name).toList()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostPattern.limit("@" + dir.resolve("none.retry")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        // a limit keeps the order of the play's own pattern
        assertEquals(List.of("lab1", "wsus04"), HostPattern.parse("lab:wsus").select(inv, HostPattern.limit("@" + retry))
                .stream().map(Host::name).toList());
    }

    @Test
    void aSubscriptPastTheEndIsAnErrorAsInAnsible() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostPattern.parse("eu[5]").select(inv));
        assertTrue(e.getMessage().contains("no hosts matched the subscripted pattern"), e.getMessage());
        assertEquals(List.of(), HostPattern.parse("eu[5:9]").select(inv), "a slice past the end is empty, as in Python");
    }
}
