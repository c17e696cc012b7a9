package org.wsusctl.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wsusctl.config.ConfigException;
import org.wsusctl.config.SourcePos;

/**
 * One host's variables as templates see them: its merged variables, each templated on first use (a value
 * may refer to others, to any depth up to a loop, which is refused as Ansible refuses it), vault values
 * decrypted in memory, and Ansible's magic variables ({@code inventory_hostname} and friends).
 */
final class HostScope implements Jinja.Scope {
    private static final int MAX_DEPTH = 30;

    /** A template problem inside another variable's value: reported where that value was written. */
    static final class Positioned extends Jinja.TemplateError {
        final SourcePos pos;

        Positioned(SourcePos pos, String message) {
            super(0, message);
            this.pos = pos;
        }
    }

    private final MergedVars vars;
    private final Map<String, Object> magic;
    private final Map<String, String> env;
    private final Vault vault;
    private final Map<String, Jinja.Value> resolved = new HashMap<>();
    private final Set<String> resolving = new LinkedHashSet<>();

    HostScope(MergedVars vars, Map<String, Object> magic, Map<String, String> env, Vault vault) {
        this.vars = vars;
        this.magic = magic;
        this.env = env;
        this.vault = vault;
    }

    @Override
    public Map<String, String> env() {
        return env;
    }

    @Override
    public Jinja.Value resolve(String name) throws Jinja.TemplateError {
        Jinja.Value known = resolved.get(name);
        if (known != null) {
            return known;
        }
        java.util.Optional<Var> v = vars.get(name);
        if (v.isEmpty()) {
            return magic.containsKey(name) ? new Jinja.Value(magic.get(name), false, false)
                    : Jinja.Value.undefined(name);
        }
        if (!resolving.add(name)) {
            throw new Positioned(v.get().pos(), "recursive loop in templates: " + String.join(" -> ", resolving)
                    + " -> " + name);
        }
        if (resolving.size() > MAX_DEPTH) {
            throw new Positioned(v.get().pos(), "expected templates nested at most " + MAX_DEPTH + " deep, found deeper");
        }
        try {
            Jinja.Value out = evaluate(v.get());
            resolved.put(name, out);
            return out;
        } finally {
            resolving.remove(name);
        }
    }

    /** The templated value of a variable; errors carry the variable's position. */
    Jinja.Value evaluate(Var v) throws Jinja.TemplateError {
        try {
            return value(v.value(), v, 0);
        } catch (Positioned p) {
            throw p;
        } catch (Jinja.TemplateError e) {
            throw new Positioned(v.pos(), e.getMessage() + (e.offset > 0 ? " (at character " + (e.offset + 1)
                    + " of the value)" : ""));
        }
    }

    private Jinja.Value value(Object raw, Var v, int depth) throws Jinja.TemplateError {
        boolean secret = v.fromVaultFile();
        if (raw instanceof Vaulted vaulted) {
            String text;
            try {
                text = vault.decryptText(vaulted.envelope(), vaulted.pos(), "value");
            } catch (ConfigException e) {
                throw new Positioned(vaulted.pos(), e.diagnostics().get(0).message());
            }
            Jinja.Value inner = value(text, v, depth);
            return new Jinja.Value(inner.value(), true, inner.fromEnv());
        }
        if (raw instanceof Unsafe u) {
            return new Jinja.Value(u.text(), secret, false);
        }
        if (raw instanceof String s && Jinja.isTemplate(s)) {
            Jinja.Result r = Jinja.render(s, this);
            return new Jinja.Value(r.value(), secret || r.anySecret(), false);
        }
        if (depth < 40 && raw instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            boolean anySecret = secret;
            for (Object item : l) {
                Jinja.Value x = value(item, v, depth + 1);
                out.add(x.value());
                anySecret |= x.secret();
            }
            return new Jinja.Value(out, anySecret, false);
        }
        if (depth < 40 && raw instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            boolean anySecret = secret;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Jinja.Value x = value(e.getValue(), v, depth + 1);
                out.put(String.valueOf(e.getKey()), x.value());
                anySecret |= x.secret();
            }
            return new Jinja.Value(out, anySecret, false);
        }
        return new Jinja.Value(raw, secret, false);
    }

    /** Renders a template string with the position of its variable; for password expressions. */
    Jinja.Result render(String text, Var v) throws Jinja.TemplateError {
        try {
            return Jinja.render(text, this);
        } catch (Positioned p) {
            throw p;
        } catch (Jinja.TemplateError e) {
            throw new Positioned(v.pos(), e.getMessage() + (e.offset > 0 ? " (at character " + (e.offset + 1)
                    + " of the value)" : ""));
        }
    }
}
