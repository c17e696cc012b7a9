package org.wsusctl.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.YamlDoc;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Validates one block of inventory variables. Connection variables (wsusctl's {@code winrm_*} names and
 * Ansible's aliases) are typed and stored under canonical names; an unknown {@code winrm_*} or
 * {@code ansible_*} key and any literal password are errors. Everything else is free-form.
 */
final class VarRules {
    // Canonical setting names (wsusctl's own variable names).
    static final String SCHEME = "winrm_scheme";
    static final String PORT = "winrm_port";
    static final String PATH = "winrm_path";
    static final String TRANSPORT = "winrm_transport";
    static final String USER = "winrm_user";
    static final String PASSWORD = "password";
    static final String VERIFY_TLS = "verify_tls";
    static final String CA_FILE = "ca_file";
    static final String ALLOW_INSECURE_BASIC = "allow_insecure_basic";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String OPERATION_TIMEOUT = "operation_timeout";
    static final String ADDRESS = "ansible_host";
    static final String MAX_PARALLEL_FIXES = "max_parallel_fixes";
    static final String GROUP_PRIORITY = "ansible_group_priority";
    static final String SIMULATE = "simulate";

    /** Every connection variable a user may write, mapped to its canonical setting. */
    static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("winrm_scheme", SCHEME), Map.entry("ansible_winrm_scheme", SCHEME),
            Map.entry("winrm_port", PORT), Map.entry("ansible_port", PORT),
            Map.entry("winrm_path", PATH), Map.entry("ansible_winrm_path", PATH),
            Map.entry("winrm_transport", TRANSPORT), Map.entry("ansible_winrm_transport", TRANSPORT),
            Map.entry("winrm_user", USER), Map.entry("ansible_user", USER),
            Map.entry("winrm_password_env", PASSWORD), Map.entry("winrm_password_file", PASSWORD),
            Map.entry("ansible_password", PASSWORD),
            Map.entry("verify_tls", VERIFY_TLS), Map.entry("ansible_winrm_server_cert_validation", VERIFY_TLS),
            Map.entry("ca_file", CA_FILE), Map.entry("ansible_winrm_ca_trust_path", CA_FILE),
            Map.entry("allow_insecure_basic", ALLOW_INSECURE_BASIC),
            Map.entry("connect_timeout", CONNECT_TIMEOUT), Map.entry("operation_timeout", OPERATION_TIMEOUT),
            Map.entry("ansible_host", ADDRESS), Map.entry("ansible_connection", "ansible_connection"),
            Map.entry("max_parallel_fixes", MAX_PARALLEL_FIXES), Map.entry("ansible_group_priority", GROUP_PRIORITY),
            Map.entry("simulate", SIMULATE));

    static final List<String> SIMULATE_KEYS =
            List.of("apppool", "services", "sql", "clients", "sync", "site", "health", "latency_ms", "ps_startup_ms",
                    "fault");
    static final List<String> FAULTS = List.of("none", "unreachable", "auth-rejected", "hang", "flaky", "garbage");

    /** winrm4j's CXF read timeout is 60 s; the WS-Man OperationTimeout must stay below it. */
    static final int MAX_OPERATION_TIMEOUT = 50;
    static final int MAX_CONNECT_TIMEOUT = 300;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ENV_LOOKUP = Pattern.compile(
            "\\{\\{\\s*lookup\\(\\s*['\"]env['\"]\\s*,\\s*['\"]([^'\"]*)['\"]\\s*\\)\\s*}}");
    private static final Pattern ADDRESS_SHAPE = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");

    enum Scope { GROUP, HOST }

    private final YamlDoc doc;
    private final Diagnostics d;

    VarRules(YamlDoc doc, Diagnostics d) {
        this.doc = doc;
        this.d = d;
    }

    /** Reads a block of variables; {@code where} names it in messages ("group \"wsus\"", "host \"wsus01\""). */
    VarBlock read(MappingNode vars, Scope scope, String where) {
        Map<String, Object> free = new LinkedHashMap<>();
        Map<String, VarBlock.Setting> settings = new LinkedHashMap<>();
        Map<String, String> writtenAs = new LinkedHashMap<>();
        Optional<Map<String, Object>> simulate = Optional.empty();
        for (YamlDoc.Entry e : doc.entries(vars, d)) {
            String key = e.key();
            SourcePos keyPos = doc.pos(e.keyNode());
            String canonical = KNOWN.get(key);
            if (canonical == null) {
                if (isPasswordKey(key)) {
                    d.error(keyPos, literalPasswordMessage(key, where));
                    continue;
                }
                if (isReservedPrefix(key) || looksLikeTypo(key)) {
                    d.error(keyPos, "unknown variable \"" + key + "\" in " + where
                            + DidYouMean.hint(key, KNOWN.keySet()));
                    continue;
                }
                free.put(key, doc.plain(e.value(), d));
                continue;
            }
            if (canonical.equals(SIMULATE)) {
                simulate = checkSimulate(e.value(), where);
                continue;
            }
            String earlier = writtenAs.putIfAbsent(canonical, key);
            if (earlier != null) {
                d.error(keyPos, "\"" + key + "\" and \"" + earlier + "\" in " + where + " set the same thing; keep one");
                continue;
            }
            Object value = typed(key, e.value(), scope, where);
            if (value != null) {
                settings.put(canonical, new VarBlock.Setting(value, doc.pos(e.value())));
            }
            if (!canonical.equals(PASSWORD)) {
                free.put(key, doc.plain(e.value(), new Diagnostics()));
            }
        }
        return new VarBlock(free, settings, simulate, doc.pos(vars));
    }

    private static boolean isReservedPrefix(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.startsWith("winrm_") || k.startsWith("ansible_");
    }

    /** Free-form keys one or two edits away from a connection variable are almost certainly typos. */
    private static boolean looksLikeTypo(String key) {
        if (key.length() < 6) {
            return false;
        }
        for (String k : KNOWN.keySet()) {
            if (DidYouMean.distance(key.toLowerCase(Locale.ROOT), k) <= 2) {
                return true;
            }
        }
        return false;
    }

    static boolean isPasswordKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("passwd") || k.endsWith("_pass") || k.equals("pass");
    }

    private static String literalPasswordMessage(String key, String where) {
        return "\"" + key + "\" in " + where + " would put a password in the inventory; passwords never live"
                + " in the file: set winrm_password_env: VARIABLE (or winrm_password_file) instead";
    }

    /** The typed value of a connection variable, or null after reporting why it is invalid. */
    private Object typed(String key, Node v, Scope scope, String where) {
        String what = key;
        switch (key) {
            case "winrm_scheme":
            case "ansible_winrm_scheme":
                return oneOf(v, what, List.of("https", "http")).map(s -> Scheme.valueOf(s.toUpperCase(Locale.ROOT)))
                        .orElse(null);
            case "winrm_port":
            case "ansible_port":
                return boxInt(doc.integer(v, what, 1, 65535, d));
            case "winrm_path":
            case "ansible_winrm_path": {
                Optional<String> p = doc.string(v, what, d);
                if (p.isPresent() && !p.get().matches("/[A-Za-z0-9/._-]*")) {
                    d.error(doc.pos(v), what + ": expected a URL path such as /wsman, found " + YamlDoc.describe(v));
                    return null;
                }
                return p.orElse(null);
            }
            case "winrm_transport":
            case "ansible_winrm_transport":
                return transport(v, what);
            case "winrm_user":
            case "ansible_user":
                return doc.string(v, what, d).orElse(null);
            case "winrm_password_env":
                return envName(v, what);
            case "winrm_password_file":
                return doc.string(v, what, d).map(s -> (Object) new SecretRef.FromFile(resolve(s))).orElse(null);
            case "ansible_password":
                return ansiblePassword(v, where);
            case "verify_tls":
            case "allow_insecure_basic":
                return doc.bool(v, what, d).orElse(null);
            case "ansible_winrm_server_cert_validation":
                return oneOf(v, what, List.of("validate", "ignore")).map(s -> s.equals("validate")).orElse(null);
            case "ca_file":
            case "ansible_winrm_ca_trust_path":
                return caFile(v, what);
            case "connect_timeout":
                return seconds(v, what, MAX_CONNECT_TIMEOUT, "");
            case "operation_timeout":
                return seconds(v, what, MAX_OPERATION_TIMEOUT,
                        " (winrm4j's HTTP read timeout is 60 s, so longer operations would be cut off)");
            case "ansible_host": {
                Optional<String> a = doc.string(v, what, d);
                if (a.isPresent() && !ADDRESS_SHAPE.matcher(a.get()).matches()) {
                    d.error(doc.pos(v), what + ": expected a host name or IP address, found " + YamlDoc.describe(v));
                    return null;
                }
                return a.orElse(null);
            }
            case "ansible_connection":
                return oneOf(v, what, List.of("winrm")).orElse(null);
            case "max_parallel_fixes":
                if (scope == Scope.HOST) {
                    d.error(doc.pos(v), what + ": expected in a group's vars (it limits fixes across the group),"
                            + " found on " + where);
                    return null;
                }
                return boxInt(doc.integer(v, what, 0, 10_000, d));
            case "ansible_group_priority":
                if (scope == Scope.HOST) {
                    d.error(doc.pos(v), what + ": expected in a group's vars, found on " + where);
                    return null;
                }
                return boxInt(doc.integer(v, what, 1, 10_000, d));
            default:
                throw new IllegalStateException("no rule for " + key);
        }
    }

    private static Integer boxInt(java.util.OptionalLong l) {
        return l.isPresent() ? (int) l.getAsLong() : null;
    }

    private Optional<String> oneOf(Node v, String what, List<String> allowed) {
        Optional<String> s = doc.string(v, what, d);
        if (s.isEmpty()) {
            return s;
        }
        String lower = s.get().toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            d.error(doc.pos(v), what + ": expected " + String.join(" | ", allowed) + ", found "
                    + YamlDoc.describe(v) + DidYouMean.hint(lower, allowed));
            return Optional.empty();
        }
        return Optional.of(lower);
    }

    private Object transport(Node v, String what) {
        Optional<String> s = doc.string(v, what, d);
        if (s.isEmpty()) {
            return null;
        }
        String t = s.get().toLowerCase(Locale.ROOT);
        switch (t) {
            case "ntlm":
                return AuthScheme.NTLM;
            case "basic":
                return AuthScheme.BASIC;
            case "kerberos":
                return AuthScheme.KERBEROS;
            case "credssp":
            case "certificate":
            case "plaintext":
            case "ssl":
                d.error(doc.pos(v), what + ": expected ntlm | basic | kerberos, found " + YamlDoc.describe(v)
                        + " (not supported by winrm4j)");
                return null;
            default:
                d.error(doc.pos(v), what + ": expected ntlm | basic | kerberos, found " + YamlDoc.describe(v)
                        + DidYouMean.hint(t, List.of("ntlm", "basic", "kerberos")));
                return null;
        }
    }

    private Object envName(Node v, String what) {
        Optional<String> s = doc.string(v, what, d);
        if (s.isPresent() && !ENV_NAME.matcher(s.get()).matches()) {
            // Not echoed: a user may have pasted the password itself here.
            d.error(doc.pos(v), what + ": expected the name of an environment variable (letters, digits, _),"
                    + " found something else (did you paste the password itself?)");
            return null;
        }
        return s.map(n -> (Object) new SecretRef.FromEnv(n)).orElse(null);
    }

    /** Ansible's {@code "{{ lookup('env', 'VAR') }}"} is the one accepted form: it names a variable. */
    private Object ansiblePassword(Node v, String where) {
        if (!YamlDoc.isNull(v) && v instanceof org.yaml.snakeyaml.nodes.ScalarNode s) {
            Matcher m = ENV_LOOKUP.matcher(s.getValue().strip());
            if (m.matches() && ENV_NAME.matcher(m.group(1)).matches()) {
                return new SecretRef.FromEnv(m.group(1));
            }
        }
        d.error(doc.pos(v), "ansible_password in " + where + ": expected \"{{ lookup('env', 'VARIABLE') }}\","
                + " found a literal password; passwords never live in the file: set winrm_password_env: VARIABLE");
        return null;
    }

    private Object caFile(Node v, String what) {
        Optional<String> s = doc.string(v, what, d);
        if (s.isEmpty()) {
            return null;
        }
        Path p = resolve(s.get());
        if (!Files.isRegularFile(p)) {
            d.error(doc.pos(v), what + ": expected a readable CA certificate file, found no file at "
                    + org.wsusctl.config.Values.quote(p.toString()));
            return null;
        }
        return p;
    }

    private Object seconds(Node v, String what, int max, String why) {
        java.util.OptionalLong l = doc.integer(v, what + " (seconds)", 1, max, new Diagnostics());
        if (l.isEmpty()) {
            d.error(doc.pos(v), what + ": expected whole seconds 1-" + max + ", found " + YamlDoc.describe(v) + why);
            return null;
        }
        return Duration.ofSeconds(l.getAsLong());
    }

    /** Relative paths are relative to the inventory file, so an inventory works from any directory. */
    private Path resolve(String s) {
        Path p = Path.of(s);
        if (p.isAbsolute()) {
            return p;
        }
        Path dir = doc.file().toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p).normalize();
    }

    /** Checks the top level of a {@code simulate:} mapping; deeper keys belong to the simulator. */
    private Optional<Map<String, Object>> checkSimulate(Node v, String where) {
        if (YamlDoc.isNull(v)) {
            return Optional.of(new LinkedHashMap<>()); // "simulate:" alone: a healthy default server
        }
        Optional<MappingNode> m = doc.mapping(v, "simulate in " + where, d);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        int before = errorCount();
        for (YamlDoc.Entry e : doc.entries(m.get(), d)) {
            String k = e.key();
            Node val = e.value();
            if (!SIMULATE_KEYS.contains(k)) {
                d.error(doc.pos(e.keyNode()), "unknown key \"" + k + "\" in simulate of " + where + "; expected one of "
                        + String.join(", ", SIMULATE_KEYS) + DidYouMean.hint(k, SIMULATE_KEYS));
                continue;
            }
            switch (k) {
                case "latency_ms":
                case "ps_startup_ms":
                    doc.integer(val, "simulate." + k, 0, 600_000, d);
                    break;
                case "fault":
                    oneOf(val, "simulate.fault", FAULTS);
                    break;
                default:
                    if (!YamlDoc.isNull(val)) {
                        doc.mapping(val, "simulate." + k, d);
                    }
                    checkNumbers(val, "simulate." + k, 0);
            }
        }
        if (errorCount() > before) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) doc.plain(v, d);
        return Optional.ofNullable(plain);
    }

    /** Numbers anywhere in the simulated state are counts, sizes or hours: non-negative integers. */
    private void checkNumbers(Node v, String what, int depth) {
        if (depth > 20 || v == null) {
            return;
        }
        if (v instanceof MappingNode m) {
            for (var t : m.getValue()) {
                String k = t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode s ? s.getValue() : "?";
                checkNumbers(t.getValueNode(), what + "." + k, depth + 1);
            }
        } else if (v instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
            for (Node item : s.getValue()) {
                checkNumbers(item, what, depth + 1);
            }
        } else {
            org.yaml.snakeyaml.nodes.Tag tag = v.getTag();
            if (org.yaml.snakeyaml.nodes.Tag.INT.equals(tag) || org.yaml.snakeyaml.nodes.Tag.FLOAT.equals(tag)) {
                doc.integer(v, what, 0, Long.MAX_VALUE, d);
            }
        }
    }

    private int errorCount() {
        return d.all().size();
    }
}
