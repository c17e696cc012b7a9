package org.wsusctl.sim.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TextCacheTest {
    /** A parse that counts its calls and yields a fresh object for each. */
    private static final class CountingParse {
        final AtomicInteger calls = new AtomicInteger();

        List<String> parse(String text) {
            calls.incrementAndGet();
            return List.of(text.toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void anEqualTextIsParsedOnceAndDistinctTextsEachTheirOwn() {
        CountingParse p = new CountingParse();
        TextCache<List<String>> cache = new TextCache<>(8, 1000, p::parse);
        List<String> first = cache.get("batch one");
        // an equal text in another String object, as each host's request carries its own copy
        assertSame(first, cache.get(new String("batch one".toCharArray())));
        assertEquals(1, p.calls.get());
        List<String> other = cache.get("batch two");
        assertEquals(List.of("BATCH TWO"), other);
        assertNotSame(first, other);
        assertEquals(List.of("BATCH ONE"), cache.get("batch one"));
        assertEquals(2, p.calls.get());
    }

    @Test
    void atMostMaxEntriesAreKeptLeastRecentlyUsedLeavingFirst() {
        CountingParse p = new CountingParse();
        TextCache<List<String>> cache = new TextCache<>(3, 1000, p::parse);
        cache.get("a");
        cache.get("b");
        cache.get("c");
        cache.get("a"); // now b is the least recently used
        cache.get("d");
        assertEquals(3, cache.size());
        int before = p.calls.get();
        cache.get("a");
        cache.get("c");
        cache.get("d");
        assertEquals(before, p.calls.get(), "a, c and d were kept");
        cache.get("b");
        assertEquals(before + 1, p.calls.get(), "b was not");
        for (int i = 0; i < 100; i++) {
            cache.get("text " + i);
            assertTrue(cache.size() <= 3);
        }
    }

    @Test
    void atMostMaxCharsAreKeptAndALongerTextNever() {
        CountingParse p = new CountingParse();
        TextCache<List<String>> cache = new TextCache<>(100, 10, p::parse);
        cache.get("12345");
        cache.get("67890");
        assertEquals(10, cache.chars());
        cache.get("abc");
        assertTrue(cache.chars() <= 10, "chars " + cache.chars());
        assertEquals(2, cache.size(), "the eldest text left to make room");
        String tooLong = "x".repeat(11);
        assertEquals(List.of("X".repeat(11)), cache.get(tooLong));
        assertEquals(List.of("X".repeat(11)), cache.get(tooLong));
        assertEquals(2, cache.size());
        int calls = p.calls.get();
        cache.get(tooLong);
        assertEquals(calls + 1, p.calls.get(), "parsed every time");
    }

    @Test
    void threadsAskingForTheSameTextShareOneResult() throws Exception {
        CountingParse p = new CountingParse();
        TextCache<List<String>> cache = new TextCache<>(4, 1000, t -> {
            try {
                Thread.sleep(100); // a slow parse: the other threads ask while it runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return p.parse(t);
        });
        List<Thread> threads = new ArrayList<>();
        List<List<String>> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> seen.add(cache.get("shared")));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(8, seen.size());
        seen.forEach(r -> assertSame(seen.get(0), r));
        assertEquals(1, cache.size());
        assertEquals(1, p.calls.get(), "parsed once: the others waited for it");
    }

    @Test
    void aFailedParseIsNotKept() {
        AtomicInteger calls = new AtomicInteger();
        TextCache<String> cache = new TextCache<>(4, 1000, t -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first parse fails");
            }
            return t.toUpperCase(java.util.Locale.ROOT);
        });
        assertThrows(IllegalStateException.class, () -> cache.get("text"));
        assertEquals(0, cache.size());
        assertEquals(0, cache.chars());
        assertEquals("TEXT", cache.get("text"));
        assertEquals(2, calls.get());
    }

    @Test
    void aCacheWithoutRoomIsABug() {
        assertThrows(IllegalArgumentException.class, () -> new TextCache<String>(0, 10, t -> t));
        assertThrows(IllegalArgumentException.class, () -> new TextCache<String>(1, 0, t -> t));
    }
}
