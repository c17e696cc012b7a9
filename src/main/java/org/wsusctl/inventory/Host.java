package org.wsusctl.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.SourcePos;

/**
 * One server of the inventory with its merged variables (Ansible precedence: all, then parent
 * groups, then child groups, then host) and its connection settings.
 *
 * @param simulate the {@code simulate:} mapping when this host is served by the simulator
 */
public record Host(
        String name,
        Connection connection,
        Map<String, Object> vars,
        List<String> groups,
        Optional<Map<String, Object>> simulate,
        SourcePos declaredAt) {

    public boolean isSimulated() {
        return simulate.isPresent();
    }

    public Host withConnection(Connection c) {
        return new Host(name, c, vars, groups, simulate, declaredAt);
    }
}
