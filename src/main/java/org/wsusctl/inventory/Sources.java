package org.wsusctl.inventory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.wsusctl.config.BoundedRead;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.Tree.PMap;
import org.wsusctl.inventory.Tree.PNode;

/**
 * Reads inventory sources the way Ansible picks its inventory plugins for them: a comma-separated host
 * list ({@code -i 'wsus01,wsus02,'}), an executable script (run with {@code --list}), a directory (every
 * entry, sorted, except what Ansible ignores), and files: {@code .yml}, {@code .yaml} and {@code .json}
 * as YAML or JSON, other names as INI (a file without an extension is YAML if it reads as a YAML
 * mapping, otherwise INI). Any file may be vault-encrypted. Inventory plugin configurations
 * ({@code plugin:}) and TOML are refused with what to do instead.
 */
final class Sources {
    /** Ansible's IGNORED pattern for directory entries (INVENTORY_IGNORE_EXTS and the fixed names). */
    private static final Pattern IGNORED = Pattern.compile(
            "^\\.|^host_vars$|^group_vars$|^vars_plugins$|(\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst"
                    + "|\\.orig|\\.ini|\\.cfg|\\.retry)$");
    /** An inventory is big for a person but small for a machine: 16 MB of INI is some 300,000 hosts. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final InventoryData inv;
    private final Diagnostics d;
    private final Vault vault;
    private final Duration scriptTimeout;
    private final List<InventoryWarning> warnings;
    /** Directories whose group_vars/ and host_vars/ apply, one per -i source, in order. */
    final List<Path> varDirs = new ArrayList<>();

    Sources(InventoryData inv, Vault vault, Duration scriptTimeout, List<InventoryWarning> warnings) {
        this.inv = inv;
        this.d = inv.diagnostics();
        this.vault = vault;
        this.scriptTimeout = scriptTimeout;
        this.warnings = warnings;
    }

    /** One {@code -i} argument. */
    void add(String source) {
        Path path = Path.of(source);
        if (source.contains(",") && !Files.exists(path)) {
            hostList(source);
            return;
        }
        if (!Files.exists(path)) {
            d.error(SourcePos.fileOnly(path), "inventory not found (expected a file, a directory or a"
                    + " comma-separated host list such as 'wsus01,wsus02,')");
            return;
        }
        if (Files.isDirectory(path)) {
            directory(path, true);
            varDirs.add(path);
        } else {
            file(path);
            varDirs.add(path.toAbsolutePath().getParent());
        }
    }

    /** Ansible's host_list plugin: hosts (with optional :port) into ungrouped. */
    private void hostList(String source) {
        Path name = Path.of(source);
        int col = 1;
        for (String part : source.split(",", -1)) {
            String h = part.strip();
            SourcePos pos = new SourcePos(name, 1, col);
            col += part.length() + 1;
            if (h.isEmpty()) {
                continue;
            }
            HostPatterns.Address a = HostPatterns.parseAddress(h);
            String host = a == null ? h : a.host();
            if (inv.validHostName(host, pos)) {
                inv.addHost(host, inv.groups.get(InventoryData.UNGROUPED), a == null ? null : a.port(), pos);
            }
        }
    }

    private void directory(Path dir, boolean top) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            d.error(SourcePos.fileOnly(dir), "cannot list the inventory directory: " + e.getMessage());
            return;
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (IGNORED.matcher(n).find()) {
                if (!top && Files.isDirectory(p) && (n.equals("group_vars") || n.equals("host_vars"))) {
                    warnings.add(new InventoryWarning(SourcePos.fileOnly(p), n + "/ in a subdirectory of the"
                            + " inventory directory is not read (as in Ansible, which reads it only beside an -i"
                            + " source); move it to " + dir.getParent().resolve(n)));
                }
                continue;
            }
            if (Files.isDirectory(p)) {
                directory(p, false);
            } else {
                file(p);
            }
        }
    }

    private void file(Path file) {
        SourcePos start = new SourcePos(file, 1, 1);
        byte[] bytes;
        try {
            // A pipe is read once, up to the bound (-i <(ansible-inventory --list), as Ansible reads one); a
            // device that never ends (/dev/zero) is refused at the bound rather than read forever.
            bytes = BoundedRead.read(file, (int) MAX_BYTES);
        } catch (BoundedRead.TooLarge e) {
            d.error(start, "expected a file of at most " + BoundedRead.describe(MAX_BYTES)
                    + ", found more");
            return;
        } catch (IOException e) {
            d.error(SourcePos.fileOnly(file), "cannot read file: " + e.getMessage());
            return;
        }
        inv.currentSource = file;
        try {
            if (Files.isExecutable(file) && bytes.length > 2 && bytes[0] == '#' && bytes[1] == '!') {
                script(file);
                return;
            }
            boolean vaulted = Vault.isEncrypted(bytes);
            if (vaulted) {
                bytes = vault.decrypt(new String(bytes, StandardCharsets.US_ASCII), start, "inventory file");
            }
            String ext = VarsFiles.extension(file.getFileName().toString()).toLowerCase(java.util.Locale.ROOT);
            if (ext.equals(".toml")) {
                d.error(start, "TOML inventories are not supported; convert it with"
                        + " 'ansible-inventory -i " + file + " --list > inventory.json' and give wsusctl that file");
                return;
            }
            if (VarsFiles.EXTENSIONS.contains(ext)) {
                structured(file, bytes, vaulted, Tree.parse(file, bytes));
                return;
            }
            if (ext.isEmpty()) {
                PNode root = null;
                try {
                    root = Tree.parse(file, bytes);
                } catch (ConfigException notYaml) {
                    // not YAML: an INI file such as Ansible's default "hosts"
                }
                if (root instanceof PMap) {
                    structured(file, bytes, vaulted, root);
                    return;
                }
            }
            IniShape.read(file, text(file, bytes), inv, vaulted);
        } catch (ConfigException e) {
            e.diagnostics().forEach(x -> d.error(x.pos(), x.message()));
        } finally {
            inv.currentSource = null;
        }
    }

    private static String text(Path file, byte[] bytes) throws ConfigException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(new SourcePos(file, 1, 1), "expected UTF-8 text, found bytes that are not UTF-8"
                    + " (binary file?)");
        }
    }

    private void structured(Path file, byte[] bytes, boolean vaulted, PNode root) throws ConfigException {
        if (!(root instanceof PMap m)) {
            d.error(root.pos(), "expected a mapping of groups (usually starting with \"all:\"), found "
                    + Tree.describe(root));
            return;
        }
        if (m.entries().containsKey("plugin")) {
            Tree.PEntry p = m.entries().get("plugin");
            d.error(p.keyPos(), "this is the configuration of Ansible's " + Tree.plain(p.value()) + " inventory"
                    + " plugin, which wsusctl does not run; run 'ansible-inventory -i " + file + " --list >"
                    + " inventory.json' and give wsusctl that file");
            return;
        }
        if (ListShape.looksLike(m)) {
            ListShape.read(m, inv, vaulted, h -> null);
            return;
        }
        YamlShape.read(m, inv, vaulted);
    }

    /** Ansible's script plugin: SCRIPT --list (JSON), and SCRIPT --host NAME when there is no _meta. */
    private void script(Path file) throws ConfigException {
        String abs = file.toAbsolutePath().toString();
        PNode root = run(file, List.of(abs, "--list"), "--list");
        if (!(root instanceof PMap m)) {
            d.error(root.pos(), "inventory script output: expected a JSON object of groups, found " + Tree.describe(root));
            return;
        }
        ListShape.read(m, inv, false, host -> {
            PNode vars = run(file, List.of(abs, "--host", host), "--host " + host);
            return vars;
        });
    }

    private PNode run(Path file, List<String> cmd, String what) throws ConfigException {
        SourcePos at = new SourcePos(file, 1, 1);
        BoundedProcess.Result r;
        try {
            r = BoundedProcess.run(cmd, null, scriptTimeout, (int) MAX_BYTES);
        } catch (BoundedProcess.Failure f) {
            throw new ConfigException(at, "inventory script " + what + ": " + f.getMessage());
        }
        if (r.exitCode() != 0) {
            throw new ConfigException(at, "inventory script " + what + " exited with code " + r.exitCode()
                    + (r.stderr().isEmpty() ? "" : ": " + oneLine(r.stderr())));
        }
        String out;
        try {
            out = text(file, r.stdout());
        } catch (ConfigException e) {
            throw new ConfigException(at, "inventory script " + what + ": its output is not UTF-8 text");
        }
        if (out.isBlank()) {
            if (what.startsWith("--host")) {
                return null;
            }
            throw new ConfigException(at, "inventory script " + what + ": expected JSON, found no output");
        }
        return Tree.parseJson(Path.of(file + " " + what), out);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").strip();
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}
