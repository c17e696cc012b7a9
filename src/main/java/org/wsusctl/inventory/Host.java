package org.wsusctl.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.SourcePos;

/**
 * One server of the inventory with its variables (templated, in Ansible's precedence) and its connection.
 *
 * @param vars the host's variables for playbook templates; a variable whose template wsusctl cannot
 *     evaluate (or that names an undefined variable) is left out, so a playbook that uses it fails
 * @param groups every group the host belongs to (ancestors included), sorted, {@code all} left out
 * @param simulate the {@code simulate:} mapping when this host is served by the simulator
 * @param connectionPlugin Ansible's {@code ansible_connection} for this host: {@code winrm} (also when
 *     unset: wsusctl speaks only WinRM), or another plugin ({@code ssh}, {@code psrp}...) for a host that
 *     WinRM runs leave out
 * @param connectionPluginAt where that {@code ansible_connection} was written (the host's position when unset)
 */
public record Host(
        String name,
        Connection connection,
        Map<String, Object> vars,
        List<String> groups,
        Optional<Map<String, Object>> simulate,
        SourcePos declaredAt,
        String connectionPlugin,
        SourcePos connectionPluginAt) {

    public static final String WINRM = "winrm";

    /** A WinRM host (the shape every caller had before other connection plugins were read). */
    public Host(String name, Connection connection, Map<String, Object> vars, List<String> groups,
            Optional<Map<String, Object>> simulate, SourcePos declaredAt) {
        this(name, connection, vars, groups, simulate, declaredAt, WINRM, declaredAt);
    }

    public boolean isSimulated() {
        return simulate.isPresent();
    }

    /** True when wsusctl reaches this host over WinRM (a simulated host included). */
    public boolean usesWinrm() {
        return WINRM.equals(connectionPlugin);
    }

    public Host withConnection(Connection c) {
        return new Host(name, c, vars, groups, simulate, declaredAt, connectionPlugin, connectionPluginAt);
    }

    /**
     * Where this host would be reached, for {@code --list-hosts -v}: {@code https://10.0.0.5:5986/wsman
     * user=CORP\svc transport=ntlm}, {@code [simulated]} for a simulated host, or the other connection.
     */
    public String reachDescription() {
        if (!usesWinrm()) {
            return "ansible_connection=" + connectionPlugin + (connectionPlugin.equals("psrp")
                    ? " (PowerShell remoting, which wsusctl does not speak: a run that selects it is refused)"
                    : " (not WinRM: left out of runs)");
        }
        Connection c = connection;
        String where = c.endpoint() + " user=" + c.user().orElse("(none)") + " transport="
                + c.auth().name().toLowerCase(java.util.Locale.ROOT);
        return isSimulated() ? "[simulated] served by wsusctl on 127.0.0.1, user=" + c.user().orElse("(none)") : where;
    }
}
