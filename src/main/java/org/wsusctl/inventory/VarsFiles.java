package org.wsusctl.inventory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.Tree.PEntry;
import org.wsusctl.inventory.Tree.PMap;
import org.wsusctl.inventory.Tree.PNode;

/**
 * {@code group_vars/} and {@code host_vars/} beside an inventory source, as Ansible's host_group_vars
 * plugin finds them ({@code DataLoader.find_vars_files}): the first of {@code NAME}, {@code NAME.yml},
 * {@code NAME.yaml}, {@code NAME.json}; when that is a directory, every file in it (and in its
 * subdirectories without an extension) with no extension or one of those, sorted, hidden files and
 * {@code ~} backups skipped. Empty files are skipped; vault-encrypted files are decrypted in memory.
 */
final class VarsFiles {
    static final List<String> EXTENSIONS = List.of(".yml", ".yaml", ".json");
    /** Files bigger than this are not vars files a person wrote. */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final Vault vault;
    private final Diagnostics d;
    private final Map<String, List<Map<String, Var>>> cache = new HashMap<>();
    /** Each group_vars/ or host_vars/ directory is listed once, not probed four times per host. */
    private final Map<Path, java.util.Set<String>> listings = new HashMap<>();

    VarsFiles(Vault vault, Diagnostics d) {
        this.vault = vault;
        this.d = d;
    }

    /** The variables of {@code name} under {@code dir/sub} ({@code sub} is group_vars or host_vars), file by file. */
    List<Map<String, Var>> vars(Path dir, String sub, String name) {
        String key = dir + "\0" + sub + "\0" + name;
        return cache.computeIfAbsent(key, k -> load(dir.resolve(sub), name));
    }

    private List<Map<String, Var>> load(Path base, String name) {
        List<Map<String, Var>> out = new ArrayList<>();
        java.util.Set<String> entries = listings.computeIfAbsent(base, VarsFiles::list);
        if (!entries.contains(name) && EXTENSIONS.stream().noneMatch(e -> entries.contains(name + e))) {
            return out;
        }
        for (Path f : find(base, name)) {
            Map<String, Var> vars = file(f);
            if (vars != null) {
                out.add(vars);
            }
        }
        return out;
    }

    private static java.util.Set<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return java.util.Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            return java.util.Set.of();
        }
    }

    static List<Path> find(Path base, String name) {
        List<Path> found = new ArrayList<>();
        for (String ext : List.of("", ".yml", ".yaml", ".json")) {
            Path p = base.resolve(name + ext);
            if (Files.exists(p)) {
                if (Files.isDirectory(p)) {
                    found.addAll(dirFiles(p));
                } else {
                    found.add(p);
                }
                break;
            }
        }
        return found;
    }

    private static List<Path> dirFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            return out;
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || n.endsWith("~")) {
                continue;
            }
            String ext = extension(n);
            if (Files.isDirectory(p) && ext.isEmpty()) {
                out.addAll(dirFiles(p));
            } else if (Files.isRegularFile(p) && (ext.isEmpty() || EXTENSIONS.contains(ext))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Python's os.path.splitext extension: from the last dot, unless the name starts with it. */
    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? "" : fileName.substring(dot);
    }

    /** One vars file's variables in file order; null when it is empty or could not be read (reported). */
    private Map<String, Var> file(Path f) {
        SourcePos at = new SourcePos(f, 1, 1);
        byte[] bytes;
        try {
            if (Files.size(f) > MAX_BYTES) {
                d.error(at, "expected a vars file of at most 16 MB, found more");
                return null;
            }
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            d.error(SourcePos.fileOnly(f), "cannot read file: " + e.getMessage());
            return null;
        }
        boolean vaulted = Vault.isEncrypted(bytes);
        try {
            if (vaulted) {
                bytes = vault.decrypt(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII), at, "vars file");
            }
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            if (text.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#") || l.equals("---"))) {
                return null; // Ansible skips empty vars files
            }
            PNode root = Tree.parse(f, bytes);
            if (Tree.isNull(root)) {
                return null;
            }
            if (!(root instanceof PMap m)) {
                d.error(root.pos(), "expected a mapping of variables, found " + Tree.describe(root));
                return null;
            }
            Map<String, Var> out = new LinkedHashMap<>();
            for (PEntry e : m.entries().values()) {
                if (e.key().equals(VarNames.SIMULATE)) {
                    SimulateCheck.check(e, "vars file " + f.getFileName(), d);
                }
                out.put(e.key(), new Var(Tree.plain(e.value()), e.value().pos(), e.keyPos(), vaulted));
            }
            return out;
        } catch (ConfigException e) {
            e.diagnostics().forEach(x -> d.error(x.pos(), x.message()));
            return null;
        } finally {
            if (vaulted) {
                java.util.Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /**
     * Files in {@code dir/sub} that name no group (or host) of the inventory: Ansible ignores them
     * silently; wsusctl says so, since a misspelt {@code group_vars/wsuss.yml} changes nothing.
     */
    static void unmatched(Path dir, String sub, Set<String> names, List<InventoryWarning> warnings) {
        Path base = dir.resolve(sub);
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> s = Files.list(base)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") || n.endsWith("~")) {
                    continue;
                }
                String ext = extension(n);
                String stem = Files.isDirectory(p) || !EXTENSIONS.contains(ext) ? n : n.substring(0, n.length() - ext.length());
                if (Files.isRegularFile(p) && !ext.isEmpty() && !EXTENSIONS.contains(ext)) {
                    continue;
                }
                if (!names.contains(stem)) {
                    warnings.add(new InventoryWarning(SourcePos.fileOnly(p), sub + "/" + n + " matches no "
                            + (sub.equals("group_vars") ? "group" : "host") + " of the inventory, so it is not read"
                            + DidYouMean.hint(stem, names)));
                }
            }
        } catch (IOException e) {
            warnings.add(new InventoryWarning(SourcePos.fileOnly(base), "cannot list it: " + e.getMessage()));
        }
    }
}
