package org.wsusctl.inventory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostic;
import org.yaml.snakeyaml.Yaml;

/**
 * wsusctl's half of the inventory differential test, without Ansible: every corpus case loads, or is
 * refused for its stated reason with a position. The comparison with Ansible itself is
 * {@code scripts/inventory-diff.sh} (run by make test), over the same corpus.
 */
class InventoryCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/inventory-corpus");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("case.yml"))).map(p -> p.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    @Test
    void corpusHasAtLeastThirtyInventoriesOfEachFormat() throws IOException {
        List<String> all = cases().toList();
        assertTrue(all.size() >= 30, "corpus too small: " + all.size());
        String files;
        try (Stream<Path> s = Files.walk(CORPUS)) {
            files = s.map(Path::toString).collect(Collectors.joining("\n"));
        }
        for (String kind : List.of(".ini", "/hosts\n", ".json", ".py", ".sh", "group_vars", "host_vars")) {
            assertTrue(files.contains(kind), "no corpus case with " + kind.strip());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loadsOrIsRefusedAsTheCaseSays(String name) throws Exception {
        Path dir = CORPUS.resolve(name).toAbsolutePath();
        @SuppressWarnings("unchecked")
        Map<String, Object> c = new Yaml().load(Files.readString(dir.resolve("case.yml")));
        String expect = (String) c.getOrDefault("expect", "agree");
        List<String> sources = new ArrayList<>();
        for (Object s : (List<?>) c.getOrDefault("sources", List.of())) {
            sources.add(dir.resolve(String.valueOf(s)).toString());
        }
        if (c.get("host_list") != null) {
            sources.add(String.valueOf(c.get("host_list")));
        }
        Map<String, String> env = new HashMap<>();
        if (c.get("env") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        }
        List<String> pwFiles = c.get("vault_password_file") == null ? List.of()
                : List.of(dir.resolve(String.valueOf(c.get("vault_password_file"))).toString());
        List<String> ids = new ArrayList<>();
        for (Object id : (List<?>) c.getOrDefault("vault_ids", List.of())) {
            String[] parts = String.valueOf(id).split("@", 2);
            ids.add(parts[0] + "@" + dir.resolve(parts[1]));
        }
        Vault vault = VaultSecrets.load(pwFiles, ids, false, PasswordPrompt.none());
        InventoryLoader loader = new InventoryLoader(new InventoryLoader.Options(env, vault,
                java.time.Duration.ofSeconds(30)));
        try {
            Inventory inv = loader.load(sources);
            if (!expect.equals("agree")) {
                fail(name + ": expected wsusctl to refuse it (" + c.get("reason") + "), but it loaded");
            }
            assertTrue(!inv.hosts().isEmpty() || name.contains("empty"), name + ": no hosts");
        } catch (ConfigException e) {
            String all = e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
            if (expect.equals("agree")) {
                fail(name + ": expected it to load, got:\n" + all);
            }
            Object want = c.get("wsusctl_error");
            if (want != null) {
                assertTrue(Pattern.compile(String.valueOf(want)).matcher(all).find(),
                        name + ": refusal does not match " + want + ":\n" + all);
            }
            if (!Boolean.FALSE.equals(c.get("positioned"))) {
                assertTrue(e.diagnostics().stream().allMatch(d -> d.pos().line() > 0 && d.pos().column() > 0),
                        name + ": refused without file:line:col:\n" + all);
            }
        }
    }
}
