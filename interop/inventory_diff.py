#!/usr/bin/python3
"""Differential test: every inventory of the corpus loaded by Ansible and by wsusctl, compared.

For each case directory of the corpus (see interop/README.md, "Inventory differential test"):

* Ansible side: `ansible-inventory --list` (the CLI, as users run it) for groups, hosts, host order of each
  group and host variables; Ansible's own InventoryManager for pattern selections (`hosts:` and `--limit`,
  retry files included); and Ansible's winrm connection plugin (`set_options` with the templated host
  variables, then `_build_winrm_kwargs`, as TaskExecutor does) for the host, port, scheme, path, user and
  transport it would connect with.
* wsusctl side: `wsusctl inventory --list`, and `wsusctl audit --list-hosts -v` with one generated playbook
  per pattern (and each --limit), which prints the selected hosts in run order with scheme://host:port,
  user and transport: nothing is contacted. The command lines run in one JVM (CliBatch, from the test
  classes, calls the same Main.run as the jar's main) so the corpus costs one JVM start, not 150.

A case says what must happen (case.yml `expect`): `agree` (everything equal), `wsusctl-refuses` (Ansible
loads it, wsusctl refuses a run with the given reason; the listing must still agree unless the source itself
is refused), or `ansible-rejects` (both refuse; wsusctl with file:line:col). Exit 0 only when every case holds.

Ansible takes the groups of one level of its group tree from a Python set, so the host order of `all` and of
nested groups changes from run to run when several groups of a level have children. The harness fixes that
walk to first-seen order (one of the orders Ansible produces, the one wsusctl documents) before comparing.
"""

import argparse
import concurrent.futures
import contextlib
import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

import yaml

ANSIBLE_ENV = {
    # A source no plugin can parse is an error, not a warning and an empty inventory.
    "ANSIBLE_INVENTORY_UNPARSED_FAILED": "True",
    "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "True",
    "ANSIBLE_NOCOLOR": "1",
    "ANSIBLE_DEPRECATION_WARNINGS": "False",
    "ANSIBLE_LOCALHOST_WARNING": "False",
}
REDACTED = "********"
TIMEOUT = 120
API_LOCK = threading.Lock()
BASE_ENV = dict(os.environ)  # ansible_api changes os.environ per case; subprocesses start from this


def source_list(case_dir, case, key="sources"):
    """The -i arguments: files and directories of the case, and a host list (Ansible's 'a,b,') as written."""
    out = [os.path.join(case_dir, s) for s in case.get(key, case["sources"])]
    if case.get("host_list"):
        out.append(case["host_list"])
    return out


def vault_files(case):
    out = []
    if case.get("vault_password_file"):
        out.append(["default", case["vault_password_file"]])
    for vid in case.get("vault_ids") or []:
        label, _, src = vid.partition("@")
        out.append([label, src])
    return out


def vault_cli_args(case_dir, case):
    args = []
    if case.get("vault_password_file"):
        args += ["--vault-password-file", os.path.join(case_dir, case["vault_password_file"])]
    for vid in case.get("vault_ids") or []:
        label, _, src = vid.partition("@")
        args += ["--vault-id", label + "@" + os.path.join(case_dir, src)]
    return args


def patterns(case):
    return case.get("patterns") or ["all"]


def resolve_limit(limit, case_dir):
    """A limit's @file is relative to the case directory in case.yml."""
    parts = []
    for term in limit.split(","):
        term = term.strip()
        parts.append("@" + os.path.join(case_dir, term[1:]) if term.startswith("@") else term)
    return ",".join(parts)


# ------------------------------------------------------------------------------------------------ Ansible

def ansible_listing(case_dir, case, workdir):
    """ansible-inventory --list, the CLI as users run it."""
    env = dict(BASE_ENV, **ANSIBLE_ENV, **{k: str(v) for k, v in (case.get("env") or {}).items()})
    cmd = ["ansible-inventory", "--list"] + vault_cli_args(case_dir, case)
    for s in source_list(case_dir, case, "ansible_sources"):
        cmd += ["-i", s]
    p = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    ref = {"rc": p.returncode, "stderr": p.stderr.strip()}
    if p.returncode == 0:
        ref["list"] = json.loads(p.stdout)
    return ref


def ansible_api(case_dir, case, workdir):
    """Ansible's InventoryManager and winrm plugin on the case, in this interpreter (one case at a time: the
    case's environment is the process environment while it runs, for lookup('env'))."""
    spec = {"sources": source_list(case_dir, case, "ansible_sources"),
            "vault": [[label, os.path.join(case_dir, f)] for label, f in vault_files(case)],
            "patterns": patterns(case), "limits": case.get("limits") or [], "case_dir": case_dir}
    with API_LOCK:
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        try:
            os.environ.update(ANSIBLE_ENV)
            os.environ.update({k: str(v) for k, v in (case.get("env") or {}).items()})
            os.chdir(workdir)
            with contextlib.redirect_stderr(io.StringIO()):  # Ansible's own warnings: the listing shows them
                return run_ansible_api(spec)
        except Exception as e:
            return {"api_error": repr(e)}
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)


def run_ansible_api(spec):
    from ansible.inventory.group import Group
    from ansible.inventory.manager import InventoryManager
    from ansible.parsing.dataloader import DataLoader
    from ansible.parsing.vault import get_file_vault_secret
    from ansible.playbook.play_context import PlayContext
    from ansible.plugins.loader import connection_loader
    from ansible.template import Templar
    from ansible.vars.manager import VariableManager
    from ansible import constants as C

    def walk(self, rel, include_self=False, preserve_ordering=False):
        # Ansible iterates a level's groups from a set; take them in first-seen order (deterministic).
        ordered = [self] if include_self else []
        seen = set(ordered)
        level = []
        for g in getattr(self, rel):
            if g not in seen:
                seen.add(g)
                ordered.append(g)
                level.append(g)
        while level:
            nxt = []
            for g in level:
                for c in getattr(g, rel):
                    if c not in seen:
                        seen.add(c)
                        ordered.append(c)
                        nxt.append(c)
            level = nxt
        return ordered if preserve_ordering else set(ordered)

    Group._walk_relationship = walk
    loader = DataLoader()
    secrets = []
    for label, f in spec["vault"]:
        s = get_file_vault_secret(filename=f, vault_id=label, loader=loader)
        s.load()
        secrets.append((label, s))
    loader.set_vault_secrets(secrets)
    inv = InventoryManager(loader=loader, sources=spec["sources"])
    vm = VariableManager(loader=loader, inventory=inv)
    out = {"select": {}, "connections": {}, "plugins": {}}
    for limit in [None] + spec["limits"]:
        inv.subset(resolve_limit(limit, spec["case_dir"]) if limit else None)
        for pat in spec["patterns"]:
            key = pat if limit is None else pat + " --limit " + limit
            try:
                out["select"][key] = [h.name for h in inv.get_hosts(pat)]
            except Exception as e:  # Ansible's own error for a subscript out of range
                out["select"][key] = "error: " + str(e)
    inv.subset(None)
    # Loading the plugin registers its option definitions; only then does the config know its variables.
    connection_loader.get("winrm", PlayContext(), None)
    option_vars = C.config.get_plugin_vars("connection", "winrm")
    for host in inv.get_hosts("all"):
        hv = vm.get_vars(host=host, include_hostvars=False)
        templar = Templar(loader=loader, variables=hv)
        plugin = templar.template(hv.get("ansible_connection", "ssh"))
        out["plugins"][host.name] = plugin
        if str(plugin).split(".")[-1] != "winrm" or hv.get("simulate") is not None:
            continue
        try:
            options = {"_extras": {}}
            for k in option_vars:
                if k in hv:
                    options[k] = templar.template(hv[k])
            for k in hv:
                if k.startswith("ansible_winrm_") and k not in options:
                    options["_extras"][k] = templar.template(hv[k])
            conn = connection_loader.get("winrm", PlayContext(), None)
            conn.set_options(task_keys={}, var_options=options)
            conn._build_winrm_kwargs()
            transport = conn._winrm_transport
            out["connections"][host.name] = {
                "address": conn._winrm_host, "port": int(conn._winrm_port), "scheme": conn._winrm_scheme,
                "path": conn._winrm_path, "user": conn._winrm_user,
                "transport": [normal_transport(t) for t in transport]}
        except Exception as e:
            out["connections"][host.name] = {"error": str(e)}
    return out


def normal_transport(t):
    # pywinrm's ssl and plaintext are Basic over https and http
    return "basic" if t in ("ssl", "plaintext") else t


# ------------------------------------------------------------------------------------------------ wsusctl

class Batch:
    """Command lines for wsusctl, run together in one JVM by CliBatch."""

    def __init__(self, classpath, workdir, name):
        self.classpath = classpath
        self.file = os.path.join(workdir, name + ".json")
        self.requests = []

    def add(self, args, env):
        self.requests.append({"args": args, "env": env})
        return len(self.requests) - 1

    def run(self):
        if not self.requests:
            return []
        with open(self.file, "w") as f:
            json.dump(self.requests, f)
        p = subprocess.run(["java", "-XX:+UseSerialGC", "-cp", self.classpath, "org.wsusctl.inventory.CliBatch",
                            self.file], capture_output=True, text=True, timeout=TIMEOUT * 10)
        if p.returncode != 0 or not p.stdout.strip():
            raise RuntimeError("CliBatch failed: " + p.stderr[-2000:])
        return json.loads(p.stdout.strip().splitlines()[-1])


def wsusctl_requests(batch, case_dir, case, workdir):
    """Queues the case's command lines; returns how to read the answers."""
    env = {k: str(v) for k, v in (case.get("env") or {}).items()}
    env["XDG_STATE_HOME"] = workdir
    env["HOME"] = workdir
    src_args = []
    for s in source_list(case_dir, case):
        src_args += ["-i", s]
    src_args += vault_cli_args(case_dir, case)
    plan = {"env": env, "src_args": src_args, "list": batch.add(["inventory", "--list"] + src_args, env), "runs": []}
    expect = case.get("expect", "agree")
    if expect == "ansible-rejects" or case.get("refuses_listing"):
        return plan
    books = []
    for i, pat in enumerate(patterns(case)):
        pb = os.path.join(workdir, "p%02d.yml" % i)
        with open(pb, "w") as f:
            f.write(yaml.safe_dump({"name": "pattern %d" % i, "hosts": pat, "steps": [
                {"name": "check", "module": "iis.apppool.state", "args": {"pool": "WsusPool"}}]}))
        books.append((pat, pb))
    if expect == "wsusctl-refuses":
        books = books[:1]
    limits = [None] + ([] if expect == "wsusctl-refuses" else (case.get("limits") or []))
    for limit in limits:
        plan["runs"].append((limit, books, batch.add(list_hosts_args(plan, books, limit, case_dir), env)))
    return plan


def list_hosts_args(plan, books, limit, case_dir):
    args = ["audit"] + plan["src_args"] + [pb for _, pb in books] + ["--list-hosts", "-v", "--no-retry-file"]
    if limit:
        args += ["--limit", resolve_limit(limit, case_dir)]
    return args


def wsusctl_view(plan, results, retry, case_dir):
    """wsusctl's answers for the case; a run that fails with several patterns is queued again one pattern a
    run (in retry) to learn which pattern fails."""
    view = {}
    r = results[plan["list"]]
    view["list_rc"], view["list_stderr"] = r["rc"], r["err"].strip()
    if r["out"].strip():
        try:
            view["list"] = json.loads(r["out"])
        except ValueError:
            view["list_stdout"] = r["out"][:2000]
    view["select"], view["connections"], view["run_rc"], view["retries"] = {}, {}, 0, []
    for limit, books, idx in plan["runs"]:
        r = results[idx]
        if r["rc"] != 0 and len(books) > 1:
            for book in books:
                view["retries"].append((limit, [book], retry.add(list_hosts_args(plan, [book], limit, case_dir),
                                                                  plan["env"])))
            continue
        record(view, limit, books, r)
    return view


def record(view, limit, books, r):
    if r["rc"] != 0:
        view["run_rc"] = r["rc"]
        view["run_stderr"] = r["err"].strip()
        for pat, _ in books:
            view["select"][pat if limit is None else pat + " --limit " + limit] = "error: " + r["err"].strip()[-300:]
        return
    blocks = parse_list_hosts(r["out"])
    for pat, pb in books:
        hosts, conns = blocks.get(pb, ([], {}))
        view["select"][pat if limit is None else pat + " --limit " + limit] = hosts
        if limit is None:
            view["connections"].update(conns)


LIST_LINE = re.compile(r"^      (\S+)\s+(.*)$")
REACH = re.compile(r"^(https?)://(.+):(\d+)(/\S*) user=(.*) transport=(\w+)$")


def parse_list_hosts(text):
    """--list-hosts -v output: per playbook, its hosts in order and how each is reached."""
    blocks = {}
    current = None
    in_hosts = False
    for line in text.splitlines():
        if line.startswith("playbook: "):
            current = line[len("playbook: "):].strip()
            blocks[current] = ([], {})
            continue
        if line.startswith("    hosts ("):
            in_hosts = True
            continue
        if not line.startswith("      "):
            in_hosts = False
            continue
        if in_hosts and current is not None:
            m = LIST_LINE.match(line)
            if not m:
                continue
            name, reach = m.group(1), m.group(2)
            blocks[current][0].append(name)
            r = REACH.match(reach)
            if r:
                addr = r.group(2)
                if addr.startswith("[") and addr.endswith("]"):
                    addr = addr[1:-1]
                blocks[current][1][name] = {"address": addr, "port": int(r.group(3)), "scheme": r.group(1),
                                            "path": r.group(4), "user": None if r.group(5) == "(none)" else r.group(5),
                                            "transport": r.group(6)}
    return blocks


def normalise_listing(a_list, w_list):
    """wsusctl prints values decrypted from vault files as ********: accept that where Ansible shows text."""
    redacted = 0
    a = copy.deepcopy(a_list)
    for host, vars_ in (w_list.get("_meta", {}).get("hostvars", {})).items():
        av = a.get("_meta", {}).get("hostvars", {}).get(host, {})
        for k, v in vars_.items():
            if v == REDACTED and k in av and av[k] != REDACTED:
                av[k] = REDACTED
                redacted += 1
    return a, redacted


def first_difference(a, b, path="$"):
    if type(a) != type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return "%s: ansible %r, wsusctl %r" % (path, a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return "%s.%s: only in %s" % (path, k, "ansible" if k in a else "wsusctl")
            d = first_difference(a[k], b[k], path + "." + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: ansible %r, wsusctl %r" % (path, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: ansible %r, wsusctl %r" % (path, a, b)


def compare(name, case, ref, view):
    """Problems (empty when the case holds) and notes for the summary."""
    expect = case.get("expect", "agree")
    problems, notes = [], []
    if expect == "ansible-rejects":
        if ref["rc"] == 0:
            problems.append("expected Ansible to reject it, but ansible-inventory loaded it")
        if view["list_rc"] == 0:
            problems.append("expected wsusctl to refuse it, but it loaded")
        elif case.get("positioned", True) and not re.search(r":\d+:\d+: error: ", view["list_stderr"]):
            problems.append("wsusctl refused it without file:line:col: " + view["list_stderr"][:300])
        want = case.get("wsusctl_error")
        if want and not re.search(want, view["list_stderr"]):
            problems.append("wsusctl's error does not match %r: %s" % (want, view["list_stderr"][:400]))
        return problems, notes
    if ref["rc"] != 0:
        return ["ansible-inventory failed: " + ref["stderr"][-500:]], notes
    if "api_error" in ref:
        return ["Ansible's API failed: " + ref["api_error"]], notes
    if expect == "wsusctl-refuses" and case.get("refuses_listing"):
        # refused as a source (syntax, structure): no listing to compare, only the reason
        if view["list_rc"] == 0:
            problems.append("expected wsusctl to refuse the source (%s), but it loaded" % case.get("reason", ""))
        elif not re.search(case.get("wsusctl_error", "."), view["list_stderr"]):
            problems.append("wsusctl's refusal does not match %r: %s" % (case.get("wsusctl_error"),
                                                                        view["list_stderr"][:400]))
        return problems, notes
    if "list" not in view:
        return ["wsusctl inventory --list printed no listing (rc %d): %s" % (view["list_rc"],
                                                                             view["list_stderr"][:500])], notes
    a_list, redacted = normalise_listing(ref["list"], view["list"])
    if redacted:
        notes.append("%d vault value(s) redacted by wsusctl" % redacted)
    d = first_difference(a_list, view["list"])
    if d:
        problems.append("listing differs: " + d)
    if expect == "wsusctl-refuses":
        reason = case.get("reason", "")
        if view["run_rc"] == 0:
            problems.append("expected wsusctl to refuse a run (%s), but it accepted it" % reason)
        elif case.get("wsusctl_error") and not re.search(case["wsusctl_error"], view.get("run_stderr", "")):
            problems.append("wsusctl's refusal does not match %r: %s" % (case["wsusctl_error"],
                                                                        view.get("run_stderr", "")[:400]))
        return problems, notes
    if not any(isinstance(v, list) for v in view["select"].values()):
        problems.append("wsusctl refused the run: " + view.get("run_stderr", "")[:500])
    for key, a_sel in ref["select"].items():
        w_sel = view["select"].get(key)
        if isinstance(a_sel, str):  # Ansible raised: wsusctl must refuse too
            if not (isinstance(w_sel, str) and w_sel.startswith("error")):
                problems.append("pattern %r: Ansible fails (%s), wsusctl selects %r" % (key, a_sel, w_sel))
            continue
        if not a_sel:  # ansible-playbook refuses a play with no hosts; wsusctl says "matched no hosts"
            if isinstance(w_sel, list) and w_sel:
                problems.append("pattern %r: Ansible selects nothing, wsusctl %r" % (key, w_sel))
            continue
        if a_sel != w_sel:
            problems.append("pattern %r: Ansible %r, wsusctl %r" % (key, a_sel, w_sel))
    compared = 0
    for host, a_conn in ref["connections"].items():
        if "error" in a_conn:
            problems.append("host %s: Ansible's winrm plugin failed: %s" % (host, a_conn["error"]))
            continue
        w_conn = view["connections"].get(host)
        if w_conn is None:
            continue  # not selected by the patterns of this case
        compared += 1
        want = dict(a_conn, transport=a_conn["transport"][0])
        if want != w_conn:
            problems.append("host %s connects differently: Ansible %r, wsusctl %r" % (host, want, w_conn))
        if len(a_conn["transport"]) > 1:
            notes.append("%s: Ansible falls back to %s" % (host, "/".join(a_conn["transport"][1:])))
    # wsusctl's own inventories name no connection plugin and mean WinRM; in one that names plugins for some
    # hosts, a host without one is an ssh host to Ansible and must be left out by wsusctl too.
    names_plugins = any("ansible_connection" in v for v in ref["list"]["_meta"]["hostvars"].values())
    for host, plugin in ref["plugins"].items():
        if names_plugins and str(plugin).split(".")[-1] != "winrm" and host in view["connections"]:
            problems.append("host %s uses ansible_connection %s but wsusctl would reach it over WinRM"
                            % (host, plugin))
    notes.insert(0, "%d selection(s), %d connection(s) compared" % (len(ref["select"]), compared))
    return problems, notes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--classpath", required=True, help="wsusctl.jar and the test classes (for CliBatch)")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    corpus = os.path.abspath(args.corpus)
    names = args.cases or sorted(d for d in os.listdir(corpus) if os.path.isfile(os.path.join(corpus, d, "case.yml")))
    root = tempfile.mkdtemp(prefix="wsusctl-invdiff-")
    try:
        cases = {}
        for n in names:
            with open(os.path.join(corpus, n, "case.yml")) as f:
                cases[n] = yaml.safe_load(f)
            os.makedirs(os.path.join(root, n))
        # wsusctl: every command line of every case in one JVM, while Ansible works on the cases.
        batch = Batch(args.classpath, root, "batch")
        plans = {n: wsusctl_requests(batch, os.path.join(corpus, n), cases[n], os.path.join(root, n)) for n in names}
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs + 1) as pool:
            wsusctl_results = pool.submit(batch.run)
            listings = dict(zip(names, pool.map(
                lambda n: ansible_listing(os.path.join(corpus, n), cases[n], os.path.join(root, n)), names)))
            refs = {}
            for n in names:
                refs[n] = listings[n]
                if refs[n]["rc"] == 0:
                    refs[n].update(ansible_api(os.path.join(corpus, n), cases[n], os.path.join(root, n)))
            results = wsusctl_results.result()
        retry = Batch(args.classpath, root, "retry")
        views = {n: wsusctl_view(plans[n], results, retry, os.path.join(corpus, n)) for n in names}
        retry_results = retry.run()
        for n in names:
            for limit, books, idx in views[n].pop("retries"):
                record(views[n], limit, books, retry_results[idx])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    results = []
    for n in names:
        try:
            problems, notes = compare(n, cases[n], refs[n], views[n])
        except Exception as e:  # a harness failure is a failed case, never a pass
            problems, notes = ["harness error: %r" % e], []
        results.append((n, cases[n], problems, notes))
        status = "ok  " if not problems else "FAIL"
        print("%s %-34s %-16s %s" % (status, n, cases[n].get("expect", "agree"), "; ".join(notes)))
        for p in problems:
            print("       " + p)
    failed = [r for r in results if r[2]]
    by = {}
    for _, case, problems, _ in results:
        if not problems:
            by[case.get("expect", "agree")] = by.get(case.get("expect", "agree"), 0) + 1
    print("\ninventory differential test: %d inventories; %d agree with ansible-inventory, %d refused by wsusctl on"
          " purpose (Ansible loads them), %d rejected by both; %d failed"
          % (len(results), by.get("agree", 0), by.get("wsusctl-refuses", 0), by.get("ansible-rejects", 0),
             len(failed)))
    for name, case, problems, _ in results:
        if case.get("expect") == "wsusctl-refuses" and not problems:
            print("  refused on purpose: %s: %s" % (name, case.get("reason", "")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
