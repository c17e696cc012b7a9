package org.wsusctl.sim;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The {@code --sim-state} file: {@code {"schema":"wsusctl.sim-state/1","hosts":{NAME: model state}}}.
 * Hosts that are in the file but not in this fleet (e.g. excluded by {@code --limit}) are kept on save.
 */
final class SimStateFile {
    static final String SCHEMA = "wsusctl.sim-state/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private SimStateFile() { }

    /** The hosts' saved states, or an empty map when the file does not exist. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> root;
        try {
            root = JSON.readValue(file.toFile(), MAP);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a simulator state file (invalid JSON at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !SCHEMA.equals(root.get("schema"))) {
            throw new IOException(file + ": expected \"schema\": \"" + SCHEMA + "\", got " + (root == null ? "null" : root.get("schema")));
        }
        Object hosts = root.get("hosts");
        if (!(hosts instanceof Map)) {
            throw new IOException(file + ": expected \"hosts\" to be an object of host name to state");
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) hosts).entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                throw new IOException(file + ": hosts." + e.getKey() + ": expected an object");
            }
            out.put(e.getKey(), (Map<String, Object>) e.getValue());
        }
        return out;
    }

    /** Writes atomically: a temporary file next to the target, then a move over it. */
    static void save(Path file, Map<String, Map<String, Object>> hosts) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("hosts", hosts);
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
