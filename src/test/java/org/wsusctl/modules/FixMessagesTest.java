package org.wsusctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FixMessagesTest {
    @Test
    void repeatedEventsAreCountedInTheOrderFirstSeen() {
        assertEquals("WAS 5009 x5, WAS 5002", FixMessages.events("WAS 5009, WAS 5009, WAS 5009, WAS 5009, WAS 5009, WAS 5002"));
        assertEquals("WSUS 507", FixMessages.events("WSUS 507"));
        assertEquals("", FixMessages.events(""));
    }
}
