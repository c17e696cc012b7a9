#!/usr/bin/env bash
# Checks that every shipped PowerShell script (src/main/resources/org/wsusctl/scripts/*.ps1) parses with
# the tree-sitter PowerShell grammar, alone and in the batch shape wsusctl sends to a host.
# Needs node (18+) and npm; the grammar comes from npm as WebAssembly, so no compiler is involved.
# Runs the checker's self-test first: a checker that cannot reject broken scripts proves nothing.
# Usage: scripts/check-ps-syntax.sh [FILE.ps1 ...]   (default: every shipped script)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL="$ROOT/tools/ps-syntax"

for cmd in node npm; do
  if ! command -v "$cmd" >/dev/null 2>&1; then
    echo "check-ps-syntax: '$cmd' not found on PATH; install Node.js 18+ with npm" >&2
    exit 2
  fi
done

# --ignore-scripts: tree-sitter-powershell's install hook only sets up its native binding, which is not
# used here (the .wasm grammar is), so skipping it keeps a missing compiler or prebuild from mattering.
if ! (cd "$TOOL" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null); then
  echo "check-ps-syntax: 'npm ci' failed in $TOOL (is the npm registry reachable?)" >&2
  exit 2
fi

node "$TOOL/check.mjs" --self-test
node "$TOOL/check.mjs" "$@"
