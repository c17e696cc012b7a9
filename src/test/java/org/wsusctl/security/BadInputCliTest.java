package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the real command line: every file of the loaders' corpus ({@code bad-input/}), paired
 * with a valid counterpart, is refused by {@code validate} and by {@code audit} with exit 4, a
 * {@code file:line:col: message} on stderr, nothing on stdout and no stack trace; bad or contradictory
 * options are refused with exit 5 and a message that names the option. Nothing here reaches a host.
 */
class BadInputCliTest {
    private static final Path CORPUS = Path.of("src/test/resources/bad-input");
    private static final String GOOD_PLAYBOOK = "src/test/resources/security/pool-only.yml";
    private static final String GOOD_INVENTORY = "src/test/resources/security/sim-inventory.yml";
    private static final Map<String, String> ENV = Map.of("SEC_TEST_PW", "pw-for-bad-input-tests");
    /** Credentials are resolved by audit and apply only: validate checks files and needs no secrets. */
    private static final Set<String> RUNTIME_ONLY = Set.of("inventory/missing-env-lookup.yml",
            "inventory/missing-env-var.yml", "inventory/password-file-missing.yml");
    /**
     * Broken only for the loader tests' stand-in modules (their http.status requires url); the real
     * http.status defaults url and path, so this playbook is valid. security/bad-input-cli has a real one.
     */
    private static final Set<String> VALID_WITH_REAL_MODULES = Set.of("playbook/missing-required-arg.yml");

    static Stream<Arguments> corpus() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String kind : List.of("inventory", "playbook")) {
            try (Stream<Path> files = Files.list(CORPUS.resolve(kind))) {
                files.filter(f -> !f.toString().endsWith(".expect")).sorted()
                        .map(f -> kind + "/" + f.getFileName())
                        .filter(n -> !VALID_WITH_REAL_MODULES.contains(n))
                        .forEach(n -> out.add(Arguments.of(n, CORPUS.resolve(n))));
            }
        }
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/security/bad-input-cli"))) {
            files.sorted().forEach(f -> out.add(Arguments.of("playbook/cli-" + f.getFileName(), f)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "audit {0}")
    @MethodSource("corpus")
    void auditRefusesCorpusFile(String name, Path file) {
        Cli r = name.startsWith("inventory/")
                ? Cli.run(ENV, "audit", "-i", file.toString(), GOOD_PLAYBOOK, "--no-progress")
                : Cli.run(ENV, "audit", "-i", GOOD_INVENTORY, file.toString(), "--no-progress");
        assertRefusedAsInvalid(r, file);
    }

    /**
     * {@code validate} checks files only: inventory problems that are not in the file (an unset
     * environment variable, a missing password file) are for audit and apply, which resolve credentials.
     */
    @ParameterizedTest(name = "validate {0}")
    @MethodSource("corpus")
    void validateRefusesCorpusFile(String name, Path file) {
        Cli r = name.startsWith("inventory/")
                ? Cli.run(Map.of(), "validate", "-i", file.toString(), GOOD_PLAYBOOK)
                : Cli.run(Map.of(), "validate", "-i", GOOD_INVENTORY, file.toString());
        if (RUNTIME_ONLY.contains(name)) {
            assertEquals(0, r.exitCode(), "validate needs no secrets:\n" + r);
            return;
        }
        assertRefusedAsInvalid(r, file);
    }

    @Test
    void stubModuleCorpusFileIsValidWithTheRealModules() {
        for (String name : VALID_WITH_REAL_MODULES) {
            Cli r = Cli.run(Map.of(), "validate", "-i", GOOD_INVENTORY, CORPUS.resolve(name).toString());
            assertEquals(0, r.exitCode(), name + ": " + r);
        }
    }

    @Test
    void validateReportsEveryMistakeOfAPlaybookWithItsPosition() {
        String file = "src/test/resources/security/three-mistakes.yml";
        Cli r = Cli.run(Map.of(), "validate", file);
        assertEquals(4, r.exitCode(), r::toString);
        List<String> positioned = r.err().lines()
                .filter(l -> l.matches(Pattern.quote(file) + ":\\d+:\\d+: .+")).toList();
        assertEquals(3, positioned.size(), "one positioned error per mistake:\n" + r);
        assertTrue(positioned.get(0).startsWith(file + ":6:"), positioned.get(0));
        assertTrue(positioned.get(0).contains("iis.apppool.stat"), positioned.get(0));
        assertTrue(positioned.get(1).startsWith(file + ":9:") && positioned.get(1).contains("colour"), positioned.get(1));
        assertTrue(positioned.get(2).startsWith(file + ":12:") && positioned.get(2).contains("minimum_kb"),
                positioned.get(2));
        assertEquals("", r.out());
        assertFalse(r.showsStackTrace(), r::toString);
    }

    /**
     * A template naming a variable that neither the playbook nor any host of the inventory defines would
     * fail on every host: validate (with the inventory) and audit report it at its position, exit 4, before
     * any host is contacted. A variable some host defines is fine (issue 14, finding 13).
     */
    @Test
    void anUndefinedTemplateVariableIsAnErrorAtItsPosition(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path pb = dir.resolve("pb.yml");
        Files.writeString(pb, """
                name: templates
                hosts: all
                vars: { limit_kb: 4000000 }
                steps:
                  - name: pool
                    module: iis.apppool.state
                    args: { pool: "{{ nosuch }}" }
                  - name: memory
                    module: iis.apppool.private_memory
                    args: { pool: "{{ pool_name }}", minimum_kb: "{{ limit_kb }}" }
                """);
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, Files.readString(Path.of(GOOD_INVENTORY)).replace("      simulate: {}",
                "      simulate: {}\n      pool_name: WsusPool"));
        for (Cli r : List.of(Cli.run(ENV, "validate", "-i", inv.toString(), pb.toString()),
                Cli.run(ENV, "audit", "-i", inv.toString(), pb.toString(), "--no-progress"))) {
            assertEquals(4, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith(pb + ":7:19: error: argument \"pool\" of iis.apppool.state: expected a"
                    + " defined variable, found \"{{ nosuch }}\""), r::toString);
            assertEquals(2, r.err().lines().count(), "only the undefined one: pool_name and limit_kb are defined\n" + r);
        }
        // without an inventory nothing is known about host variables: only the syntax is checked
        assertEquals(0, Cli.run(ENV, "validate", pb.toString()).exitCode());
    }

    /**
     * A password pasted where the path of a password file belongs is never echoed back as "the path": the
     * error says the value looks like a password (issue 14, finding 13).
     */
    @Test
    void aPasswordPastedAsPasswordFileIsNeverEchoed(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String pasted = "Zq7xK9wLmP2vRt";
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, "all:\n  vars:\n    winrm_user: LAB\\tester\n    winrm_password_file: " + pasted
                + "\n  hosts:\n    lab01: { simulate: {} }\n");
        Cli r = Cli.run(Map.of(), "audit", "-i", inv.toString(), GOOD_PLAYBOOK, "--no-progress");
        assertEquals(4, r.exitCode(), r::toString);
        assertFalse((r.out() + r.err()).contains(pasted), "the value was echoed:\n" + r);
        assertTrue(r.err().contains("looks like a password, not a path"), r::toString);
        assertTrue(r.err().contains(inv + ":"), "the error points at the inventory: " + r);
    }

    /**
     * An input file that never ends ({@code /dev/zero}) is read up to the input bound and refused with one
     * line, exit 4: before, wsusctl read until it ran out of memory (issue 14, finding 9).
     */
    @Test
    void anEndlessInputFileIsRefusedAtTheBound() {
        for (Cli r : List.of(Cli.run(ENV, "validate", "-i", "/dev/zero"),
                Cli.run(ENV, "audit", "-i", GOOD_INVENTORY, "/dev/zero", "--no-progress"))) {
            assertEquals(4, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("/dev/zero:1:1: error: expected a file of at most "), r::toString);
            assertEquals(2, r.err().lines().count(), r::toString);
            assertFalse(r.showsStackTrace(), r::toString);
        }
    }

    /**
     * Names and values from input files are quoted in errors; a bidi override or zero-width character in them
     * reaches the terminal only as an escape (issue 14, finding 13).
     */
    @Test
    void bidiAndZeroWidthCharactersInInputNeverReachTheTerminal(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Path inv = dir.resolve("bidi.yml");
        Files.writeString(inv, "all:\n  children:\n    \"grp\u202Eevil\u200B\":\n      hosts:\n        h1: { simulate: {} }\n");
        for (Cli r : List.of(Cli.run(Map.of(), "validate", "-i", inv.toString()),
                Cli.run(ENV, "audit", "-i", GOOD_INVENTORY, GOOD_PLAYBOOK, "--limit", "x\u202Ey\u2066"))) {
            assertTrue(r.exitCode() == 4 || r.exitCode() == 5, r::toString);
            (r.out() + r.err()).codePoints().forEach(cp -> assertTrue(cp == '\n' || !org.wsusctl.config.TerminalText.unsafe(cp),
                    "U+" + Integer.toHexString(cp) + " reached the terminal:\n" + r));
            assertTrue(r.err().contains("\\u202e") || r.err().contains("\uFFFD"), r::toString);
        }
    }

    static Stream<Arguments> badOptions() {
        String inv = GOOD_INVENTORY;
        String pb = GOOD_PLAYBOOK;
        return Stream.of(
                Arguments.of("unknown option", List.of("audit", "-i", inv, pb, "--colour"), "colour"),
                Arguments.of("forks zero", List.of("audit", "-i", inv, pb, "--forks", "0"), "--forks"),
                Arguments.of("forks not a number", List.of("audit", "-i", inv, pb, "--forks", "abc"), "--forks"),
                Arguments.of("forks too many", List.of("apply", "-i", inv, pb, "--forks", "100000"), "--forks"),
                Arguments.of("limit matches nothing", List.of("audit", "-i", inv, pb, "--limit", "nosuchhost"),
                        "nosuchhost"),
                Arguments.of("limit is not a pattern", List.of("audit", "-i", inv, pb, "--limit", "wsus[01"),
                        "--limit"),
                Arguments.of("missing -i", List.of("audit", pb), "-i/--inventory"),
                Arguments.of("-i without its value", List.of("audit", pb, "-i"), "-i/--inventory INVENTORY"),
                Arguments.of("unknown command", List.of("audti", "-i", inv, pb), "audti"),
                Arguments.of("no playbook", List.of("audit", "-i", inv), "playbook"),
                Arguments.of("negative timeout", List.of("audit", "-i", inv, pb, "--timeout", "-1"), "--timeout"),
                Arguments.of("zero timeout", List.of("apply", "-i", inv, pb, "--timeout", "0"), "--timeout"),
                Arguments.of("fail-fast on audit", List.of("audit", "-i", inv, pb, "--fail-fast"), "fail-fast"),
                Arguments.of("journal on audit", List.of("audit", "-i", inv, pb, "--journal", "j.jsonl"), "journal"),
                Arguments.of("validate with nothing", List.of("validate"), "nothing to validate"),
                Arguments.of("no command", List.of(), "usage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void badOptionsExitFiveWithAClearMessage(String what, List<String> args, String named) {
        Cli r = Cli.run(ENV, args.toArray(String[]::new));
        assertEquals(5, r.exitCode(), what + ":\n" + r);
        String all = r.out() + r.err();
        assertTrue(all.toLowerCase().contains(named.toLowerCase()), what + ": message should name " + named + ":\n" + r);
        assertFalse(r.showsStackTrace(), r::toString);
        if (!args.isEmpty()) {
            assertEquals("", r.out(), what + ": nothing on stdout");
            assertTrue(r.err().contains("error"), what + ": says it is an error:\n" + r);
        }
    }

    private static void assertRefusedAsInvalid(Cli r, Path file) {
        assertEquals(4, r.exitCode(), r::toString);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(file.toString()) + ":(\\d+):(\\d+): \\S.*$").matcher(r.err());
        assertTrue(m.find(), "no file:line:col diagnostic for " + file + ":\n" + r);
        assertTrue(Integer.parseInt(m.group(1)) > 0 && Integer.parseInt(m.group(2)) > 0, m.group());
        assertEquals("", r.out(), "stdout must stay empty for a refused run:\n" + r);
        assertFalse(r.showsStackTrace(), "stack trace shown:\n" + r);
        for (String line : r.err().lines().toList()) {
            assertTrue(line.matches(".+:\\d+:\\d+: .+") || line.startsWith("wsusctl "),
                    "unexpected stderr line: " + line + "\n" + r);
        }
    }
}
