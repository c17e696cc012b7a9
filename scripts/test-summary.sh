#!/usr/bin/env bash
# Sums the Surefire and Failsafe (*IT) reports of the last `mvn verify` into one closing line (Maven runs quiet in make test).
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
files=(target/surefire-reports/TEST-*.xml target/failsafe-reports/TEST-*.xml)
[ ${#files[@]} -gt 0 ] || { echo "test-summary: no Surefire reports found" >&2; exit 1; }
total=0; failed=0; skipped=0
for f in "${files[@]}"; do
  head=$(grep -m1 -o '<testsuite [^>]*>' "$f")
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$head")
  fl=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$head")
  e=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$head")
  s=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$head")
  total=$((total + ${t:-0})); failed=$((failed + ${fl:-0} + ${e:-0})); skipped=$((skipped + ${s:-0}))
done
echo "Java tests (${#files[@]} classes):"
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
