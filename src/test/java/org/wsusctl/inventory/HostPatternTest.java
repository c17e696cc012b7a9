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
}
