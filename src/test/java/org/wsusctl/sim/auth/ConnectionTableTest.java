package org.wsusctl.sim.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A connection's logon is kept while the connection is used, and forgotten once it has idled long enough. */
class ConnectionTableTest {

    @Test
    void stateIsPerConnectionAndExpiresAfterIdling() {
        AtomicLong now = new AtomicLong(1_000_000);
        ConnectionTable<String> t = new ConnectionTable<>(now::get);
        t.put("/127.0.0.1:50001", "LAB\\a");
        t.put("/127.0.0.1:50002", "LAB\\b");
        assertEquals(Optional.of("LAB\\a"), t.get("/127.0.0.1:50001"));
        assertEquals(Optional.empty(), t.get("/127.0.0.1:50003"));

        now.addAndGet(ConnectionTable.IDLE_MS - 1);
        assertEquals(Optional.of("LAB\\a"), t.get("/127.0.0.1:50001"), "used: kept, and its idle clock restarts");
        now.addAndGet(2);
        assertEquals(Optional.empty(), t.get("/127.0.0.1:50002"), "idle past the limit: a new connection there");
        assertEquals(Optional.of("LAB\\a"), t.get("/127.0.0.1:50001"));

        t.remove("/127.0.0.1:50001");
        assertEquals(Optional.empty(), t.get("/127.0.0.1:50001"));
    }
}
