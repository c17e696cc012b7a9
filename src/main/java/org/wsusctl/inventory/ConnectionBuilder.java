package org.wsusctl.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.config.DidYouMean;
import org.wsusctl.config.SourcePos;

/**
 * Turns a host's merged, templated variables into a {@link Connection}, reading Ansible's winrm plugin
 * variables the way Ansible does (for each setting the last of its names that is set wins) and wsusctl's
 * own {@code winrm_*} names beside them.
 *
 * <p>Defaults. A host whose connection is written with Ansible's names ({@link VarNames#ANSIBLE_DIALECT})
 * gets Ansible's defaults: port 5986, http only on port 5985, and without a transport Basic, or Kerberos
 * for a {@code user@REALM}. Any other host gets wsusctl's: https on 5986 (http on 5985 when the scheme or
 * the port says so) and NTLM. A host written for Ansible whose effective connection would still differ
 * from what Ansible computes (because a {@code winrm_*} name set something Ansible does not read) is
 * refused, naming the variable: wsusctl never connects somewhere Ansible would not without saying so.
 */
final class ConnectionBuilder {
    private static final Pattern ENV_LOOKUP = Pattern.compile(
            "\\{\\{\\s*lookup\\(\\s*['\"](?:ansible\\.builtin\\.)?env['\"]\\s*,\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]\\s*\\)\\s*}}");
    private static final Pattern ONE_NAME = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private final VarChecks checks;
    private final String defaultPlugin;
    private final boolean forLogin;

    /**
     * @param defaultPlugin the connection of a host without {@code ansible_connection}: {@code winrm} in
     *     wsusctl's own inventories, {@code ssh} (Ansible's default) in inventories that name plugins
     * @param forLogin wsusctl is to log in to the hosts ({@link InventoryLoader.Options#forLogin})
     */
    ConnectionBuilder(VarChecks checks, String defaultPlugin, boolean forLogin) {
        this.checks = checks;
        this.defaultPlugin = defaultPlugin;
        this.forLogin = forLogin;
    }

    /** How a host is reached: over WinRM with this connection, or by another Ansible connection plugin. */
    record Built(Connection connection, String plugin, SourcePos pluginAt) { }

    /** A setting's typed value and the variable that set it. */
    private record Setting<T>(T value, String name, Var var) { }

    Built build(String host, SourcePos hostPos, MergedVars mv, HostScope scope, boolean simulated) {
        Reader r = new Reader(host, mv, scope);
        String plugin = simulated ? Host.WINRM : defaultPlugin;
        SourcePos pluginAt = hostPos;
        Optional<Setting<String>> conn = r.one(VarNames.CONNECTION, String.class);
        if (conn.isPresent()) {
            plugin = VarNames.connectionPlugin(conn.get().value());
            pluginAt = conn.get().var().pos();
            if (!VarNames.KNOWN_CONNECTIONS.contains(plugin)
                    && (DidYouMean.distance(plugin, "winrm") <= 2 || DidYouMean.distance(plugin, "psrp") <= 1)) {
                checks.error(pluginAt, "ansible_connection: expected winrm (or another Ansible connection plugin),"
                        + " found " + org.wsusctl.config.Values.quote(conn.get().value())
                        + DidYouMean.hint(plugin, List.of("winrm", "psrp")));
                plugin = Host.WINRM;
            }
        }
        if (simulated && !plugin.equals(Host.WINRM)) {
            checks.error(pluginAt, "host \"" + host + "\" is simulated (simulate:), so it is reached over WinRM;"
                    + " found ansible_connection: " + plugin);
            plugin = Host.WINRM;
        }
        if (!plugin.equals(Host.WINRM)) {
            return new Built(placeholder(host), plugin, pluginAt);
        }
        return new Built(winrm(host, hostPos, r, mv, scope, simulated), plugin, pluginAt);
    }

    private static Connection placeholder(String host) {
        return new Connection(host, Scheme.HTTPS, Scheme.HTTPS.defaultPort(), "/wsman", AuthScheme.NTLM,
                Optional.empty(), new SecretRef.None(), true, Optional.empty(), false,
                Connection.DEFAULT_CONNECT_TIMEOUT, Connection.DEFAULT_OPERATION_TIMEOUT);
    }

    private Connection winrm(String host, SourcePos hostPos, Reader r, MergedVars mv, HostScope scope,
            boolean simulated) {
        boolean ansible = VarNames.ANSIBLE_DIALECT.stream().anyMatch(mv.vars::containsKey);

        Optional<Setting<String>> addrA = r.last(VarNames.ADDRESS, String.class);
        Optional<Setting<String>> userA = r.last(VarNames.USER, String.class);
        Optional<Setting<String>> userW = r.one(VarNames.W_USER, String.class);
        Optional<Setting<Long>> portA = r.last(VarNames.PORT, Long.class);
        Optional<Setting<Long>> portW = r.one(VarNames.W_PORT, Long.class);
        Optional<Setting<Scheme>> schemeA = r.one(VarNames.SCHEME, Scheme.class);
        Optional<Setting<Scheme>> schemeW = r.one(VarNames.W_SCHEME, Scheme.class);
        Optional<Setting<String>> pathA = r.one(VarNames.PATH, String.class);
        Optional<Setting<String>> pathW = r.one(VarNames.W_PATH, String.class);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Optional<Setting<List<AuthScheme>>> transportA = (Optional) r.one(VarNames.TRANSPORT, List.class);
        Optional<Setting<AuthScheme>> transportW = r.one(VarNames.W_TRANSPORT, AuthScheme.class);
        Optional<Setting<Boolean>> verifyA = r.one("ansible_winrm_server_cert_validation", Boolean.class);
        Optional<Setting<Boolean>> verifyW = r.one(VarNames.VERIFY_TLS, Boolean.class);
        Optional<Setting<Path>> caA = r.one("ansible_winrm_ca_trust_path", Path.class);
        Optional<Setting<Path>> caW = r.one(VarNames.CA_FILE, Path.class);
        Optional<Setting<Duration>> opA = r.lastOf(List.of("ansible_winrm_connection_timeout",
                "ansible_winrm_operation_timeout_sec"), Duration.class);
        Optional<Setting<Duration>> opW = r.one(VarNames.OPERATION_TIMEOUT, Duration.class);
        Optional<Setting<Duration>> readA = r.one("ansible_winrm_read_timeout_sec", Duration.class);
        Optional<Setting<Duration>> connectW = r.one(VarNames.CONNECT_TIMEOUT, Duration.class);
        Optional<Setting<Boolean>> insecure = r.one(VarNames.ALLOW_INSECURE_BASIC, Boolean.class);
        for (String extra : VarNames.PYWINRM_ARGS) {
            r.one("ansible_winrm_" + extra, Object.class);
        }
        VarNames.KINIT.forEach(k -> r.one(k, Object.class));

        String address = addrA.map(Setting::value).orElse(host);
        Optional<String> user = agree(host, "user", userA, userW).map(Setting::value);
        Optional<Setting<Long>> portSet = agree(host, "port", portA, portW);
        Optional<Setting<Scheme>> schemeSet = agree(host, "scheme", schemeA, schemeW);
        String path = agree(host, "path", pathA, pathW).map(Setting::value).orElse("/wsman");
        Optional<Setting<AuthScheme>> transportFirst = transportA.map(t -> new Setting<>(t.value().get(0), t.name(), t.var()));
        Optional<Setting<AuthScheme>> transportSet = agree(host, "transport", transportFirst, transportW);
        boolean verifyTls = agree(host, "certificate validation", verifyA, verifyW).map(Setting::value).orElse(true);
        Optional<Path> caFile = agree(host, "CA file", caA, caW).map(Setting::value);
        Duration operation = agree(host, "operation timeout", opA, opW).map(Setting::value)
                .orElse(Connection.DEFAULT_OPERATION_TIMEOUT);
        if (readA.isPresent() && readA.get().value().compareTo(operation) <= 0) {
            checks.error(readA.get().var().pos(), "ansible_winrm_read_timeout_sec must exceed the operation timeout ("
                    + operation.toSeconds() + " s), as pywinrm requires");
        }
        transportA.filter(t -> t.value().size() > 1).ifPresent(t -> checks.warn(t.var().pos(),
                "ansible_winrm_transport lists " + t.value().size() + " transports: Ansible tries the next when one"
                        + " fails; wsusctl uses only the first (" + lower(t.value().get(0)) + ")"));

        Scheme scheme;
        int port;
        if (ansible) {
            port = portSet.map(s -> s.value().intValue()).orElse(5986);
            scheme = schemeSet.map(Setting::value).orElse(port == 5985 ? Scheme.HTTP : Scheme.HTTPS);
            if (!simulated && portSet.isEmpty() && schemeA.isPresent() && schemeA.get().value() == Scheme.HTTP) {
                checks.error(schemeA.get().var().pos(), "ansible_winrm_scheme: http without ansible_port: Ansible"
                        + " connects to port 5986 (its default for both schemes) while WinRM's http listener is on"
                        + " 5985; set ansible_port");
            }
        } else {
            scheme = schemeSet.map(Setting::value).orElse(portSet.isPresent() && portSet.get().value() == 5985
                    ? Scheme.HTTP : Scheme.HTTPS);
            port = portSet.map(s -> s.value().intValue()).orElse(scheme.defaultPort());
        }
        if (simulated) {
            scheme = simulatedScheme(mv, schemeSet);
            port = portSet.map(s -> s.value().intValue()).orElse(scheme.defaultPort());
        }
        AuthScheme auth = transportSet.map(Setting::value).orElseGet(() -> ansible ? ansibleDefault(userA) : AuthScheme.NTLM);
        if (ansible && transportSet.isEmpty() && auth == AuthScheme.KERBEROS && !simulated) {
            checks.warn(userA.get().var().pos(), "no ansible_winrm_transport and the user is user@REALM: wsusctl uses"
                    + " Kerberos, as Ansible does when Python's kerberos module is installed (without it Ansible"
                    + " uses Basic, and after a Kerberos failure it falls back to Basic); set ansible_winrm_transport"
                    + " to make the choice explicit");
        }
        if (simulated && forLogin && auth == AuthScheme.NTLM && user.map(String::isBlank).orElse(true)) {
            // NTLM has no anonymous login (the simulator refuses it as Windows does), so without a user every run
            // failed at this host's login; a real host's missing user is the connection policy's, at run time.
            checks.error(transportSet.map(t -> t.var().pos()).orElse(hostPos), "host \"" + host + "\" is simulated"
                    + " and wsusctl logs in to it with NTLM (" + transportSet.map(t -> t.name() + ": ntlm")
                    .orElse("the default winrm_transport") + "), which needs an account: expected winrm_user"
                    + " (DOMAIN\\user or user, with winrm_password_env or winrm_password_file); or set"
                    + " winrm_transport: basic, which a simulated host accepts from any user");
        }
        boolean allowInsecureBasic = insecure.map(Setting::value).orElse(false);
        if (!simulated && auth == AuthScheme.BASIC && scheme == Scheme.HTTP && !allowInsecureBasic) {
            SourcePos at = transportSet.map(s -> s.var().pos())
                    .orElseGet(() -> portSet.map(s -> s.var().pos()).orElse(schemeSet.map(s -> s.var().pos())
                            .orElse(mv.get(VarNames.CONNECTION).map(Var::pos).orElse(null))));
            String why = transportSet.isPresent() ? transportSet.get().name() + ": basic over http"
                    : "no transport is set, so Ansible's default applies: Basic, which over http";
            if (at != null) {
                checks.error(at, why + " sends the password readable on the network; use https (port 5986), set"
                        + " ansible_winrm_transport: ntlm, or set allow_insecure_basic: true if you accept that");
            }
        }
        SecretRef password = password(host, r, mv, scope);
        Connection c = new Connection(address, scheme, port, path, auth, user, password, verifyTls, caFile,
                allowInsecureBasic, connectW.map(Setting::value).orElse(Connection.DEFAULT_CONNECT_TIMEOUT), operation);
        if (ansible && !simulated) {
            sameAsAnsible(host, c, userA, portA, schemeA, pathA, transportA, verifyA,
                    new WsusctlNames(userW, portW, schemeW, pathW, transportW, verifyW));
        }
        return c;
    }

    private static String lower(AuthScheme a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    /** Ansible's transport when none is set: Kerberos for user@REALM (with pykerberos), else Basic. */
    private static AuthScheme ansibleDefault(Optional<Setting<String>> user) {
        return user.isPresent() && user.get().value().contains("@") ? AuthScheme.KERBEROS : AuthScheme.BASIC;
    }

    /**
     * A simulated host is served over HTTP unless https is set at least as specifically as its
     * {@code simulate:} (so "all: winrm_scheme: https" for the real fleet does not turn a lab into HTTPS).
     */
    private static Scheme simulatedScheme(MergedVars mv, Optional<Setting<Scheme>> scheme) {
        if (scheme.isEmpty() || scheme.get().value() != Scheme.HTTPS) {
            return Scheme.HTTP;
        }
        return mv.rank(scheme.get().name()) >= mv.simulateRank() ? Scheme.HTTPS : Scheme.HTTP;
    }

    /** Both naming styles set one setting: they must agree. */
    private <T> Optional<Setting<T>> agree(String host, String what, Optional<Setting<T>> a, Optional<Setting<T>> w) {
        if (a.isPresent() && w.isPresent() && !Objects.equals(a.get().value(), w.get().value())) {
            Setting<T> later = later(a.get(), w.get());
            checks.error(later.var().keyPos(), "\"" + a.get().name() + "\" and \"" + w.get().name() + "\" set the "
                    + what + " of host \"" + host + "\" differently (" + show(a.get().value()) + " and "
                    + show(w.get().value()) + "); they set the same thing: keep one");
        }
        return a.isPresent() ? a : w;
    }

    private static <T> Setting<T> later(Setting<T> a, Setting<T> b) {
        SourcePos pa = a.var().keyPos();
        SourcePos pb = b.var().keyPos();
        boolean sameFile = Objects.equals(pa.file(), pb.file());
        return sameFile && (pb.line() > pa.line() || (pb.line() == pa.line() && pb.column() > pa.column())) ? b : a;
    }

    private static String show(Object v) {
        if (v instanceof AuthScheme a) {
            return a.name().toLowerCase(Locale.ROOT);
        }
        if (v instanceof Scheme s) {
            return s.name().toLowerCase(Locale.ROOT);
        }
        if (v instanceof Duration d) {
            return d.toSeconds() + " s";
        }
        return String.valueOf(v);
    }

    /**
     * The connection Ansible's winrm plugin would compute from the Ansible names alone; a difference means a
     * wsusctl name set something Ansible does not read: refused, naming that variable.
     */
    private record WsusctlNames(Optional<Setting<String>> user, Optional<Setting<Long>> port,
            Optional<Setting<Scheme>> scheme, Optional<Setting<String>> path, Optional<Setting<AuthScheme>> transport,
            Optional<Setting<Boolean>> verify) {

        /** The wsusctl variable behind a difference in {@code field}, the likeliest first. */
        Optional<? extends Setting<?>> culprit(String field) {
            List<Optional<? extends Setting<?>>> order = switch (field) {
                case "user" -> List.of(user);
                case "port" -> List.of(port, scheme);
                case "scheme" -> List.of(scheme, port);
                case "transport" -> List.of(transport, user, scheme, port);
                case "path" -> List.of(path);
                default -> List.of(verify);
            };
            for (Optional<? extends Setting<?>> o : order) {
                if (o.isPresent()) {
                    return o;
                }
            }
            return List.of(user, port, scheme, path, transport, verify).stream().filter(Optional::isPresent)
                    .findFirst().orElse(Optional.empty());
        }
    }

    private void sameAsAnsible(String host, Connection c, Optional<Setting<String>> userA,
            Optional<Setting<Long>> portA, Optional<Setting<Scheme>> schemeA, Optional<Setting<String>> pathA,
            Optional<Setting<List<AuthScheme>>> transportA, Optional<Setting<Boolean>> verifyA,
            WsusctlNames wsusctlNames) {
        int port = portA.map(s -> s.value().intValue()).orElse(5986);
        Scheme scheme = schemeA.map(Setting::value).orElse(port == 5985 ? Scheme.HTTP : Scheme.HTTPS);
        Optional<String> user = userA.map(Setting::value);
        AuthScheme auth = transportA.map(t -> t.value().get(0)).orElse(ansibleDefault(userA));
        String path = pathA.map(Setting::value).orElse("/wsman");
        boolean verify = verifyA.map(Setting::value).orElse(true);
        String field = null;
        String ours = null;
        String theirs = null;
        if (!user.equals(c.user())) {
            field = "user";
            ours = c.user().orElse("(none)");
            theirs = user.orElse("(none)");
        } else if (port != c.port()) {
            field = "port";
            ours = String.valueOf(c.port());
            theirs = String.valueOf(port);
        } else if (scheme != c.scheme()) {
            field = "scheme";
            ours = show(c.scheme());
            theirs = show(scheme);
        } else if (auth != c.auth()) {
            field = "transport";
            ours = show(c.auth());
            theirs = show(auth);
        } else if (!path.equals(c.path())) {
            field = "path";
            ours = c.path();
            theirs = path;
        } else if (verify != c.verifyTls()) {
            field = "certificate validation";
            ours = c.verifyTls() ? "validate" : "ignore";
            theirs = verify ? "validate" : "ignore";
        }
        if (field == null) {
            return;
        }
        Setting<?> culprit = wsusctlNames.culprit(field).orElse(null);
        SourcePos at = culprit != null ? culprit.var().keyPos() : null;
        String because = culprit != null ? "\"" + culprit.name() + "\" is wsusctl's name, which Ansible does not read"
                : "a wsusctl variable changes it";
        if (at != null) {
            checks.error(at, "host \"" + host + "\" is written for Ansible (ansible_* connection variables), but"
                    + " wsusctl would connect with " + field + " " + ours + " where Ansible uses " + theirs + ": "
                    + because + "; write the setting with Ansible's name so both agree");
        }
    }

    // ------------------------------------------------------------------------------------------ password

    private SecretRef password(String host, Reader r, MergedVars mv, HostScope scope) {
        Optional<String> aName = lastName(VarNames.PASSWORD, mv);
        if (aName.isEmpty() && mv.vars.containsKey(VarNames.SSH_PASS)) {
            aName = Optional.of(VarNames.SSH_PASS);
        }
        Optional<Setting<Object>> env = r.one(VarNames.W_PASSWORD_ENV, Object.class);
        Optional<Setting<Object>> file = r.one(VarNames.W_PASSWORD_FILE, Object.class);
        if (env.isPresent() && file.isPresent()) {
            Setting<Object> later = later(env.get(), file.get());
            checks.error(later.var().keyPos(), "\"winrm_password_env\" and \"winrm_password_file\" both give host \""
                    + host + "\" a password; keep one");
        }
        Optional<Setting<Object>> w = env.isPresent() ? env : file;
        if (aName.isPresent() && w.isPresent()) {
            Var a = mv.get(aName.get()).orElseThrow();
            checks.error(later(new Setting<>(null, aName.get(), a), new Setting<>(null, w.get().name(), w.get().var()))
                    .var().keyPos(), "\"" + aName.get() + "\" and \"" + w.get().name() + "\" both give host \"" + host
                    + "\" a password; keep one");
        }
        if (w.isPresent()) {
            return w.get().value() instanceof SecretRef ref ? ref : new SecretRef.None();
        }
        if (aName.isEmpty()) {
            return new SecretRef.None();
        }
        return fromAnsible(host, aName.get(), mv.get(aName.get()).orElseThrow(), mv, scope, 0);
    }

    private static Optional<String> lastName(List<String> names, MergedVars mv) {
        String found = null;
        for (String n : names) {
            if (mv.vars.containsKey(n)) {
                found = n;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * An Ansible password variable: a !vault value (decrypted when needed), {@code lookup('env', ...)}, a
     * reference to either, a value from a vault-encrypted file, or a template over those. Plain text written
     * in the inventory is refused (reported where it is declared).
     */
    private SecretRef fromAnsible(String host, String name, Var v, MergedVars mv, HostScope scope, int depth) {
        Object raw = v.value();
        if (raw == null) {
            return new SecretRef.None();
        }
        if (raw instanceof Vaulted vaulted) {
            return new SecretRef.FromVault(vaulted);
        }
        if (raw instanceof String s && Jinja.isTemplate(s)) {
            Matcher env = ENV_LOOKUP.matcher(s.strip());
            if (env.matches()) {
                return new SecretRef.FromEnv(env.group(1));
            }
            Matcher one = ONE_NAME.matcher(s.strip());
            if (one.matches() && depth < 10 && mv.get(one.group(1)).isPresent()) {
                return fromAnsible(host, one.group(1), mv.get(one.group(1)).get(), mv, scope, depth + 1);
            }
            try {
                Jinja.Result res = scope.render(s, v);
                String text = VarTypes.pyStr(res.value());
                if (text.isEmpty()) {
                    return new SecretRef.None();
                }
                if (!res.allSecret()) {
                    checks.error(v.pos(), "the password of host \"" + host + "\" (" + name + ") is made of text written"
                            + " in plain in the inventory; keep it in vault (ansible-vault encrypt_string) or the"
                            + " environment");
                    return new SecretRef.None();
                }
                return new SecretRef.Decrypted(new Secret(text.toCharArray()), name);
            } catch (HostScope.Positioned e) {
                checks.error(e.pos, "the password of host \"" + host + "\": " + e.getMessage());
                return new SecretRef.None();
            } catch (Jinja.TemplateError e) {
                checks.error(v.pos(), "the password of host \"" + host + "\": " + e.getMessage());
                return new SecretRef.None();
            }
        }
        if (v.fromVaultFile()) {
            String text = raw instanceof Unsafe u ? u.text() : VarTypes.pyStr(raw);
            return new SecretRef.Decrypted(new Secret(text.toCharArray()), name);
        }
        if (depth > 0) {
            checks.error(v.pos(), "the password of host \"" + host + "\" comes from \"" + name + "\", which is written"
                    + " in plain in the inventory; keep it in vault (ansible-vault encrypt_string) or the environment");
        }
        return new SecretRef.None(); // a literal under a password name: reported where it is declared
    }

    // ------------------------------------------------------------------------------------------ reading

    /** Reads variables for one host: templated, typed and checked, each problem reported at its position. */
    private final class Reader {
        private final String host;
        private final MergedVars mv;
        private final HostScope scope;

        Reader(String host, MergedVars mv, HostScope scope) {
            this.host = host;
            this.mv = mv;
            this.scope = scope;
        }

        <T> Optional<Setting<T>> one(String name, Class<T> type) {
            Optional<Var> v = mv.get(name);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            Object value;
            try {
                value = scope.evaluate(v.get()).value();
            } catch (HostScope.Positioned e) {
                checks.error(e.pos, "host \"" + host + "\": " + name + ": " + e.getMessage());
                return Optional.empty();
            } catch (Jinja.TemplateError e) {
                checks.error(v.get().pos(), "host \"" + host + "\": " + name + ": " + e.getMessage());
                return Optional.empty();
            }
            if (value == null) {
                return Optional.empty(); // "ansible_port:" with no value: Ansible treats it as unset
            }
            Object typed = checks.typed(name, value, v.get());
            if (typed == null) {
                return Optional.empty();
            }
            if (type == Long.class && typed instanceof Long l) {
                return Optional.of(new Setting<>(type.cast(l), name, v.get()));
            }
            if (!type.isInstance(typed)) {
                return Optional.empty();
            }
            return Optional.of(new Setting<>(type.cast(typed), name, v.get()));
        }

        /** Ansible's rule for a setting with several names: the last one set wins. */
        <T> Optional<Setting<T>> last(List<String> names, Class<T> type) {
            return lastOf(names, type);
        }

        <T> Optional<Setting<T>> lastOf(List<String> names, Class<T> type) {
            Optional<Setting<T>> found = Optional.empty();
            for (String n : names) {
                Optional<Setting<T>> s = one(n, type);
                if (s.isPresent()) {
                    found = s;
                }
            }
            return found;
        }
    }
}
