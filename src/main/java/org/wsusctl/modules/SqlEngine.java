package org.wsusctl.modules;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The local Windows service of the SQL engine that hosts SUSDB, derived from WSUS's {@code SqlServerName} (the one
 * place this is derived; wsus-catalog.md 0.5 and 4.1): {@code MICROSOFT##WID} is the Windows Internal Database
 * ({@code MSSQL$MICROSOFT##WID}; {@code ##SSEE} on WSUS 3.0), a local {@code HOST} is the default instance
 * ({@code MSSQLSERVER}), a local {@code HOST\INST} the named instance {@code MSSQL$INST}; a remote host has no
 * local service.
 */
public final class SqlEngine {
    private static final Set<String> LOCAL = Set.of(".", "localhost", "(local)", "127.0.0.1");

    private SqlEngine() { }

    /**
     * @param computerName {@code $env:COMPUTERNAME}
     * @param fqdn the host's DNS name, or null
     * @return the local service, or empty when SQL is remote or the name is unknown
     */
    public static Optional<String> serviceName(String sqlServerName, String computerName, String fqdn) {
        if (sqlServerName == null || sqlServerName.isBlank()) {
            return Optional.empty();
        }
        String n = sqlServerName.trim();
        String upper = n.toUpperCase(Locale.ROOT);
        if (upper.contains("##WID")) {
            return Optional.of("MSSQL$MICROSOFT##WID");
        }
        if (upper.contains("##SSEE")) {
            return Optional.of("MSSQL$MICROSOFT##SSEE");
        }
        String s = n.replaceFirst("(?i)^tcp:", "").replaceFirst(",\\d+$", "");
        String[] hostInstance = s.split("\\\\", 2);
        String host = hostInstance[0].toLowerCase(Locale.ROOT);
        boolean local = LOCAL.contains(host) || host.equalsIgnoreCase(computerName)
                || (fqdn != null && host.equalsIgnoreCase(fqdn));
        if (!local) {
            return Optional.empty();
        }
        return Optional.of(hostInstance.length > 1 && !hostInstance[1].isEmpty()
                ? "MSSQL$" + hostInstance[1] : "MSSQLSERVER");
    }

    /** Whether {@code SqlServerName} names another host (then no local SQL service is checked or started). */
    public static boolean remote(String sqlServerName, String computerName, String fqdn) {
        return sqlServerName != null && !sqlServerName.isBlank()
                && serviceName(sqlServerName, computerName, fqdn).isEmpty();
    }
}
