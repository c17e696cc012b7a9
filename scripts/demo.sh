#!/usr/bin/env bash
# make demo: audit, apply, audit again on the simulated lab fleet (inventory/lab.yml).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=target/demo
mkdir -p "$OUT"
STATE="$OUT/lab-state.json"
rm -f "$STATE"
# The lab's simulated hosts accept exactly this password; a fresh one each run shows that secrets
# travel through the environment only.
WSUSCTL_LAB_PASSWORD="demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
export WSUSCTL_LAB_PASSWORD
run() { bin/wsusctl "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

printf 'The lab takes NTLM and seals every WinRM message (Windows defaults: Negotiate, AllowUnencrypted=false).\n'
step "1/5 audit: a dry run finds every symptom of the troubleshooting article (changes nothing)"
run audit -i inventory/lab.yml playbooks/wsus-health.yml --sim-state "$STATE" --no-progress \
    --report-json "$OUT/audit-1.json" --report-html "$OUT/audit-1.html"
echo "exit code $? (2 = drift found)"

step "2/5 apply: fix what has a safe automatic fix, then verify each fix by checking again"
run apply -i inventory/lab.yml playbooks/wsus-health.yml --sim-state "$STATE" --no-progress --diff \
    --journal "$OUT/journal.jsonl" --report-json "$OUT/apply.json" --report-junit "$OUT/apply-junit.xml"
echo "exit code $? (2 = something still needs a person: report-only findings, approval, unreachable)"

step "3/5 apply the setup-rights playbook, whose sysadmin step carries approve: true"
run apply -i inventory/lab.yml playbooks/wsus-setup-sql-rights.yml --sim-state "$STATE" --no-progress \
    --limit lab-wsus06 --journal "$OUT/journal.jsonl"
echo "exit code $?"

step "4/5 apply the 503 playbook on lab-wsus03: its pool runs again, so its approved step starts a sync and watches it"
run apply -i inventory/lab.yml playbooks/wsus-sync-503.yml --sim-state "$STATE" --no-progress \
    --limit lab-wsus03 --journal "$OUT/journal.jsonl"
echo "exit code $?"

step "5/5 audit again: fixed hosts are compliant; what remains needs a person (or is unreachable)"
run audit -i inventory/lab.yml playbooks/wsus-health.yml --sim-state "$STATE" --no-progress \
    --report-json "$OUT/audit-2.json" --report-html "$OUT/audit-2.html"
echo "exit code $?"
printf '\nReports: %s/*.json, %s/*.html, JUnit %s/apply-junit.xml; change journal %s/journal.jsonl\n' \
    "$OUT" "$OUT" "$OUT" "$OUT"
