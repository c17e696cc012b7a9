#!/usr/bin/env bash
# make bench: the fleet-scale benchmark (not a timed test). A full wsus-health.yml audit of N simulated WSUS
# servers (default N=100 and N=1000, 20 ms latency each way, 250 ms PowerShell start-up, --forks 100), the
# simulator and the audit in two separate JVMs so each one's CPU and memory can be read; at N=100 also Ansible
# side by side (forks 50, alternated) and a one-host audit (java -jar and bin/wsusctl); at N=1000 also
# --forks 500; then N=100 with the realistic host-side costs, batched and --no-batch. Prints the tables and
# writes them, with the machine and the date, into BENCHMARKS.md (between the bench markers).
# Options are passed through to bench/Bench.java, e.g.
#   BENCH_ARGS="--hosts 100 --no-batch-hosts none" make bench
# Linux only: it reads /proc.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/wsusctl.jar
if [ ! -f "$JAR" ]; then
    echo "bench: $JAR is missing; run 'make build' first" >&2
    exit 1
fi
if [ ! -r /proc/self/stat ]; then
    echo "bench: needs Linux /proc to read each process's CPU time and memory" >&2
    exit 1
fi
# The side-by-side run with Ansible (issue 15) needs Debian's ansible and python3-winrm, installed as `make interop`
# installs them; without them (not root, no apt) the bench says so and skips that part.
if ! dpkg -s python3-winrm ansible >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "bench: installing python3-winrm and ansible (Debian packages) for the side-by-side run"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q python3-winrm ansible >/dev/null \
            || { apt-get update -q >/dev/null && apt-get install -y -q python3-winrm ansible >/dev/null; } \
            || echo "bench: apt-get install python3-winrm ansible failed; the side-by-side run will skip Ansible" >&2
    else
        echo "bench: python3-winrm and ansible are missing and cannot be installed here; the side-by-side run will skip Ansible" >&2
    fi
fi
# Bench.java runs from source (the JDK's single-file launcher) with the product jar on the class path (Jackson).
# shellcheck disable=SC2086
exec java -cp "$JAR" bench/Bench.java --update BENCHMARKS.md ${BENCH_ARGS:-}
