package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wsusctl.engine.StepStatus;

class ChangeTest {

    @Test
    void numbersCompareByValueWhateverTheirJavaType() {
        assertEquals(List.of(), Change.between(Fleet.map("kb", 4000000), Fleet.map("kb", 4000000L)));
        assertEquals(List.of(), Change.between(Fleet.map("kb", 4000000.0), Fleet.map("kb", 4000000)));
    }

    @Test
    void onlyDifferingFieldsOfTheTargetAreShown() {
        assertEquals("private_memory_kb 1843200 -> 4000000, state null -> Started",
                Change.line(Change.between(Fleet.map("pool", "WsusPool", "private_memory_kb", 1843200),
                        Fleet.map("pool", "WsusPool", "private_memory_kb", 4000000, "state", "Started"))));
    }

    @Test
    void unrelatedShapesCompareWhole() {
        assertEquals("{\"limit\":1} -> {\"minimum\":2}",
                Change.line(Change.between(Fleet.map("limit", 1), Fleet.map("minimum", 2))));
    }

    @Test
    void driftComparesWithExpectedAndFixWithAfter() {
        assertEquals("state Stopped -> Started", Change.line(Change.of(Fleet.poolStarted(StepStatus.DRIFT))));
        assertEquals("private_memory_kb 1843200 -> 4000000",
                Change.line(Change.of(Fleet.memory(StepStatus.FIXED, 1843200))));
        assertEquals(List.of(), Change.of(Fleet.poolStarted(StepStatus.OK)));
    }

    /**
     * equals and hashCode agree (issue 14, finding 12): two changes that are equal must hash alike, or a
     * set or map of changes (the recap groups by them) keeps duplicates. Every pair of values here is
     * compared, so a same() that is not transitive shows up too.
     */
    @Test
    void equalChangesHaveEqualHashCodes() {
        List<Object> values = List.of(1, 1L, 1.0, 1.00f, new java.math.BigDecimal("1.000"), "1", "1.0", 2,
                Fleet.map("kb", 1), Fleet.map("kb", 1.0), Fleet.map("kb", "1"), List.of(1, 2), List.of(1.0, 2L),
                true, "true");
        for (Object a : values) {
            for (Object b : values) {
                Change x = new Change("k", a, "to");
                Change y = new Change("k", b, "to");
                if (x.equals(y)) {
                    assertEquals(x.hashCode(), y.hashCode(), a + " (" + a.getClass().getSimpleName() + ") equals "
                            + b + " (" + b.getClass().getSimpleName() + ") but hashes differently");
                    for (Object c : values) {
                        Change z = new Change("k", c, "to");
                        if (y.equals(z)) {
                            assertEquals(true, x.equals(z), "equality is transitive: " + a + " = " + b + " = " + c);
                        }
                    }
                }
            }
        }
        assertEquals(1, new java.util.HashSet<>(List.of(new Change("k", 1, 2), new Change("k", 1.0, 2L))).size());
    }

    @Test
    void secretsNeverShowInChanges() {
        assertEquals("password *** -> ***", Change.line(Change.between(Fleet.map("password", "a"),
                Fleet.map("password", "b"))), "a changed secret is reported, its values are not");
        assertEquals("{\"token\":\"***\"} -> {\"x\":1}",
                Change.line(Change.between(Fleet.map("token", "t"), Fleet.map("x", 1))));
    }
}
