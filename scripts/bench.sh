#!/usr/bin/env bash
# make bench: the fleet-scale benchmark (not a timed test). A full wsus-health.yml audit of N simulated WSUS
# servers (default N=100 and N=1000, 20 ms latency each way, 250 ms PowerShell start-up, --forks 100), the
# simulator and the audit in two separate JVMs so each one's CPU and memory can be read. Prints the table and
# writes it, with the machine and the date, into BENCHMARKS.md (between the bench markers).
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
# Bench.java runs from source (the JDK's single-file launcher) with the product jar on the class path (Jackson).
# shellcheck disable=SC2086
exec java -cp "$JAR" bench/Bench.java --update BENCHMARKS.md ${BENCH_ARGS:-}
