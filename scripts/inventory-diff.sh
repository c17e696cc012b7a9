#!/usr/bin/env bash
# The inventory differential test (issue 13): every inventory of src/test/resources/inventory-corpus is loaded
# by Ansible (ansible-inventory, its InventoryManager and its winrm connection plugin) and by wsusctl, and the
# hosts, groups, host order, pattern selections and connection settings must agree, or both must refuse the
# inventory, or wsusctl must refuse it for the reason the case names. See interop/README.md.
# Needs Debian's ansible and python3-winrm (installed with apt-get when run as root, as make interop does);
# otherwise it says clearly that it was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/wsusctl.jar
PYTHON=/usr/bin/python3   # Debian's interpreter: Ansible and pywinrm live in its dist-packages

if ! dpkg -s ansible python3-winrm >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "inventory differential test: SKIPPED: Debian's ansible and python3-winrm are not installed and we" \
             "are not root to install them (apt-get install ansible python3-winrm, then make test)"
        exit 0
    fi
    echo "inventory differential test: installing ansible and python3-winrm (Debian packages)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q ansible python3-winrm >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q ansible python3-winrm >/dev/null; } \
        || { echo "inventory differential test: apt-get install ansible python3-winrm failed" >&2; exit 1; }
fi
[ -f "$JAR" ] || make build
# CliBatch (test code) runs the corpus's ~150 command lines in one JVM; make test has compiled it already.
[ -f target/test-classes/org/wsusctl/inventory/CliBatch.class ] || mvn -B -ntp -q test-compile
START=$(date +%s)
"$PYTHON" interop/inventory_diff.py --classpath "$JAR:target/test-classes" --corpus src/test/resources/inventory-corpus "$@"
echo "inventory differential test: $(( $(date +%s) - START )) s"
