package org.wsusctl.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.wsusctl.engine.StopReason;
import org.wsusctl.inventory.Shard;

/**
 * Where a report's hosts sit in the fleet: how many hosts the run selected before any sharding, a digest of
 * that selection and its split, and the shard this run took ({@code --shard}), or, for a merged report, the
 * shard reports it was made of. It is what {@code report merge} checks before it puts shards together.
 *
 * @param selectedHosts hosts selected by the playbooks' patterns and {@code --limit}, before sharding
 * @param selectionDigest {@link org.wsusctl.inventory.Sharding#digest()}: equal for runs that split the same fleet
 * @param shard the shard this run took, if it was sharded
 * @param merged the shard reports a merged report was made of
 */
public record FleetScope(int selectedHosts, String selectionDigest, Optional<Shard> shard, Optional<Merged> merged) {

    public FleetScope {
        shard = shard == null ? Optional.empty() : shard;
        merged = merged == null ? Optional.empty() : merged;
    }

    /**
     * The shard reports behind a merged report.
     *
     * @param total how many shards the fleet was split into (every one is in {@code reports})
     * @param by the {@code --shard-by} variable the split used, if any
     */
    public record Merged(int total, Optional<String> by, List<Part> reports) { }

    /** One shard report of a merge, as it was given. */
    public record Part(String file, int index, int hosts, Instant started, Instant finished, boolean interrupted,
            Optional<StopReason> stopReason) { }
}
