package org.wsusctl.inventory;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The inventory variables that decide how a host is reached: Ansible's winrm connection plugin
 * ({@code ansible/plugins/connection/winrm.py} in ansible-core 2.14: its options with every variable
 * name, in the order Ansible reads them, where the last one set wins) and pywinrm's
 * {@code ansible_winrm_*} pass-through arguments, next to wsusctl's own {@code winrm_*} names.
 */
final class VarNames {
    private VarNames() { }

    // ---- Ansible's winrm connection plugin options (name lists in Ansible's order: the last one set wins)
    static final List<String> ADDRESS = List.of("ansible_host", "ansible_winrm_host");
    static final List<String> USER = List.of("ansible_user", "ansible_winrm_user");
    static final List<String> PASSWORD = List.of("ansible_password", "ansible_winrm_pass", "ansible_winrm_password");
    /** Not a winrm option: Ansible threads it through the play context when the options above are unset. */
    static final String SSH_PASS = "ansible_ssh_pass";
    static final List<String> PORT = List.of("ansible_port", "ansible_winrm_port");
    static final String SCHEME = "ansible_winrm_scheme";
    static final String PATH = "ansible_winrm_path";
    static final String TRANSPORT = "ansible_winrm_transport";
    static final String CONNECTION_TIMEOUT = "ansible_winrm_connection_timeout";
    static final List<String> KINIT = List.of("ansible_winrm_kinit_cmd", "ansible_winrm_kinit_args",
            "ansible_winrm_kinit_env_vars", "ansible_winrm_kinit_mode");
    static final String CONNECTION = "ansible_connection";

    /** pywinrm Protocol arguments that Ansible passes through from {@code ansible_winrm_<name>}. */
    static final List<String> PYWINRM_ARGS = List.of("realm", "service", "keytab", "ca_trust_path", "cert_pem",
            "cert_key_pem", "server_cert_validation", "kerberos_delegation", "read_timeout_sec",
            "operation_timeout_sec", "kerberos_hostname_override", "message_encryption", "credssp_disable_tlsv1_2",
            "send_cbt", "proxy", "credssp_auth_mechanism", "credssp_minimum_version");

    // ---- wsusctl's own names (documented defaults: https, 5986, NTLM)
    static final String W_SCHEME = "winrm_scheme";
    static final String W_PORT = "winrm_port";
    static final String W_PATH = "winrm_path";
    static final String W_TRANSPORT = "winrm_transport";
    static final String W_USER = "winrm_user";
    static final String W_PASSWORD_ENV = "winrm_password_env";
    static final String W_PASSWORD_FILE = "winrm_password_file";
    static final String VERIFY_TLS = "verify_tls";
    static final String CA_FILE = "ca_file";
    static final String ALLOW_INSECURE_BASIC = "allow_insecure_basic";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String OPERATION_TIMEOUT = "operation_timeout";
    static final String MAX_PARALLEL_FIXES = "max_parallel_fixes";
    static final String SIMULATE = "simulate";
    static final String GROUP_PRIORITY = "ansible_group_priority";

    static final List<String> WSUSCTL = List.of(W_SCHEME, W_PORT, W_PATH, W_TRANSPORT, W_USER, W_PASSWORD_ENV,
            W_PASSWORD_FILE, VERIFY_TLS, CA_FILE, ALLOW_INSECURE_BASIC, CONNECT_TIMEOUT, OPERATION_TIMEOUT,
            MAX_PARALLEL_FIXES, SIMULATE);

    /**
     * Variables that mark a host's connection as written for Ansible: its defaults then apply (port 5986,
     * http only on 5985, Basic or Kerberos when no transport is set). The address and password do not
     * count: both naming styles share {@code ansible_host}, and a password has no default to differ on.
     */
    static final Set<String> ANSIBLE_DIALECT = Set.of(CONNECTION, "ansible_port", "ansible_winrm_port",
            "ansible_user", "ansible_winrm_user", SCHEME, TRANSPORT);

    /** Every winrm plugin variable name wsusctl reads or checks. */
    static final Set<String> ANSIBLE_WINRM;

    static {
        java.util.Set<String> s = new java.util.LinkedHashSet<>();
        s.addAll(ADDRESS);
        s.addAll(USER);
        s.addAll(PASSWORD);
        s.addAll(PORT);
        s.addAll(List.of(SCHEME, PATH, TRANSPORT, CONNECTION_TIMEOUT, CONNECTION));
        s.addAll(KINIT);
        PYWINRM_ARGS.forEach(a -> s.add("ansible_winrm_" + a));
        ANSIBLE_WINRM = java.util.Collections.unmodifiableSet(s);
    }

    /** Ansible variables of other plugins or of Ansible itself that are fine on any host (no typo check). */
    static final Set<String> OTHER_ANSIBLE = Set.of("ansible_shell_type", "ansible_shell_executable",
            "ansible_python_interpreter", "ansible_become", "ansible_become_method", "ansible_become_user",
            "ansible_become_pass", "ansible_become_password", "ansible_become_flags", "ansible_become_exe",
            "ansible_ssh_host", "ansible_ssh_port", "ansible_ssh_user", SSH_PASS, "ansible_ssh_private_key_file",
            "ansible_ssh_common_args", "ansible_ssh_extra_args", "ansible_ssh_pipelining", "ansible_ssh_executable",
            "ansible_private_key_file", "ansible_timeout", "ansible_pipelining", "ansible_psrp_auth",
            "ansible_psrp_protocol", "ansible_psrp_port", "ansible_psrp_cert_validation", "ansible_psrp_path",
            "ansible_psrp_user", "ansible_psrp_pass", "ansible_psrp_password", "ansible_host_key_checking",
            "ansible_remote_tmp", "ansible_async_dir", "ansible_facts", "ansible_managed", "ansible_os_family",
            "ansible_distribution", "ansible_hostname", "ansible_fqdn", "ansible_network_os",
            "ansible_winrm_operation_timeout_sec", "ansible_winrm_read_timeout_sec");

    /** Connection plugins a host may name; only winrm is spoken, psrp is refused, the rest are left out. */
    static final Set<String> KNOWN_CONNECTIONS = Set.of("winrm", "psrp", "ssh", "paramiko", "paramiko_ssh",
            "local", "smart", "docker", "podman", "lxc", "lxd", "chroot", "jail", "zone", "network_cli", "netconf",
            "httpapi", "libssh", "kubectl", "buildah", "qubes", "saltstack", "funcd", "iocage", "aws_ssm", "vmware_tools");

    /** {@code ansible.builtin.winrm} and {@code community.docker.docker} name the plugins winrm and docker. */
    static String connectionPlugin(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        int dot = v.lastIndexOf('.');
        return dot >= 0 ? v.substring(dot + 1) : v;
    }

    /** Password-looking names: their values must be encrypted (vault) or come from the environment. */
    static boolean isPasswordKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith("_file") || k.endsWith("_env") || k.endsWith("_path")) {
            return false; // winrm_password_env, vault_password_file: they name where a password is, not hold it
        }
        return k.contains("password") || k.contains("passwd") || k.endsWith("_pass") || k.equals("pass")
                || k.endsWith("_pw") || k.equals("pw");
    }
}
