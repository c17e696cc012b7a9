package org.wsusctl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.cli.CommandLine;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.PlaybookPlan;
import org.wsusctl.engine.RunResult;

/**
 * Ansible's retry files: after a run with failed or unreachable hosts, {@code PLAYBOOK.retry} lists them
 * (sorted, one a line) so {@code --limit @FILE} runs on exactly those again. Written in the state
 * directory by default ({@code $XDG_STATE_HOME/wsusctl/retry}, not beside the playbook as Ansible does,
 * so runs never litter a checkout), or in {@code --retry-dir}; {@code --no-retry-file} turns it off.
 */
final class RetryFiles {
    private final Optional<Path> dir;
    /** {@code .shard-2-of-4} for a sharded run: shards that share a directory keep their own files. */
    private final String suffix;

    private RetryFiles(Optional<Path> dir) {
        this(dir, "");
    }

    private RetryFiles(Optional<Path> dir, String suffix) {
        this.dir = dir;
        this.suffix = suffix;
    }

    /** Files named {@code PLAYBOOK.shard-I-of-N.retry} for a sharded run. */
    RetryFiles forShard(Optional<org.wsusctl.inventory.Shard> shard) {
        return shard.map(s -> new RetryFiles(dir, ".shard-" + s.index() + "-of-" + s.total())).orElse(this);
    }

    /** Checked before any host is contacted: a {@code --retry-dir} that cannot hold the file is an option error. */
    static RetryFiles fromOptions(CommandLine line, Map<String, String> env) throws UsageException {
        if (line.hasOption("no-retry-file")) {
            return new RetryFiles(Optional.empty());
        }
        String given = line.getOptionValue("retry-dir");
        if (given != null) {
            Path d = Path.of(given);
            if (!Files.isDirectory(d) || !Files.isWritable(d)) {
                throw new UsageException("--retry-dir " + given + ": expected a writable directory");
            }
            return new RetryFiles(Optional.of(d));
        }
        return new RetryFiles(Optional.of(org.wsusctl.report.Journal.defaultPath(env).getParent().resolve("retry")));
    }

    /** Writes one retry file per playbook that had failed or unreachable hosts, and says where. */
    void write(List<PlaybookPlan> plans, RunResult result, PrintStream err) {
        if (dir.isEmpty()) {
            return;
        }
        Set<String> bad = new HashSet<>();
        for (HostResult h : result.hosts()) {
            if (h.status() == HostStatus.FAILED || h.status() == HostStatus.UNREACHABLE) {
                bad.add(h.name());
            }
        }
        if (bad.isEmpty()) {
            return;
        }
        for (PlaybookPlan p : plans) {
            Set<String> names = new TreeSet<>();
            p.hosts().stream().map(h -> h.name()).filter(bad::contains).forEach(names::add);
            if (names.isEmpty()) {
                continue;
            }
            String base = p.playbook().source().getFileName().toString();
            int dot = base.lastIndexOf('.');
            Path file = dir.get().resolve((dot > 0 ? base.substring(0, dot) : base) + suffix + ".retry");
            try {
                Files.createDirectories(dir.get());
                Path tmp = Files.createTempFile(dir.get(), ".retry", ".tmp");
                Files.writeString(tmp, String.join("\n", names) + "\n", StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                err.println("wsusctl: " + names.size() + " failed or unreachable host(s) of " + p.playbook().source()
                        + "; to retry them: --limit @" + file);
            } catch (IOException e) {
                err.println("wsusctl: warning: cannot write retry file " + file + ": " + e.getMessage());
            }
        }
    }
}
