package org.wsusctl.modules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.contract.Facts;
import org.wsusctl.contract.HostFacts;
import org.wsusctl.contract.ServiceFacts;

/** The service facts of a host read together with its WSUS setup: which service plays which role, and its state. */
final class ServiceTable {
    /** One service as the service manager shows it. */
    record Svc(String name, String state, String startMode) {
        boolean running() {
            return "Running".equalsIgnoreCase(state);
        }

        boolean stopped() {
            return "Stopped".equalsIgnoreCase(state);
        }

        boolean pending() {
            return state.toLowerCase(Locale.ROOT).endsWith("pending");
        }

        boolean disabled() {
            return "Disabled".equalsIgnoreCase(startMode);
        }
    }

    private final Map<String, Svc> byName = new LinkedHashMap<>();
    private final Facts host;

    ServiceTable(Facts host, Facts services) {
        this.host = host;
        for (Facts f : services.get(ServiceFacts.SERVICES)) {
            Svc s = new Svc(f.get(ServiceFacts.NAME), f.get(ServiceFacts.STATE), f.get(ServiceFacts.START_MODE));
            byName.put(s.name().toLowerCase(Locale.ROOT), s);
        }
    }

    /** The local SQL engine's service name; empty when SQL is remote (or WSUS is not installed). */
    Optional<String> sqlService() {
        return SqlEngine.serviceName(host.get(HostFacts.SQL_SERVER_NAME), host.get(HostFacts.COMPUTER_NAME),
                host.get(HostFacts.FQDN));
    }

    boolean sqlRemote() {
        return SqlEngine.remote(host.get(HostFacts.SQL_SERVER_NAME), host.get(HostFacts.COMPUTER_NAME),
                host.get(HostFacts.FQDN));
    }

    /** The service name of a role on this host. */
    Optional<String> nameOf(ServiceRole role) {
        return role == ServiceRole.SQL ? sqlService() : role.fixedName();
    }

    Optional<Svc> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The role a service name plays on this host, if any. */
    Optional<ServiceRole> roleOf(String name) {
        Optional<ServiceRole> fixed = ServiceRole.ofFixedName(name);
        if (fixed.isPresent()) {
            return fixed;
        }
        return sqlService().filter(s -> s.equalsIgnoreCase(name)).map(s -> ServiceRole.SQL);
    }

    /**
     * Whether a role's service runs: true or false when known; empty when it is Pending. A role with no local
     * service (remote SQL) holds here: there is nothing on this host to wait for.
     */
    Optional<Boolean> roleRunning(ServiceRole role) {
        Optional<String> name = nameOf(role);
        if (name.isEmpty()) {
            return Optional.of(true);
        }
        Optional<Svc> s = find(name.get());
        if (s.isEmpty()) {
            return Optional.of(false);
        }
        return s.get().pending() ? Optional.empty() : Optional.of(s.get().running());
    }

    static List<String> names(List<Svc> list) {
        return list.stream().map(Svc::name).toList();
    }
}
