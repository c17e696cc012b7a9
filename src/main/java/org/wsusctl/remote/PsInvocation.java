package org.wsusctl.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds the command line that runs a batch of units in one PowerShell process.
 *
 * <p>Why this shape: winrm4j sends commands through cmd.exe ({@code WINRS_SKIP_CMD_SHELL=FALSE} is fixed
 * in 0.12.3), whose command line is limited to 8191 characters. {@code -EncodedCommand} costs 2.67
 * characters per script byte (UTF-16LE, then base64), so a full health batch (~25 KB of PowerShell) would
 * need ~70 KB. Instead the batch is gzip-compressed and base64-encoded as plain ASCII inside a short
 * bootstrap given to {@code -Command}: about 0.4 characters per script byte. Base64's alphabet has no
 * character that cmd.exe or a PowerShell single-quoted string interprets. Batches that would still pass
 * {@link #MAX_COMMAND_CHARS} are split by {@link #pack} into several invocations on the same shell.
 */
public final class PsInvocation {
    /** cmd.exe's 8191-character limit, less a margin for the executable name and quoting. */
    public static final int MAX_COMMAND_CHARS = 8000;
    public static final String RESULT_PREFIX = "##WSUSCTL## ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREAMBLE = loadPreamble();
    private static final String BOOTSTRAP_HEAD = "powershell.exe -NoProfile -NonInteractive -Command \"$z='";
    private static final String BOOTSTRAP_TAIL = "';$m=New-Object IO.MemoryStream(,[Convert]::FromBase64String($z));"
            + "$g=New-Object IO.Compression.GZipStream($m,[IO.Compression.CompressionMode]::Decompress);"
            + "$s=(New-Object IO.StreamReader($g,[Text.Encoding]::UTF8)).ReadToEnd();"
            + "Invoke-Command -ScriptBlock ([ScriptBlock]::Create($s))\"";

    /**
     * Command lines recently built, by batch text. Every host of a run sends the same batches (same scripts,
     * usually the same arguments) and {@link #pack} compresses each growing prefix, so without this gzip was
     * the largest CPU cost of a host besides the transport ({@code make bench}: ~4 ms a host, 1000 hosts).
     * Bounded and in memory only; a batch holds check arguments, never credentials.
     */
    private static final int RECENT_MAX = 64;
    private static final Map<String, String> RECENT = Collections.synchronizedMap(
            new LinkedHashMap<String, String>(RECENT_MAX * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > RECENT_MAX;
                }
            });

    /** A unit: one script call with the id its result line will carry. */
    public record Unit(String id, ScriptCall<?> call) { }

    private PsInvocation() { }

    /** The batch script text (what PowerShell runs after decompressing). */
    public static String batchText(List<Unit> units) {
        StringBuilder sb = new StringBuilder(PREAMBLE.length() + 4096);
        sb.append(PREAMBLE);
        for (Unit u : units) {
            if (!u.id().matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("bad unit id " + u.id());
            }
            sb.append("\r\nInvoke-WsusctlUnit -Unit '").append(u.id())
                    .append("' -ArgsB64 '").append(argsBase64(u.call()))
                    .append("' -Body {\r\n")
                    .append(u.call().script().body().replace("\r\n", "\n").replace("\n", "\r\n"))
                    .append("\r\n}\r\n");
        }
        return sb.toString();
    }

    /** The full command line for one batch. */
    public static String commandLine(List<Unit> units) {
        String text = batchText(units);
        String cached = RECENT.get(text);
        if (cached != null) {
            return cached;
        }
        byte[] gz = gzip(text.getBytes(StandardCharsets.UTF_8));
        String line = BOOTSTRAP_HEAD + Base64.getEncoder().encodeToString(gz) + BOOTSTRAP_TAIL;
        RECENT.put(text, line);
        return line;
    }

    /**
     * Splits units into as few command lines as fit {@link #MAX_COMMAND_CHARS}, keeping their order.
     *
     * @throws IllegalStateException if a single unit does not fit on its own
     */
    public static List<List<Unit>> pack(List<Unit> units) {
        List<List<Unit>> batches = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        for (Unit u : units) {
            current.add(u);
            if (commandLine(current).length() > MAX_COMMAND_CHARS) {
                current.remove(current.size() - 1);
                if (current.isEmpty()) {
                    throw new IllegalStateException("script " + u.call().script().id()
                            + " does not fit in one command line even alone");
                }
                batches.add(current);
                current = new ArrayList<>(List.of(u));
                if (commandLine(current).length() > MAX_COMMAND_CHARS) {
                    throw new IllegalStateException("script " + u.call().script().id()
                            + " does not fit in one command line even alone");
                }
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    static String argsBase64(ScriptCall<?> call) {
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(call.args()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments of " + call.script().id() + " are not JSON-serialisable", e);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    private static String loadPreamble() {
        try (InputStream in = PsInvocation.class.getClassLoader()
                .getResourceAsStream(PsScript.RESOURCE_DIR + "_preamble.ps1")) {
            if (in == null) {
                throw new IllegalStateException("_preamble.ps1 not shipped");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
