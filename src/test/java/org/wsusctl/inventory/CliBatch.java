package org.wsusctl.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.cli.CliContext;
import org.wsusctl.cli.Main;

/**
 * Runs many wsusctl command lines in one JVM for the inventory differential test
 * ({@code interop/inventory_diff.py}): the same {@link Main#run} the jar's main calls, with each command's
 * environment, stdout and stderr, without paying a JVM start and a logging set-up per command (the corpus
 * needs some 150 of them). Reads a JSON list of {@code {"args": [...], "env": {...}}} from the file given as
 * the first argument; prints a JSON list of {@code {"rc": N, "out": "...", "err": "..."}}.
 */
public final class CliBatch {
    private CliBatch() { }

    public static void main(String[] argv) throws Exception {
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> requests = json.readValue(Path.of(argv[0]).toFile(), List.class);
        List<Map<String, Object>> results = new ArrayList<>();
        PrintStream realOut = System.out;
        for (Map<String, Object> r : requests) {
            @SuppressWarnings("unchecked")
            List<String> args = (List<String>) r.get("args");
            @SuppressWarnings("unchecked")
            Map<String, String> env = (Map<String, String>) r.getOrDefault("env", Map.of());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                int rc = new Main(new CliContext(o, e, env, Clock.systemUTC(), false, false))
                        .run(args.toArray(String[]::new));
                Map<String, Object> res = new LinkedHashMap<>();
                res.put("rc", rc);
                res.put("out", out.toString(StandardCharsets.UTF_8));
                res.put("err", err.toString(StandardCharsets.UTF_8));
                results.add(res);
            }
        }
        realOut.println(json.writeValueAsString(results));
        realOut.flush();
        org.apache.logging.log4j.LogManager.shutdown();
        System.exit(0);
    }
}
