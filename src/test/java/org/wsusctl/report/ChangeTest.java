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

    @Test
    void secretsNeverShowInChanges() {
        assertEquals("password *** -> ***", Change.line(Change.between(Fleet.map("password", "a"),
                Fleet.map("password", "b"))), "a changed secret is reported, its values are not");
        assertEquals("{\"token\":\"***\"} -> {\"x\":1}",
                Change.line(Change.between(Fleet.map("token", "t"), Fleet.map("x", 1))));
    }
}
