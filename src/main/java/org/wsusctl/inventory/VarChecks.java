package org.wsusctl.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.wsusctl.config.Diagnostics;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;
import org.wsusctl.config.Values;

/**
 * The type and meaning of each connection variable, checked where it is written (literal values, when the
 * inventory is read) and again per host after templating. Each problem is reported once per position, so
 * a mistake in a group of a thousand hosts is one line. Ansible's settings that wsusctl cannot honour are
 * refused (they would change how or where it connects) or, when they cannot matter, named in a warning.
 */
final class VarChecks {
    /** winrm4j's CXF read timeout is 60 s; the WS-Man OperationTimeout must stay below it. */
    static final int MAX_OPERATION_TIMEOUT = 50;
    static final int MAX_CONNECT_TIMEOUT = 300;
    private static final Pattern ADDRESS_SHAPE = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern URL_PATH = Pattern.compile("/[A-Za-z0-9/._-]*");
    static final List<String> TRANSPORTS = List.of("ntlm", "kerberos", "basic", "plaintext", "ssl", "credssp",
            "certificate");

    private final Diagnostics d;
    private final List<InventoryWarning> warnings;
    private final Set<String> reported = new HashSet<>();

    VarChecks(Diagnostics d, List<InventoryWarning> warnings) {
        this.d = d;
        this.warnings = warnings;
    }

    void error(SourcePos pos, String message) {
        if (reported.add(pos + "\0" + message)) {
            d.error(pos, message);
        }
    }

    void warn(SourcePos pos, String message) {
        if (reported.add("w\0" + pos + "\0" + message)) {
            warnings.add(new InventoryWarning(pos, message));
        }
    }

    /**
     * Checks one variable as declared ({@code where}: "group \"wsus\"", "host \"wsus01\"", a vars file):
     * its name (typos of connection variables, wsusctl's namespace, literal passwords) and, for literal
     * values, its type. Templated values are checked per host, once evaluated.
     */
    void declared(String key, Var v, String where, boolean hostLevel) {
        String k = key.toLowerCase(Locale.ROOT);
        Object value = v.value();
        if (VarNames.isPasswordKey(key)) {
            literalPassword(key, v, where);
            return;
        }
        if (key.equals(VarNames.MAX_PARALLEL_FIXES) && hostLevel) {
            error(v.pos(), key + ": expected in a group's vars (it limits fixes across the group), found on " + where);
            return;
        }
        if (VarNames.WSUSCTL.contains(key) || VarNames.ANSIBLE_WINRM.contains(key)) {
            if (!(value instanceof String s && Jinja.isTemplate(s)) && !(value instanceof Vaulted)) {
                typed(key, value, v);
            }
            return;
        }
        if (key.equals(VarNames.GROUP_PRIORITY) || VarNames.OTHER_ANSIBLE.contains(key)) {
            return;
        }
        if (k.startsWith("winrm_") && closeTo(k, VarNames.WSUSCTL)) {
            error(v.keyPos(), "unknown variable \"" + key + "\" in " + where + DidYouMean.hint(key, VarNames.WSUSCTL)
                    + "; winrm_* names are wsusctl's connection settings");
            return;
        }
        if (k.startsWith("ansible_winrm_")) {
            if (closeTo(k, VarNames.ANSIBLE_WINRM)) {
                error(v.keyPos(), "unknown variable \"" + key + "\" in " + where
                        + DidYouMean.hint(key, VarNames.ANSIBLE_WINRM));
            } else {
                warn(v.keyPos(), key + " is not an option of Ansible's winrm connection or of pywinrm; Ansible"
                        + " ignores it with a warning, and so does wsusctl");
            }
            return;
        }
        if (!k.startsWith("ansible_") && key.length() >= 6 && closeTo(k, VarNames.WSUSCTL)) {
            error(v.keyPos(), "unknown variable \"" + key + "\" in " + where + DidYouMean.hint(key, VarNames.WSUSCTL));
            return;
        }
        if (k.startsWith("ansible_") && !k.startsWith("ansible_winrm") && closeTo(k, VarNames.ANSIBLE_WINRM)
                && !VarNames.OTHER_ANSIBLE.contains(k)) {
            error(v.keyPos(), "unknown variable \"" + key + "\" in " + where
                    + DidYouMean.hint(key, VarNames.ANSIBLE_WINRM));
        }
    }

    private static boolean closeTo(String key, Set<String> known) {
        if (known.contains(key)) {
            return false;
        }
        for (String n : known) {
            if (DidYouMean.distance(key, n) <= 2) {
                return true;
            }
        }
        return false;
    }

    private static boolean closeTo(String key, List<String> known) {
        return closeTo(key, Set.copyOf(known));
    }

    /** A password written in plain text in the inventory is refused; vault, environment and files are not. */
    void literalPassword(String key, Var v, String where) {
        Object value = v.value();
        if (value == null || v.fromVaultFile() || value instanceof Vaulted) {
            return;
        }
        if (value instanceof String s && Jinja.isTemplate(s)) {
            return; // judged per host, once what it refers to is known
        }
        if (value instanceof java.util.Map || value instanceof List) {
            return; // not a password but a structure of settings named like one
        }
        String hint = key.startsWith("ansible_") || key.equals("pass")
                ? key + " in " + where + ": expected \"{{ lookup('env', 'VARIABLE') }}\" or a !vault value, found a"
                        + " literal password; passwords never live in the file in plain text: encrypt it with"
                        + " ansible-vault encrypt_string, or set winrm_password_env: VARIABLE"
                : "\"" + key + "\" in " + where + " would put a password in the inventory; passwords never live in"
                        + " the file in plain text: encrypt it with ansible-vault, or set winrm_password_env: VARIABLE"
                        + " (or winrm_password_file) instead";
        error(key.startsWith("ansible_") ? v.pos() : v.keyPos(), hint);
    }

    // ------------------------------------------------------------------------------------------ typed values

    /** The typed value of a connection variable, or null after reporting why it is invalid. */
    Object typed(String key, Object value, Var v) {
        SourcePos at = v.pos();
        switch (key) {
            case "ansible_port":
            case "ansible_winrm_port":
            case "winrm_port":
                return range(key, value, at, 1, 65535, "");
            case "ansible_winrm_scheme":
            case "winrm_scheme":
                return oneOf(key, value, at, List.of("https", "http")) == null ? null
                        : Scheme.valueOf(text(value).toUpperCase(Locale.ROOT));
            case "ansible_winrm_path":
            case "winrm_path": {
                String p = text(value);
                if (p == null || !URL_PATH.matcher(p).matches()) {
                    error(at, key + ": expected a URL path such as /wsman, found " + VarTypes.describe(value));
                    return null;
                }
                return p;
            }
            case "ansible_winrm_transport":
                return ansibleTransport(key, value, at);
            case "winrm_transport": {
                String t = oneOf(key, value, at, List.of("ntlm", "basic", "kerberos"));
                return t == null ? null : AuthScheme.valueOf(t.toUpperCase(Locale.ROOT));
            }
            case "ansible_user":
            case "ansible_winrm_user":
            case "winrm_user":
                return scalarText(key, value, at);
            case "ansible_host":
            case "ansible_winrm_host": {
                String a = scalarText(key, value, at);
                if (a != null && !ADDRESS_SHAPE.matcher(a).matches()) {
                    error(at, key + ": expected a host name or IP address, found " + VarTypes.describe(value));
                    return null;
                }
                return a;
            }
            case "winrm_password_env": {
                String s = text(value);
                if (s == null || !ENV_NAME.matcher(s).matches()) {
                    // Not echoed: a user may have pasted the password itself here.
                    error(at, key + ": expected the name of an environment variable (letters, digits, _),"
                            + " found something else (did you paste the password itself?)");
                    return null;
                }
                return new SecretRef.FromEnv(s);
            }
            case "winrm_password_file": {
                String s = text(value);
                if (s == null) {
                    error(at, key + ": expected a file path, found " + VarTypes.describe(value));
                    return null;
                }
                return new SecretRef.FromFile(resolve(s, v, false));
            }
            case "verify_tls":
            case "allow_insecure_basic": {
                Boolean b = VarTypes.asBool(value);
                if (b == null) {
                    error(at, key + ": expected true or false, found " + VarTypes.describe(value));
                }
                return b;
            }
            case "ansible_winrm_server_cert_validation": {
                String s = oneOf(key, value, at, List.of("validate", "ignore"));
                return s == null ? null : s.equals("validate");
            }
            case "ca_file":
            case "ansible_winrm_ca_trust_path": {
                String s = text(value);
                if (s == null) {
                    error(at, key + ": expected a file path, found " + VarTypes.describe(value));
                    return null;
                }
                Path p = resolve(s, v, key.startsWith("ansible_"));
                if (!Files.isRegularFile(p)) {
                    error(at, key + ": expected a readable CA certificate file, found "
                            + (Files.isDirectory(p) ? "a directory (wsusctl needs one PEM file of CA certificates) at "
                            : "no file at ") + Values.quote(p.toString()));
                    return null;
                }
                return p;
            }
            case "connect_timeout":
                return seconds(key, value, at, MAX_CONNECT_TIMEOUT, "");
            case "operation_timeout":
            case "ansible_winrm_operation_timeout_sec":
            case "ansible_winrm_connection_timeout":
                return seconds(key, value, at, MAX_OPERATION_TIMEOUT,
                        " (winrm4j's HTTP read timeout is 60 s, so longer operations would be cut off)");
            case "ansible_winrm_read_timeout_sec": {
                Long l = VarTypes.asLong(value);
                if (l == null || l < 1) {
                    error(at, key + ": expected whole seconds, found " + VarTypes.describe(value));
                    return null;
                }
                return Duration.ofSeconds(l);
            }
            case "max_parallel_fixes":
                return range(key, value, at, 0, 10_000, "");
            case "ansible_connection":
                return scalarText(key, value, at);
            case "simulate":
                return value;
            default:
                return extra(key, value, v);
        }
    }

    /** pywinrm arguments and kinit options: honoured where wsusctl does the same, refused where it cannot. */
    private Object extra(String key, Object value, Var v) {
        SourcePos at = v.pos();
        String opt = key.substring("ansible_winrm_".length());
        switch (opt) {
            case "message_encryption": {
                String s = oneOf(key, value, at, List.of("auto", "always", "never"));
                if ("never".equals(s)) {
                    error(at, key + ": never is not supported: wsusctl encrypts NTLM and Kerberos messages over"
                            + " http as Windows requires (auto); remove it, or use https");
                } else if ("always".equals(s)) {
                    warn(at, key + ": always is treated as auto by wsusctl (messages are encrypted over http;"
                            + " over https TLS protects them)");
                }
                return s;
            }
            case "send_cbt": {
                Boolean b = VarTypes.asBool(value);
                if (b == null) {
                    error(at, key + ": expected true or false, found " + VarTypes.describe(value));
                } else if (!b) {
                    warn(at, key + ": false is not applied by wsusctl (winrm4j decides channel binding)");
                }
                return b;
            }
            case "kerberos_delegation": {
                Boolean b = VarTypes.asBool(value);
                if (b == null) {
                    error(at, key + ": expected true or false, found " + VarTypes.describe(value));
                } else if (b) {
                    error(at, key + ": credential delegation is not supported by wsusctl; remove it (wsusctl's"
                            + " checks do not reach a second server)");
                }
                return b;
            }
            case "service":
                if (value != null && !"http".equalsIgnoreCase(text(value))) {
                    error(at, key + ": wsusctl asks Kerberos for the HTTP service only; found "
                            + VarTypes.describe(value));
                }
                return value;
            case "realm":
            case "keytab":
            case "kerberos_hostname_override":
            case "proxy":
            case "cert_pem":
            case "cert_key_pem":
                if (value != null && !"".equals(value)) {
                    error(at, key + " is not supported by wsusctl ("
                            + (opt.startsWith("cert") ? "certificate authentication"
                            : opt.equals("proxy") ? "it connects directly, never through a proxy"
                            : "it uses the system's Kerberos configuration") + "); remove it");
                }
                return value;
            case "kinit_cmd":
            case "kinit_args":
            case "kinit_env_vars":
            case "kinit_mode":
                warn(at, key + " is not applied: wsusctl does not run kinit (Kerberos uses the ticket cache and"
                        + " the system's Kerberos configuration)");
                return value;
            default:
                return value; // credssp_* options: they only matter for CredSSP, which is refused as a transport
        }
    }

    private List<AuthScheme> ansibleTransport(String key, Object value, SourcePos at) {
        List<String> names = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(x -> names.add(VarTypes.pyStr(x).strip()));
        } else if (text(value) != null) {
            for (String s : text(value).split(",")) {
                if (!s.isBlank()) {
                    names.add(s.strip());
                }
            }
        }
        if (names.isEmpty()) {
            error(at, key + ": expected ntlm | basic | kerberos, found " + VarTypes.describe(value));
            return null;
        }
        List<AuthScheme> out = new ArrayList<>();
        for (String n : names) {
            switch (n.toLowerCase(Locale.ROOT)) {
                case "ntlm":
                    out.add(AuthScheme.NTLM);
                    break;
                case "kerberos":
                    out.add(AuthScheme.KERBEROS);
                    break;
                case "basic":
                case "plaintext":
                case "ssl":
                    out.add(AuthScheme.BASIC); // pywinrm's plaintext and ssl are Basic over http and https
                    break;
                case "credssp":
                case "certificate":
                    error(at, key + ": expected ntlm | basic | kerberos, found " + Values.quote(n)
                            + " (not supported by winrm4j)");
                    return null;
                default:
                    error(at, key + ": expected ntlm | basic | kerberos, found " + Values.quote(n)
                            + DidYouMean.hint(n, TRANSPORTS));
                    return null;
            }
        }
        return out;
    }

    private Long range(String key, Object value, SourcePos at, long min, long max, String why) {
        Long l = VarTypes.asLong(value);
        if (l == null || l < min || l > max) {
            error(at, key + ": expected an integer " + min + "-" + max + ", found " + VarTypes.describe(value) + why);
            return null;
        }
        return l;
    }

    private Duration seconds(String key, Object value, SourcePos at, int max, String why) {
        Long l = VarTypes.asLong(value);
        if (l == null || l < 1 || l > max) {
            error(at, key + ": expected whole seconds 1-" + max + ", found " + VarTypes.describe(value) + why);
            return null;
        }
        return Duration.ofSeconds(l);
    }

    private String oneOf(String key, Object value, SourcePos at, List<String> allowed) {
        String s = text(value);
        String lower = s == null ? null : s.strip().toLowerCase(Locale.ROOT);
        if (lower == null || !allowed.contains(lower)) {
            error(at, key + ": expected " + String.join(" | ", allowed) + ", found " + VarTypes.describe(value)
                    + (lower == null ? "" : DidYouMean.hint(lower, allowed)));
            return null;
        }
        return lower;
    }

    private String scalarText(String key, Object value, SourcePos at) {
        String s = text(value);
        if (s == null) {
            error(at, key + ": expected a string, found " + VarTypes.describe(value));
        }
        return s;
    }

    private static String text(Object value) {
        return VarTypes.text(value).orElse(null);
    }

    /**
     * wsusctl's own paths are relative to the file that wrote them, so an inventory works from any directory;
     * Ansible's ({@code ansible_winrm_ca_trust_path}) are relative to the current directory, as in Ansible.
     */
    static Path resolve(String s, Var v, boolean ansibleName) {
        Path p = Path.of(s);
        if (ansibleName) {
            return p.toAbsolutePath().normalize();
        }
        if (p.isAbsolute() || v.pos().file() == null) {
            return p;
        }
        Path dir = v.pos().file().toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p).normalize();
    }
}
