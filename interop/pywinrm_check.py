#!/usr/bin/python3
"""pywinrm (Debian's python3-winrm 0.3.0) against `wsusctl simulate`: does an independent WinRM client get
what a Windows host would give it?

Called by scripts/interop.sh with:
  --endpoints FILE   the lines `wsusctl simulate` printed ("NAME URL", "# certificate PATH")
  --scripts DIR      per check: NAME.ps1 (`wsusctl script`) and NAME.cmdline (`--command-line`)
  --reference FILE   the JSON report of `wsusctl audit` on the same inventory (what wsusctl itself got)
The password comes from WSUSCTL_INTEROP_PASSWORD, the account from --user. Every exchange is printed
(command sent; exit code, stdout and stderr received). Exit status: 0 when every expectation held, 1 otherwise.

Authentication is what each simulated host takes (TRANSPORT below): NTLM (requests-ntlm and ntlm-auth, the
code Ansible uses against Windows every day) with every message sealed over HTTP (pywinrm's
message_encryption='auto') and plain over HTTPS, where requests-ntlm also sends channel bindings; Basic on
interop-basic.

Two bugs of pywinrm 0.3.0 are worked around here, never in the simulator:
- run_ps crashes (TypeError in _clean_error_msg) whenever stderr is non-empty: stderr is bytes on Python 3
  and the method compares it with str. FixedSession decodes before cleaning, as pywinrm 0.4.0 does.
- REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override server_cert_validation: the driver unsets them, and the HTTPS
  session passes ca_trust_path explicitly.
"""
import argparse
import datetime
import json
import os
import re
import sys

# Debian 12's OpenSSL 3 keeps MD4 (the NT hash, which every NTLM logon computes) in its legacy provider, so
# ntlm-auth's hashlib.new('md4') fails with "unsupported hash type md4" in a plain Python process. Loading
# cryptography's OpenSSL bindings loads that provider for the whole process; Ansible's NTLM works for the same
# reason (it imports cryptography before pywinrm logs in). Nothing about the protocol changes.
from cryptography.hazmat.bindings.openssl.binding import Binding
Binding()
import hashlib  # noqa: E402
hashlib.new("md4", b"")  # fail here, clearly, if MD4 is still missing

import requests  # noqa: E402
import requests_ntlm.requests_ntlm  # noqa: E402
import winrm  # noqa: E402
from winrm.exceptions import InvalidCredentialsError, WinRMTransportError  # noqa: E402

RESULT_PREFIX = "##WSUSCTL## "
TIME_SLACK_S = 120
# cmd.exe's limit: WinRM runs the line through cmd.exe /c, which refuses longer lines.
CMD_MAX_LINE = 8191
TOO_LONG = b"The command line is too long.\r\n"
# the shell code page pywinrm asks for (WINRS_CODEPAGE=437)
OEM = "cp437"

# (file stem, module id) of the shipped checks exercised: the .ps1/.cmdline files come from the driver
# (`wsusctl script MODULE`: one batch of the module's fact sections, one result line per section).
CHECKS = [
    ("wsus.services", "wsus.services"),
    ("iis.apppool.state", "iis.apppool.state"),
    ("service.running", "service.running"),
    ("wsus.sync", "wsus.sync"),
]
# What the inventory's hosts must show, independently of wsusctl's own report (so a simulator that
# answered the same wrong thing to both clients would still fail here): the facts the scripts print.
EXPECTED = {
    "interop-ok": {"pool": "Started", "WsusService": "Running", "api": True},
    "interop-tls": {"pool": "Started", "WsusService": "Running", "api": True},
    "interop-basic": {"pool": "Started", "WsusService": "Running", "api": True},
    "interop-broken": {"pool": "Stopped", "WsusService": "Stopped", "api": False},
}
# what each host takes (interop/inventory.yml: NTLM unless winrm_transport says otherwise)
TRANSPORT = {"interop-basic": "basic"}


class FixedSession(winrm.Session):
    """pywinrm 0.3.0's Session with run_ps usable when stderr is non-empty (see module docstring)."""

    last_raw_stderr = b""

    def _clean_error_msg(self, msg):
        self.last_raw_stderr = msg
        text = msg.decode(OEM) if isinstance(msg, bytes) else msg
        return super()._clean_error_msg(text).encode(OEM)


class Checker:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def expect(self, what, ok, detail=""):
        if ok:
            self.passed += 1
            print("  PASS " + what)
        else:
            self.failures.append(what)
            print("  FAIL " + what + (" (" + detail + ")" if detail else ""))


def shorten(text, limit=160):
    text = text if isinstance(text, str) else repr(text)
    return text if len(text) <= limit else text[:limit] + "... (%d chars)" % len(text)


def show(kind, sent, r):
    print("  > %s %s" % (kind, shorten(sent, 120)))
    print("  < exit=%s stdout=%s stderr=%s" % (r.status_code, shorten(r.std_out), shorten(r.std_err)))


def same_observed(got, want):
    """Equal, except that timestamps (keys ending in Utc) may differ by up to TIME_SLACK_S: the reference
    comes from another simulator instance of the same inventory, whose relative times ("30 hours ago")
    were anchored a few seconds apart."""
    if isinstance(got, dict) and isinstance(want, dict):
        if got.keys() != want.keys():
            return False
        for k in got:
            if k.endswith("Utc") and isinstance(got[k], str) and isinstance(want[k], str):
                try:
                    if abs((parse_utc(got[k]) - parse_utc(want[k])).total_seconds()) > TIME_SLACK_S:
                        return False
                except ValueError:
                    return False
            elif not same_observed(got[k], want[k]):
                return False
        return True
    return got == want


def parse_utc(text):
    # Python 3.11 reads at most microseconds; Java prints nanoseconds
    m = re.match(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$", text)
    if not m:
        raise ValueError("not a UTC timestamp: " + text)
    frac = (m.group(2) or "0")[:6].ljust(6, "0")
    return datetime.datetime.strptime(m.group(1) + "." + frac, "%Y-%m-%dT%H:%M:%S.%f")


def result_lines(stdout):
    """The envelopes a batch printed, one per unit (fact section), in order."""
    return [json.loads(l[len(RESULT_PREFIX):]) for l in stdout.decode(OEM).splitlines() if l.startswith(RESULT_PREFIX)]


def section(lines, key):
    """The facts of the section that has `key` among its facts (None when none has)."""
    for l in lines:
        facts = l.get("facts") or {}
        if key in facts:
            return facts
    return None


def read_endpoints(path):
    hosts, cert = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[:2] == ["#", "certificate"]:
                cert = parts[2]
            elif len(parts) == 2 and not parts[0].startswith("#"):
                hosts[parts[0]] = parts[1]
    return hosts, cert


def reference_steps(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    return {(h["name"], s["module"]): s for h in report["hosts"] for s in h["steps"]}


def session(url, user, password, cert, transport, **extra):
    kwargs = {"transport": transport, "operation_timeout_sec": 20, "read_timeout_sec": 30}
    if url.startswith("https:"):
        kwargs.update(server_cert_validation="validate", ca_trust_path=cert)
    kwargs.update(extra)
    return FixedSession(url, auth=(user, password), **kwargs)


def service_states(lines):
    services = section(lines, "services") or {"services": []}
    return {x["name"]: x["state"] for x in services["services"]}


def check_facts(c, host, module, lines, ref):
    """The facts are what the host is (EXPECTED), and what wsusctl's own report shows it judged from."""
    want = EXPECTED.get(host, {})
    ok = all(l.get("schema") == "wsusctl.facts/1" for l in lines)
    c.expect("%s %s: every unit printed facts (never a verdict)" % (host, module), ok and lines != [],
             json.dumps(lines)[:300])
    if module == "iis.apppool.state":
        pool = section(lines, "state") or {}
        c.expect("%s pool state is %s" % (host, want.get("pool")), pool.get("state") == want.get("pool"), str(pool))
        c.expect("%s pool: wsusctl's report shows the same state" % host,
                 ref is not None and ref["before"].get("state") == pool.get("state"), str(ref))
    elif module in ("service.running", "wsus.services"):
        states = service_states(lines)
        c.expect("%s %s: WsusService is %s" % (host, module, want.get("WsusService")),
                 states.get("WsusService") == want.get("WsusService"), str(states))
        if module == "service.running":
            same = ref is not None and ref["before"].get("state") == states.get("WsusService")
        else:
            same = ref is not None and all(states.get(k) == v for k, v in ref["before"].items()
                                           if k in (ref.get("expected") or {}))
        c.expect("%s %s: wsusctl's report shows the same service states" % (host, module), same, str(ref))
    elif module == "wsus.sync":
        sync = section(lines, "apiConnected") or {}
        c.expect("%s sync: the WSUS API %s" % (host, "connects" if want.get("api") else "answers 503"),
                 sync.get("apiConnected") == want.get("api")
                 and (want.get("api") or "503" in (sync.get("apiError") or "")), str(sync))
        if sync.get("apiConnected"):
            same = (ref is not None and ref["before"].get("result") == sync.get("result")
                    and same_observed({"endUtc": sync.get("endUtc")}, {"endUtc": ref["before"].get("endUtc")}))
        else:
            same = ref is not None and ref["status"] == "blocked"
        c.expect("%s sync: wsusctl's report agrees (result, or blocked by its cause)" % host, same, str(ref))


def check_sealing(c, host, s, url, transport):
    """pywinrm seals NTLM messages over HTTP only (message_encryption='auto'). Every answer so far was read,
    so when it sealed, the simulator's sealed answers passed ntlm-auth's signature and sequence checks."""
    sealed = s.protocol.transport.encryption is not None
    want = transport == "ntlm" and url.startswith("http:")
    c.expect("%s: messages %s (%s over %s)" % (host, "sealed" if want else "plain", transport, url.split(":")[0]),
             sealed == want, "pywinrm's encryption is %r" % s.protocol.transport.encryption)


def check_unsealed_refused(c, url, user, password, cert):
    """AllowUnencrypted=false: after a good NTLM logon, a plain message over HTTP gets HTTP 500."""
    print("%s: NTLM with message_encryption='never'" % url)
    try:
        session(url, user, password, cert, "ntlm", message_encryption="never").run_cmd("hostname")
        c.expect("HTTP: a plain NTLM message is refused (500)", False, "the command ran")
    except WinRMTransportError as e:
        print("  < WinRMTransportError: %s" % e)
        c.expect("HTTP: a plain NTLM message is refused (500)", e.code == 500, "code %s" % e.code)


def check_channel_bindings(c, url, user, password, cert):
    """Over HTTPS requests-ntlm binds the NTLM logon to the server's certificate (MsvAvChannelBindings); bindings
    for another certificate must be refused, which shows the simulator checks them."""
    print("%s: NTLM with channel bindings for another certificate" % url)
    real = requests_ntlm.requests_ntlm.HttpNtlmAuth._get_server_cert
    requests_ntlm.requests_ntlm.HttpNtlmAuth._get_server_cert = lambda self, response: "00" * 32
    try:
        session(url, user, password, cert, "ntlm").run_cmd("hostname")
        c.expect("HTTPS: channel bindings of another certificate are refused", False, "the command ran")
    except InvalidCredentialsError as e:
        print("  < InvalidCredentialsError: %s" % e)
        c.expect("HTTPS: channel bindings of another certificate are refused", True)
    finally:
        requests_ntlm.requests_ntlm.HttpNtlmAuth._get_server_cert = real


def check_scripts(c, host, s, scripts, reference):
    """The shipped fact sections: run_cmd with wsusctl's own command line, run_ps with the script text."""
    for stem, module in CHECKS:
        with open(os.path.join(scripts, stem + ".cmdline"), encoding="ascii") as f:
            cmdline = f.read().strip()
        with open(os.path.join(scripts, stem + ".ps1"), encoding="utf-8") as f:
            script = f.read()
        ref = reference.get((host, module))
        print("%s %s (run_cmd, wsusctl's self-contained command line of %d chars)" % (host, module, len(cmdline)))
        r = s.run_cmd(cmdline)
        show("run_cmd", cmdline, r)
        lines = result_lines(r.std_out)
        c.expect("%s %s: exit 0, empty stderr, result lines" % (host, module),
                 r.status_code == 0 and r.std_err == b"" and lines != [])
        check_facts(c, host, module, lines, ref)

        # run_ps sends 'powershell -encodedcommand <base64 of UTF-16LE>' through cmd.exe: 2.67 chars a byte
        encoded_len = len("powershell -encodedcommand ") + (len(script.encode("utf-16-le")) + 2) // 3 * 4
        print("%s %s (run_ps, script of %d chars, command line of %d chars)" % (host, module, len(script),
                                                                              encoded_len))
        r = s.run_ps(script)
        show("run_ps", "<%s script>" % module, r)
        if encoded_len > CMD_MAX_LINE:
            # what Windows answers: cmd.exe refuses the line and PowerShell never starts
            c.expect("%s %s: run_ps of a script past cmd.exe's 8191 chars fails as on Windows" % (host, module),
                     r.status_code == 1 and r.std_out == b"" and r.std_err == TOO_LONG,
                     "exit=%s stderr=%r" % (r.status_code, r.std_err))
        else:
            strip = lambda ls: [{k: v for k, v in l.items() if k != "collectedUtc"} for l in ls]
            c.expect("%s %s: run_ps gives the same facts as run_cmd" % (host, module),
                     r.status_code == 0 and r.std_err == b"" and strip(result_lines(r.std_out)) == strip(lines))


def check_smoke(c, s, host):
    """The smoke-test repertoire, through cmd.exe (run_cmd) and Windows PowerShell (run_ps)."""
    crlf = b"\r\n"
    cases = [
        ("run_cmd", "hostname", 0, host.encode() + crlf, b""),
        ("run_cmd", "whoami", 0, b"lab\\interop" + crlf, b""),
        ("run_cmd", "echo interop says hi", 0, b"interop says hi" + crlf, b""),
        ("run_cmd", "exit 3", 3, b"", b""),
        ("run_cmd", "nosuchcmd", 1, b"",
         b"'nosuchcmd' is not recognized as an internal or external command," + crlf
         + b"operable program or batch file." + crlf),
        ("run_ps", "hostname", 0, host.encode() + crlf, b""),
        ("run_ps", "Write-Output 'interop says hi'", 0, b"interop says hi" + crlf, b""),
        ("run_ps", "exit 3", 3, b"", b""),
    ]
    for kind, command, code, out, err in cases:
        print("%s smoke: %s %s" % (host, kind, command))
        r = s.run_cmd(command) if kind == "run_cmd" else s.run_ps(command)
        show(kind, command, r)
        c.expect("%s %r: exit %d, stdout %r" % (kind, command, code, out),
                 (r.status_code, r.std_out, r.std_err) == (code, out, err),
                 "got exit=%s stdout=%r stderr=%r" % (r.status_code, r.std_out, r.std_err))

    r = s.run_ps("$PSVersionTable.PSVersion")
    show("run_ps", "$PSVersionTable.PSVersion", r)
    table = r.std_out.decode(OEM).split("\r\n")
    c.expect("run_ps '$PSVersionTable.PSVersion': Windows PowerShell 5.1 table",
             r.status_code == 0 and "Major  Minor  Build  Revision" in table
             and any(l.split()[:2] == ["5", "1"] for l in table if l.strip()))

    r = s.run_cmd("ipconfig")
    show("run_cmd", "ipconfig", r)
    text = r.std_out.decode(OEM)
    c.expect("run_cmd 'ipconfig': Windows IP Configuration with an IPv4 address",
             r.status_code == 0 and text.startswith("\r\nWindows IP Configuration") and "IPv4 Address" in text)

    r = s.run_ps("nosuchcmd")
    show("run_ps", "nosuchcmd", r)
    raw = s.last_raw_stderr
    c.expect("run_ps 'nosuchcmd': exit 1, stderr in CLIXML, CommandNotFoundException",
             r.status_code == 1 and r.std_out == b"" and raw.startswith(b"#< CLIXML\r\n")
             and b"The term 'nosuchcmd' is not recognized as the name of a cmdlet" in r.std_err
             and b"CommandNotFoundException" in r.std_err,
             "raw stderr %r" % shorten(raw))


def check_wrong_password(c, url, user, cert, transport):
    what = "wrong password (%s over %s): InvalidCredentialsError" % (transport, url.split(":")[0])
    print("%s: wrong password" % url)
    try:
        session(url, user, "not-the-password", cert, transport).run_cmd("hostname")
        c.expect(what, False, "the command ran")
    except InvalidCredentialsError as e:
        print("  < InvalidCredentialsError: %s" % e)
        c.expect(what, True)


def check_tls_is_verified(c, url, user, password):
    """Without the simulator's certificate the handshake must fail: verification is real, not skipped."""
    print("%s: HTTPS without trusting the simulator's certificate" % url)
    try:
        FixedSession(url, auth=(user, password), transport="ntlm", server_cert_validation="validate",
                     ca_trust_path="/etc/ssl/certs/ca-certificates.crt").run_cmd("hostname")
        c.expect("HTTPS: an untrusted self-signed certificate is rejected", False, "the command ran")
    except requests.exceptions.SSLError as e:
        print("  < SSLError: %s" % shorten(str(e), 120))
        c.expect("HTTPS: an untrusted self-signed certificate is rejected", True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--endpoints", required=True)
    p.add_argument("--scripts", required=True)
    p.add_argument("--reference", required=True)
    p.add_argument("--user", required=True)
    a = p.parse_args()
    password = os.environ.get("WSUSCTL_INTEROP_PASSWORD")
    if not password:
        sys.exit("pywinrm_check: WSUSCTL_INTEROP_PASSWORD is not set")
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        if os.environ.pop(var, None) is not None:
            print("note: %s unset (pywinrm 0.3.0 lets it override server_cert_validation)" % var)
    hosts, cert = read_endpoints(a.endpoints)
    reference = reference_steps(a.reference)
    print("pywinrm %s against %s" % (getattr(winrm, "__version__", "0.3.0 (Debian python3-winrm)"),
                                     ", ".join("%s=%s" % kv for kv in sorted(hosts.items()))))
    c = Checker()
    for needed in EXPECTED:
        c.expect("simulator serves %s" % needed, needed in hosts)
    c.expect("simulator printed its certificate", cert is not None and os.path.isfile(cert))

    for host in sorted(h for h in hosts if h in EXPECTED):
        url = hosts[host]
        transport = TRANSPORT.get(host, "ntlm")
        c.expect("%s is served over %s" % (host, "https" if host == "interop-tls" else "http"),
                 url.startswith("https:") == (host == "interop-tls"))
        s = session(url, a.user, password, cert, transport)
        check_scripts(c, host, s, a.scripts, reference)
        check_sealing(c, host, s, url, transport)
        if host == "interop-ok":
            check_smoke(c, s, host)
            check_wrong_password(c, url, a.user, cert, transport)
            check_unsealed_refused(c, url, a.user, password, cert)
        if host == "interop-basic":
            r = s.run_cmd("whoami")
            show("run_cmd", "whoami (basic)", r)
            c.expect("Basic: whoami", r.std_out == b"lab\\interop\r\n")
            check_wrong_password(c, url, a.user, cert, transport)
        if host == "interop-tls":
            r = s.run_cmd("hostname")
            show("run_cmd", "hostname (https, ca_trust_path=simulator certificate)", r)
            c.expect("HTTPS with the simulator's certificate: hostname", r.std_out == b"interop-tls\r\n")
            check_wrong_password(c, url, a.user, cert, transport)
            check_channel_bindings(c, url, a.user, password, cert)
            check_tls_is_verified(c, url, a.user, password)

    print("pywinrm: %d passed, %d failed" % (c.passed, len(c.failures)))
    for f in c.failures:
        print("  failed: " + f)
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
