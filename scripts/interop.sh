#!/usr/bin/env bash
# make interop: independent WinRM clients (Debian's pywinrm 0.3.0 and Ansible's winrm connection) against
# `wsusctl simulate`. Proves the simulator is a WinRM endpoint real clients accept, logging in with NTLM as to
# Windows (messages sealed over HTTP), and that they get what a Windows host would give them for the shipped
# check scripts. Exits non-zero on any mismatch.
# See interop/README.md for what is checked and why.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/wsusctl.jar
INVENTORY=interop/inventory.yml
PYTHON=/usr/bin/python3          # Debian's interpreter: python3-winrm lives in its dist-packages
PLAYBOOK_BIN=/usr/bin/ansible-playbook
SIM_START_TIMEOUT=60             # seconds for `simulate` to print its endpoints (includes key generation)
CLIENT_TIMEOUT=90                # seconds for each client run

say() { printf '\n=== %s\n' "$*"; }
fail() { printf 'interop: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites
if ! dpkg -s python3-winrm ansible >/dev/null 2>&1; then
    say "installing python3-winrm and ansible (Debian packages)"
    [ "$(id -u)" = 0 ] || fail "python3-winrm and ansible are missing and we are not root to install them"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q python3-winrm ansible >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q python3-winrm ansible >/dev/null; } \
        || fail "apt-get install python3-winrm ansible failed"
fi
[ -x "$PYTHON" ] && [ -x "$PLAYBOOK_BIN" ] || fail "$PYTHON or $PLAYBOOK_BIN missing after install"
[ -f "$JAR" ] || make build
[ -f "$JAR" ] || fail "$JAR was not built"

# A fresh password per run unless given; it reaches the simulator, pywinrm and Ansible through the
# environment only and is never printed.
if [ -z "${WSUSCTL_INTEROP_PASSWORD:-}" ]; then
    WSUSCTL_INTEROP_PASSWORD="ia-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 24)"
fi
export WSUSCTL_INTEROP_PASSWORD
# The simulator listens on 127.0.0.1: never send that through a proxy from the environment.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wsusctl-interop.XXXXXX")
SIM_PID=""
stop_simulator() {
    [ -n "$SIM_PID" ] || return 0
    if kill -0 "$SIM_PID" 2>/dev/null; then
        kill -INT "$SIM_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SIM_PID" 2>/dev/null || break; sleep 0.2; done
        if kill -0 "$SIM_PID" 2>/dev/null; then
            echo "interop: simulator $SIM_PID ignored SIGINT for 10 s; killing it" >&2
            kill -KILL "$SIM_PID" 2>/dev/null || true
        fi
    fi
    local rc=0
    wait "$SIM_PID" 2>/dev/null || rc=$?
    SIM_PID=""
    return "$rc"
}
cleanup() {
    stop_simulator || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
START=$(date +%s)

# ---------------------------------------------------------------- simulator, reference, scripts
say "starting: java -jar $JAR simulate -i $INVENTORY"
# Job control on for the launch: without it bash starts background jobs with SIGINT ignored, the JVM
# keeps it ignored, and `kill -INT` could not stop the simulator cleanly.
set -m
java -jar "$JAR" simulate -i "$INVENTORY" >"$WORK/endpoints" 2>"$WORK/simulate.log" &
SIM_PID=$!
set +m

# While it starts, in parallel: what wsusctl itself gets for the same checks on the same hosts (its own
# in-process simulator from the same inventory), and the exact script texts the clients will send.
# Short-lived JVMs: C1 only and the serial collector start faster.
QUICK_JAVA=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR")
( rc=0
  "${QUICK_JAVA[@]}" audit -i "$INVENTORY" interop/checks.yml --no-progress \
      --report-json "$WORK/reference.json" >"$WORK/reference.out" 2>&1 || rc=$?
  echo "$rc" >"$WORK/reference.rc" ) &
REF_PID=$!

mkdir "$WORK/scripts"
write_script() {  # NAME MODULE [ARGS...]: NAME.ps1 (script text) and NAME.cmdline (what wsusctl sends)
    local name=$1; shift
    "${QUICK_JAVA[@]}" script "$@" >"$WORK/scripts/$name.ps1" \
        && "${QUICK_JAVA[@]}" script "$@" --command-line >"$WORK/scripts/$name.cmdline"
}
pids=()
write_script wsus.services wsus.services & pids+=($!)
write_script iis.apppool.state iis.apppool.state --arg pool=WsusPool & pids+=($!)
write_script service.running service.running --arg name=WsusService & pids+=($!)
write_script wsus.sync wsus.sync --arg max_age_hours=48 & pids+=($!)
for p in "${pids[@]}"; do wait "$p" || fail "wsusctl script failed (see above)"; done

wait "$REF_PID" || true
say "reference: wsusctl audit -i $INVENTORY interop/checks.yml (wsusctl's own results, $(( $(date +%s) - START )) s)"
sed 's/^/  /' "$WORK/reference.out"
ref_rc=$(cat "$WORK/reference.rc" 2>/dev/null || echo missing)
# 2 = drift found (the broken host); anything else but 0 means wsusctl itself did not run
[ "$ref_rc" = 0 ] || [ "$ref_rc" = 2 ] || fail "reference audit exited $ref_rc"

deadline=$(( $(date +%s) + SIM_START_TIMEOUT ))
until grep -q '^# certificate ' "$WORK/endpoints" 2>/dev/null \
        && [ "$(grep -c '^interop-' "$WORK/endpoints")" -ge 4 ]; do
    kill -0 "$SIM_PID" 2>/dev/null || { cat "$WORK/simulate.log" >&2; fail "simulate exited before serving"; }
    [ "$(date +%s)" -lt "$deadline" ] || { cat "$WORK/simulate.log" >&2; fail "no endpoints after ${SIM_START_TIMEOUT}s"; }
    sleep 0.2
done
say "simulator endpoints ($(( $(date +%s) - START )) s)"
sed 's/^/  /' "$WORK/endpoints"
CERT=$(sed -n 's/^# certificate //p' "$WORK/endpoints")

# ---------------------------------------------------------------- pywinrm
say "pywinrm: run_cmd / run_ps against the simulated hosts ($(( $(date +%s) - START )) s)"
py_rc=0
timeout "$CLIENT_TIMEOUT" "$PYTHON" interop/pywinrm_check.py --endpoints "$WORK/endpoints" \
    --scripts "$WORK/scripts" --reference "$WORK/reference.json" --user 'LAB\interop' || py_rc=$?

# ---------------------------------------------------------------- ansible
say "ansible: raw tasks over the winrm connection ($(( $(date +%s) - START )) s)"
inv="$WORK/ansible-inventory.yml"
cp interop/ansible/inventory.yml.in "$inv"
while read -r name url; do
    case "$name" in interop-*) port=${url##*:}; port=${port%%/*}; sed -i "s|@${name}_PORT@|${port}|" "$inv" ;; esac
done <"$WORK/endpoints"
sed -i "s|@CERT@|${CERT}|" "$inv"
! grep -E -q '@(CERT|[a-z-]+_PORT)@' "$inv" || fail "a host of the ansible inventory got no port: $(grep -E '@[a-z-]+_PORT@' "$inv")"
# The checks as PowerShell for `raw`: the -Command text of wsusctl's self-contained command line.
"$PYTHON" - "$WORK/scripts" "$WORK/reference.json" >"$WORK/ansible-vars.json" <<'EOF'
import json, sys
d, ref = sys.argv[1], sys.argv[2]
head = 'powershell.exe -NoProfile -NonInteractive -Command "'
out = {"reference_file": ref}
for name in ("iis.apppool.state", "service.running", "wsus.sync"):
    line = open("%s/%s.cmdline" % (d, name), encoding="ascii").read().strip()
    assert line.startswith(head) and line.endswith('"'), "unexpected command line shape for " + name
    out["check_" + name.replace(".", "_")] = line[len(head):-1]
json.dump(out, sys.stdout)
EOF
ans_rc=0
: >"$WORK/ansible.cfg"   # an empty config: no ansible.cfg from the working directory or home applies
ANSIBLE_CONFIG="$WORK/ansible.cfg" ANSIBLE_NOCOLOR=1 ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_RETRY_FILES_ENABLED=False \
    ANSIBLE_CALLBACK_RESULT_FORMAT=yaml ANSIBLE_LOCAL_TEMP="$WORK/ansible-tmp" ANSIBLE_FORKS=3 \
    timeout "$CLIENT_TIMEOUT" "$PLAYBOOK_BIN" -v -i "$inv" -e "@$WORK/ansible-vars.json" \
    interop/ansible/playbook.yml || ans_rc=$?

# ---------------------------------------------------------------- stop, summary
say "stopping the simulator (SIGINT, $(( $(date +%s) - START )) s)"
sim_rc=0
stop_simulator || sim_rc=$?
echo "  simulate exited $sim_rc"
if grep -q -E 'ERROR|Exception' "$WORK/simulate.log"; then
    echo "  simulator log has errors:"; sed 's/^/    /' "$WORK/simulate.log"
    [ "$sim_rc" != 0 ] || sim_rc=1
fi

say "interop summary ($(( $(date +%s) - START )) s)"
echo "  pywinrm 0.3.0:           $([ $py_rc = 0 ] && echo PASS || echo "FAIL (exit $py_rc)")"
echo "  ansible (winrm, raw):    $([ $ans_rc = 0 ] && echo PASS || echo "FAIL (exit $ans_rc)")"
echo "  simulator clean stop:    $([ $sim_rc = 0 ] && echo PASS || echo "FAIL (exit $sim_rc)")"
[ $py_rc = 0 ] && [ $ans_rc = 0 ] && [ $sim_rc = 0 ]
