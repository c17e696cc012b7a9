package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulated lab for end-to-end tests: one inventory, one {@code --sim-state} file that every run loads and
 * saves (so a fix made by one run is what the next run sees), and {@code wsusctl} runs through {@link CliRun}
 * that always write a JSON report (and, for apply, a journal) into the lab's directory.
 */
final class Lab {
    static final String PASSWORD = "e2e-lab-s3cret";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path inventory;
    final Path state;
    /** Keeps the default journal location (used by any apply without --journal) inside the lab. */
    final Map<String, String> env;
    private int runs;

    private Lab(Path dir, Path inventory) {
        this.dir = dir;
        this.inventory = inventory;
        this.state = dir.resolve("sim-state.json");
        this.env = Map.of("E2E_LAB_PASSWORD", PASSWORD, "XDG_STATE_HOME", dir.toAbsolutePath().toString(),
                "HOME", dir.toAbsolutePath().toString());
    }

    /** A lab whose inventory is the test resource {@code e2e/NAME}, copied into {@code dir}. */
    static Lab fromResource(Path dir, String name) {
        try (InputStream in = Objects.requireNonNull(Lab.class.getResourceAsStream("/e2e/" + name),
                "test resource /e2e/" + name)) {
            Path inv = dir.resolve(name);
            Files.copy(in, inv);
            return new Lab(dir, inv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A lab whose inventory is {@code yaml}. */
    static Lab fromYaml(Path dir, String yaml) {
        try {
            Path inv = dir.resolve("inventory.yml");
            Files.writeString(inv, yaml);
            return new Lab(dir, inv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code audit} of {@code playbook} on the hosts matching {@code limit} (null: all). */
    Run audit(String playbook, String limit, String... extra) {
        return run("audit", playbook, limit, extra);
    }

    /** {@code apply} of {@code playbook} on the hosts matching {@code limit} (null: all), with a journal. */
    Run apply(String playbook, String limit, String... extra) {
        return run("apply", playbook, limit, extra);
    }

    private Run run(String command, String playbook, String limit, String... extra) {
        int n = ++runs;
        Path json = dir.resolve(n + "-" + command + ".json");
        Path journal = dir.resolve(n + "-journal.jsonl");
        List<String> args = new ArrayList<>(List.of(command, "-i", inventory.toString(), playbook,
                "--sim-state", state.toString(), "--no-progress", "--report-json", json.toString()));
        if (limit != null) {
            args.addAll(List.of("--limit", limit));
        }
        if (command.equals("apply")) {
            args.addAll(List.of("--journal", journal.toString()));
        }
        args.addAll(Arrays.asList(extra));
        CliRun cli = CliRun.run(env, args.toArray(String[]::new));
        JsonNode report;
        try {
            report = Files.exists(json) ? JSON.readTree(json.toFile()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("report of run " + n + " (" + cli + ")", e);
        }
        return new Run(cli, report, json, command.equals("apply") ? journal : null);
    }

    /** One CLI run and what it wrote. */
    record Run(CliRun cli, JsonNode report, Path jsonFile, Path journal) {
        int exit() {
            return cli.exitCode();
        }

        JsonNode host(String name) {
            if (report == null) {
                throw new AssertionError("no JSON report was written: " + cli);
            }
            for (JsonNode h : report.get("hosts")) {
                if (h.get("name").asText().equals(name)) {
                    return h;
                }
            }
            throw new AssertionError("no host " + name + " in the report: " + report);
        }

        String hostStatus(String name) {
            return host(name).get("status").asText();
        }

        /** The first non-handler step of {@code module} on the host. */
        JsonNode step(String hostName, String module) {
            for (JsonNode s : host(hostName).get("steps")) {
                if (s.get("module").asText().equals(module) && !s.get("handler").asBoolean()) {
                    return s;
                }
            }
            throw new AssertionError("no step of module " + module + " on " + hostName + ": " + host(hostName));
        }

        String stepStatus(String hostName, String module) {
            return step(hostName, module).get("status").asText();
        }

        /** The handler steps that ran on the host. */
        List<JsonNode> handlers(String hostName) {
            List<JsonNode> out = new ArrayList<>();
            host(hostName).get("steps").forEach(s -> {
                if (s.get("handler").asBoolean()) {
                    out.add(s);
                }
            });
            return out;
        }

        /** Changes the simulator saw fixes make to the host during this run. */
        long changes(String hostName) {
            return host(hostName).get("simulated").get("changes").asLong();
        }

        /** Asserts the exit code, showing the whole run when it differs. */
        Run exits(int expected) {
            assertEquals(expected, exit(), cli::toString);
            return this;
        }

        List<JsonNode> journalLines() {
            try {
                List<JsonNode> out = new ArrayList<>();
                for (String l : Files.readAllLines(journal)) {
                    out.add(JSON.readTree(l));
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return cli.toString();
        }
    }
}
