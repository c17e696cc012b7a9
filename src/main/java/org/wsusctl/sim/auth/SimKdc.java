package org.wsusctl.sim.auth;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The simulated lab's Kerberos KDC: Apache Kerby's {@link SimpleKdcServer}, in this process, on a loopback TCP
 * port, for one realm. It holds the accounts the inventory gives Kerberos hosts (with their passwords) and the
 * service principal {@code HTTP/localhost} (every simulated host listens on 127.0.0.1, which clients look up as
 * localhost), exported to a keytab for the hosts' GSS-API acceptor.
 *
 * <p>One per process, and it stays up until the JVM exits: the JDK reads its Kerberos configuration
 * ({@code java.security.krb5.conf}, set here) once, on first use, so a second KDC on another port or for another
 * realm would never be seen by clients in the same JVM. A process that runs simulated Kerberos hosts therefore
 * cannot also reach a real KDC; the same process never needs to.
 */
public final class SimKdc {
    private static final Logger LOG = LogManager.getLogger(SimKdc.class);
    private static SimKdc instance;

    private final SimpleKdcServer kdc;
    private final String realm;
    private final Path dir;
    private final Path keytab;
    private final Path krb5Conf;
    /** An account in use: its password, how many hosts use it, the principals made for it. */
    private record Account(String password, int users, Set<String> spellings) { }

    /** By account name in lower case (one account, however it is spelt). */
    private final Map<String, Account> accounts = new HashMap<>();
    private final Set<String> servicePrincipals;

    private SimKdc(String realm) throws IOException {
        this.realm = realm;
        this.dir = Files.createTempDirectory("wsusctl-kdc-");
        dir.toFile().deleteOnExit();
        this.keytab = dir.resolve("http.keytab");
        this.krb5Conf = dir.resolve("krb5.conf");
        int port = freePort();
        try {
            kdc = new SimpleKdcServer();
            kdc.setWorkDir(dir.toFile());
            kdc.setKdcRealm(realm);
            kdc.setKdcHost("127.0.0.1");
            kdc.setAllowUdp(false);
            kdc.setAllowTcp(true);
            kdc.setKdcTcpPort(port);
            kdc.init();
            kdc.start();
        } catch (KrbException e) {
            throw new IOException("cannot start the simulated KDC for realm " + realm + ": " + e.getMessage(), e);
        }
        servicePrincipals = new LinkedHashSet<>();
        servicePrincipals.add("HTTP/localhost@" + realm);
        servicePrincipals.add("HTTP/127.0.0.1@" + realm);
        // what a client that canonicalises 127.0.0.1 (httpclient does) asks a ticket for on this machine
        servicePrincipals.add("HTTP/" + InetAddress.getByName("127.0.0.1").getCanonicalHostName().toLowerCase(Locale.ROOT)
                + "@" + realm);
        try {
            for (String spn : servicePrincipals) {
                kdc.createPrincipal(spn);
            }
            kdc.exportPrincipals(keytab.toFile());
        } catch (KrbException e) {
            throw new IOException("cannot create the simulated hosts' service principal: " + e.getMessage(), e);
        }
        // Ours rather than Kerby's (it writes one too, naming "localhost"): the KDC's address as a literal,
        // TCP only (udp_preference_limit = 1), and the realm clients map every host name to.
        String conf = "[libdefaults]\n"
                + "    default_realm = " + realm + "\n"
                + "    udp_preference_limit = 1\n"
                + "    dns_lookup_kdc = false\n"
                + "    dns_lookup_realm = false\n"
                + "[realms]\n"
                + "    " + realm + " = {\n"
                + "        kdc = 127.0.0.1:" + port + "\n"
                + "    }\n";
        Files.writeString(krb5Conf, conf, StandardCharsets.US_ASCII);
        System.setProperty("java.security.krb5.conf", krb5Conf.toString());
        rereadJdkKerberosConfiguration(realm, keytab);
        for (File f : new File[] {keytab.toFile(), krb5Conf.toFile()}) {
            f.deleteOnExit();
        }
        LOG.info("simulated KDC for realm {} on 127.0.0.1:{}", realm, port);
    }

    /**
     * The process's KDC for {@code realm}, started on first use.
     *
     * @throws IllegalArgumentException when a KDC for another realm already runs in this process
     */
    public static synchronized SimKdc forRealm(String realm) {
        if (instance == null) {
            try {
                instance = new SimKdc(realm);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (!instance.realm.equals(realm)) {
            throw new IllegalArgumentException("the simulated KDC of this process serves realm " + instance.realm
                    + "; simulated Kerberos hosts of one run must all use it (user@" + instance.realm + "), not " + realm);
        }
        return instance;
    }

    public String realm() {
        return realm;
    }

    /** The keytab with the simulated hosts' service keys. */
    public Path keytab() {
        return keytab;
    }

    /** The Kerberos configuration clients use to find this KDC (also set as {@code java.security.krb5.conf}). */
    public Path krb5Conf() {
        return krb5Conf;
    }

    /**
     * Makes {@code principal} (user@REALM) log in with {@code password} until {@link #release} is called as
     * often. Active Directory matches account names without regard to case, a KDC does not, and winrm4j
     * upper-cases the name it logs in with; so the upper-case spelling is created too.
     *
     * @throws IllegalArgumentException when the account is in use with another password
     */
    public synchronized void account(String principal, String password) {
        String key = principal.toLowerCase(Locale.ROOT);
        Account had = accounts.get(key);
        if (had != null && !had.password().equals(password)) {
            throw new IllegalArgumentException("account " + principal + " is given two different passwords;"
                    + " a KDC holds one password per account");
        }
        if (had != null) {
            accounts.put(key, new Account(had.password(), had.users() + 1, had.spellings()));
            return;
        }
        String name = principal.substring(0, principal.lastIndexOf('@'));
        Set<String> spellings = new LinkedHashSet<>();
        spellings.add(name + "@" + realm);
        spellings.add(name.toUpperCase(Locale.ROOT) + "@" + realm);
        for (String p : spellings) {
            try {
                kdc.createPrincipal(p, password);
            } catch (KrbException e) {
                throw new IllegalArgumentException("the simulated KDC cannot create " + p + ": " + e.getMessage(), e);
            }
        }
        accounts.put(key, new Account(password, 1, Set.copyOf(spellings)));
    }

    /** One use of {@code principal} ends; the last one removes the account (a later fleet may give another password). */
    public synchronized void release(String principal) {
        String key = principal.toLowerCase(Locale.ROOT);
        Account a = accounts.get(key);
        if (a == null) {
            return;
        }
        if (a.users() > 1) {
            accounts.put(key, new Account(a.password(), a.users() - 1, a.spellings()));
            return;
        }
        accounts.remove(key);
        for (String p : a.spellings()) {
            try {
                kdc.deletePrincipal(p);
            } catch (KrbException e) {
                LOG.debug("simulated KDC: removing {}: {}", p, e.getMessage());
            }
        }
    }

    /**
     * The JDK reads {@code java.security.krb5.conf} once and keeps what it found, also when that was nothing
     * (anything that touched Kerberos before, e.g. {@code HttpURLConnection} answering a 401 Negotiate, loads
     * it). The documented way to have it read again is the Krb5LoginModule option {@code refreshKrb5Config}:
     * log in once as the simulated hosts' service, from the keytab, without asking the KDC anything.
     */
    private static void rereadJdkKerberosConfiguration(String realm, Path keytab) throws IOException {
        Map<String, String> options = Map.of("refreshKrb5Config", "true", "useKeyTab", "true",
                "keyTab", keytab.toString(), "principal", "HTTP/localhost@" + realm, "storeKey", "true",
                "doNotPrompt", "true", "isInitiator", "false");
        javax.security.auth.login.Configuration conf = new javax.security.auth.login.Configuration() {
            @Override
            public javax.security.auth.login.AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new javax.security.auth.login.AppConfigurationEntry[] {
                    new javax.security.auth.login.AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                            javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            new javax.security.auth.login.LoginContext("wsusctl-sim-kdc", new javax.security.auth.Subject(), null, conf)
                    .login();
        } catch (javax.security.auth.login.LoginException e) {
            throw new IOException("the JDK cannot read the simulated KDC's configuration and keytab: " + e.getMessage(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
