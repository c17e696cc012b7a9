package org.wsusctl.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.inventory.InventoryLoader;
import org.wsusctl.playbook.PlaybookLoader;
import org.wsusctl.playbook.TestModules;

/**
 * Generated bad input: seeded random mutations (delete, duplicate or swap lines, insert tabs, colons,
 * brackets, quotes, unicode, truncate) of the shipped playbooks and inventories, or of the test fixtures
 * when none are shipped yet. Loading must either succeed or fail with positioned diagnostics; any other
 * exception (or an error without a line) is a bug.
 */
class MutatedInputTest {
    private static final long SEED = 20241124L;
    private static final int MUTANTS_PER_SOURCE = 150;
    private static final String[] INSERTS = {"\t", ":", ": ", "[", "]", "{", "}", "\"", "'", "&a ", "*a", "!!binary ",
            "- ", "#", "\u00e9", "\u202e", "\uD83D\uDE00", "{{", "}}", "%", "@", "`", "|", ">", "\\", "\u0000", "?"};

    @TempDir
    Path dir;

    @Test
    void mutatedInventoriesAndPlaybooksLoadOrFailWithPositions() throws IOException, ConfigException {
        List<Path> inventories = sources("inventory", "src/test/resources/fixtures/good-inventory.yml");
        List<Path> playbooks = sources("playbooks", "src/test/resources/fixtures/good-playbook.yml");
        // The unmutated fixtures must load, or every mutant is refused for the same reason.
        new InventoryLoader().load(Path.of("src/test/resources/fixtures/good-inventory.yml"));
        new PlaybookLoader(TestModules.registry()).load(Path.of("src/test/resources/fixtures/good-playbook.yml"));
        Random random = new Random(SEED);
        int cases = 0;
        int refused = 0;
        for (Path src : inventories) {
            for (int i = 0; i < MUTANTS_PER_SOURCE; i++) {
                Path mutant = write(src, i, mutate(Files.readString(src), random));
                refused += check(mutant, () -> new InventoryLoader().load(mutant));
                cases++;
            }
        }
        PlaybookLoader loader = new PlaybookLoader(TestModules.withBuiltIns());
        for (Path src : playbooks) {
            for (int i = 0; i < MUTANTS_PER_SOURCE; i++) {
                Path mutant = write(src, i, mutate(Files.readString(src), random));
                refused += check(mutant, () -> loader.load(mutant));
                cases++;
            }
        }
        assertTrue(cases >= 300, "too few cases: " + cases);
        // If nothing is refused the mutations are not reaching the loaders.
        assertTrue(refused > cases / 4, "only " + refused + " of " + cases + " mutants were refused");
    }

    private static List<Path> sources(String shippedDir, String fixture) throws IOException {
        List<Path> out = new ArrayList<>();
        Path shipped = Path.of(shippedDir);
        if (Files.isDirectory(shipped)) {
            try (Stream<Path> s = Files.list(shipped)) {
                s.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(out::add);
            }
        }
        out.add(Path.of(fixture));
        return out;
    }

    private Path write(Path src, int i, String text) throws IOException {
        Path f = dir.resolve(src.getFileName() + "." + i + ".yml");
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    interface Load {
        void run() throws ConfigException;
    }

    /** 1 when refused properly, 0 when loaded; fails the test on anything else. */
    private static int check(Path file, Load load) throws IOException {
        try {
            load.run();
            return 0;
        } catch (ConfigException e) {
            if (e.diagnostics().isEmpty()) {
                fail(file + ": ConfigException without diagnostics");
            }
            for (Diagnostic d : e.diagnostics()) {
                if (d.pos().line() <= 0 || d.pos().column() <= 0) {
                    fail(file + ": diagnostic without line:col: " + d.format() + "\n--- input:\n" + Files.readString(file));
                }
            }
            return 1;
        } catch (Throwable t) {
            throw new AssertionError(file + ": expected success or ConfigException, got " + t
                    + "\n--- input:\n" + Files.readString(file), t);
        }
    }

    static String mutate(String text, Random r) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int i = r.nextInt(lines.size());
            switch (r.nextInt(6)) {
                case 0:
                    lines.remove(i);
                    break;
                case 1:
                    lines.add(i, lines.get(i));
                    break;
                case 2: {
                    int j = r.nextInt(lines.size());
                    String t = lines.get(i);
                    lines.set(i, lines.get(j));
                    lines.set(j, t);
                    break;
                }
                case 3:
                case 4: {
                    String l = lines.get(i);
                    int at = l.isEmpty() ? 0 : r.nextInt(l.length() + 1);
                    lines.set(i, l.substring(0, at) + INSERTS[r.nextInt(INSERTS.length)] + l.substring(at));
                    break;
                }
                default: {
                    String all = String.join("\n", lines);
                    int cut = r.nextInt(all.length() + 1);
                    lines = new ArrayList<>(all.substring(0, cut).lines().toList());
                }
            }
        }
        return String.join("\n", lines) + (r.nextBoolean() ? "\n" : "");
    }
}
