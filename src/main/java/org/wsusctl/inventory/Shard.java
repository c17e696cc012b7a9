package org.wsusctl.inventory;

import java.util.Optional;

/**
 * One slice of a fleet for {@code --shard I/N}: the {@code index}-th of {@code total} (counted from 1), cut
 * along {@code by} (a host variable: all hosts with one value go together) when given. Which hosts it holds is
 * {@link Sharding}'s business.
 */
public record Shard(int index, int total, Optional<String> by) {
    /** Far beyond any CI matrix or Indexed Job; a larger total is a typo. */
    public static final int MAX_TOTAL = 10_000;

    public Shard {
        if (total < 1 || total > MAX_TOTAL) {
            throw new IllegalArgumentException("the total must be between 1 and " + MAX_TOTAL + ", found " + total);
        }
        if (index < 1 || index > total) {
            throw new IllegalArgumentException("the index counts from 1 to " + total + ", found " + index);
        }
        by = by == null ? Optional.empty() : by;
    }

    /** {@code 2/4}. */
    public String label() {
        return index + "/" + total;
    }

    /** {@code 2/4}, or {@code 2/4 by site}. */
    public String describe() {
        return label() + by.map(v -> " by " + v).orElse("");
    }
}
