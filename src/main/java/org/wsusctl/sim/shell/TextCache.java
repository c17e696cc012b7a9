package org.wsusctl.sim.shell;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    /**
     * Access order: the eldest entry is the least recently used. A text being parsed is here already, so the hosts
     * that ask for it meanwhile (a fleet's first commands arrive together) wait for that one parse instead of each
     * doing their own. Guarded by {@code this}.
     */
    private final LinkedHashMap<String, CompletableFuture<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
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
        if (text.length() > maxChars) {
            return parse.apply(text);
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> kept;
        synchronized (this) {
            kept = entries.putIfAbsent(text, mine);
            if (kept == null) {
                chars += text.length();
                Iterator<Map.Entry<String, CompletableFuture<V>>> eldest = entries.entrySet().iterator();
                while (entries.size() > maxEntries || chars > maxChars) {
                    chars -= eldest.next().getKey().length();
                    eldest.remove();
                }
            }
        }
        if (kept != null) {
            try {
                return kept.join();
            } catch (CompletionException e) { // the parse failed in the thread that ran it
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            V parsed = parse.apply(text); // outside the lock: other texts' hits need not wait for it
            mine.complete(parsed);
            return parsed;
        } catch (RuntimeException | Error e) { // whoever waits for this parse hears how it ended, never waits on
            synchronized (this) {
                if (entries.remove(text, mine)) {
                    chars -= text.length();
                }
            }
            mine.completeExceptionally(e);
            throw e;
        }
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
