package org.wsusctl.sim.shell;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What parsing a text yielded, kept for the next equal text. Every host of a simulated fleet is sent the same
 * batch, so a fleet of 1,000 hosts parses it once instead of 1,000 times (make bench, issue 15: finding a batch's
 * units was a fifth of the simulator's CPU). Bounded twice, least recently used first out: at most
 * {@code maxEntries} texts and {@code maxChars} characters of them (a text longer than that is parsed every time,
 * never kept), so whatever clients send, the cache stays small. The parse must be a pure function of the text and
 * its result immutable: it is shared by every host and thread.
 *
 * @param <V> what parsing yields
 */
final class TextCache<V> {
    private final int maxEntries;
    private final long maxChars;
    private final Function<String, V> parse;
    /** Access order: the eldest entry is the least recently used. Guarded by {@code this}. */
    private final LinkedHashMap<String, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long chars;

    TextCache(int maxEntries, long maxChars, Function<String, V> parse) {
        if (maxEntries < 1 || maxChars < 1) {
            throw new IllegalArgumentException("a cache needs room for one entry and one character");
        }
        this.maxEntries = maxEntries;
        this.maxChars = maxChars;
        this.parse = parse;
    }

    /** The parse of {@code text}: kept from an earlier equal text, or parsed now (and kept if it fits). */
    V get(String text) {
        synchronized (this) {
            V kept = entries.get(text);
            if (kept != null) {
                return kept;
            }
        }
        V parsed = parse.apply(text); // outside the lock: other hosts' hits need not wait for it
        if (parsed == null || text.length() > maxChars) {
            return parsed;
        }
        synchronized (this) {
            V raced = entries.putIfAbsent(text, parsed);
            if (raced != null) {
                return raced; // another thread parsed the same text meanwhile: one result for everyone
            }
            chars += text.length();
            Iterator<Map.Entry<String, V>> eldest = entries.entrySet().iterator();
            while (entries.size() > maxEntries || chars > maxChars) {
                chars -= eldest.next().getKey().length();
                eldest.remove();
            }
        }
        return parsed;
    }

    /** How many texts are kept. */
    synchronized int size() {
        return entries.size();
    }

    /** How many characters the kept texts hold. */
    synchronized long chars() {
        return chars;
    }
}
