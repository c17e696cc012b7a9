package org.wsusctl.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Inventory;
import org.wsusctl.inventory.InventoryLoader;
import org.wsusctl.inventory.PasswordPrompt;
import org.wsusctl.inventory.SecretResolver;
import org.wsusctl.playbook.PlaybookLoader;
import org.wsusctl.playbook.TestModules;

/**
 * "Safe under bad input": every file under {@code bad-input/} must be refused with a ConfigException whose
 * diagnostics all carry {@code file:line:col}, one of them at the expected position with the expected
 * text. The expectation is the file's first line ({@code # expect: L:C: fragment}) or, for files that
 * cannot hold a comment (binary, empty), a sidecar {@code NAME.expect}. A {@code # secret: X} line names
 * a value that must not appear in any message. Inventories that load are then resolved with an empty
 * environment, so missing credentials are refused too.
 */
class BadInputCorpusTest {
    static final Path ROOT = Path.of("src/test/resources/bad-input");
    private static final Pattern EXPECT = Pattern.compile("(\\d+):(\\d+): (.+)");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String kind : List.of("inventory", "playbook")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(kind))) {
                files.filter(f -> !f.toString().endsWith(".expect")).sorted()
                        .forEach(f -> out.add(Arguments.of(kind + "/" + f.getFileName(), f)));
            }
        }
        return out.stream();
    }

    @Test
    void corpusHasAtLeastFiftyBrokenInputs() throws IOException {
        assertTrue(cases().count() >= 50, "corpus too small: " + cases().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithPositionedDiagnostic(String name, Path file) throws IOException {
        String expectation = expectation(file);
        Matcher m = EXPECT.matcher(expectation);
        assertTrue(m.matches(), name + ": malformed expectation \"" + expectation + "\"");
        int line = Integer.parseInt(m.group(1));
        int col = Integer.parseInt(m.group(2));
        String fragment = m.group(3);

        ConfigException e = refuse(name, file);
        for (Diagnostic d : e.diagnostics()) {
            assertTrue(d.pos().line() > 0 && d.pos().column() > 0, name + ": unpositioned " + d.format());
            assertTrue(d.format().startsWith(file + ":"), name + ": diagnostic names another file: " + d.format());
        }
        String all = e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
        assertTrue(e.diagnostics().stream().anyMatch(d -> d.pos().line() == line && d.pos().column() == col
                && d.message().contains(fragment)), name + ": expected " + expectation + " among:\n" + all);
        for (String secret : secrets(file)) {
            assertFalse(all.contains(secret) || e.getMessage().contains(secret), name + ": secret echoed: " + all);
        }
    }

    private static ConfigException refuse(String name, Path file) {
        try {
            if (name.startsWith("inventory/")) {
                Inventory inv = new InventoryLoader().load(file);
                SecretResolver resolver = new SecretResolver(Map.of(), PasswordPrompt.none());
                for (Host h : inv.hosts()) {
                    resolver.resolve(h);
                }
            } else {
                new PlaybookLoader(TestModules.registry()).load(file);
            }
        } catch (ConfigException e) {
            return e;
        } catch (Throwable t) {
            fail(name + ": expected ConfigException, got " + t, t);
        }
        return fail(name + ": loaded without error");
    }

    private static String expectation(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
        if (Files.exists(sidecar)) {
            return Files.readString(sidecar).strip();
        }
        String first = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (!first.startsWith("# expect: ")) {
            fail(file + ": first line must be \"# expect: L:C: fragment\" (or add " + sidecar.getFileName() + ")");
        }
        return first.substring("# expect: ".length()).strip();
    }

    private static List<String> secrets(Path file) throws IOException {
        if (Files.exists(file.resolveSibling(file.getFileName() + ".expect"))) {
            return List.of();
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("# secret: ")).map(l -> l.substring("# secret: ".length())).toList();
    }
}
