#!/usr/bin/env bash
# Renders a wsusctl HTML report in headless Chromium and checks that a person would see it:
#   scripts/check-html-render.sh REPORT.html OUT.png
# Fails unless the rendered DOM names every host of the report (the page drops its raw data block once
# drawn, so a name in the DOM means the grid drew it) and the screenshot is a real PNG of non-trivial size.
# Installs Debian's chromium with apt-get when it is missing (CI runs as root on Debian).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 64
fi
report=$1
png=$2
[ -f "$report" ] || { echo "check-html-render: $report: no such file" >&2; exit 66; }

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$@" >&2 || { apt-get update -q >&2 && apt-get install -y -q "$@" >&2; }
}
browser=""
for b in chromium chromium-browser; do
  if need "$b"; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "check-html-render: installing Debian chromium" >&2
  apt_install chromium
  browser=chromium
fi
need python3 || apt_install python3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
abs_report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
url="file://$abs_report"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars
       --window-size=1400,900)

"$browser" "${flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=5000 \
  --dump-dom "$url" >"$work/dom.html" 2>"$work/dom.log" || {
  echo "check-html-render: chromium --dump-dom failed:" >&2; tail -20 "$work/dom.log" >&2; exit 1; }
mkdir -p "$(dirname "$png")"
abs_png=$(cd "$(dirname "$png")" && pwd)/$(basename "$png")
rm -f "$abs_png"
"$browser" "${flags[@]}" --user-data-dir="$(mktemp -d -p "$work")" --virtual-time-budget=5000 \
  --screenshot="$abs_png" "$url" >"$work/shot.log" 2>&1 || {
  echo "check-html-render: chromium --screenshot failed:" >&2; tail -20 "$work/shot.log" >&2; exit 1; }

python3 - "$report" "$work/dom.html" "$abs_png" <<'PY'
import html, json, re, struct, sys
report, dom_file, png = sys.argv[1:4]
src = open(report, encoding="utf-8").read()
m = re.search(r'<script id="report-data" type="application/json">(.*?)</script>', src, re.S)
if not m:
    sys.exit(f"check-html-render: {report}: no report-data block; not a wsusctl HTML report")
hosts = [h["name"] for h in json.loads(m.group(1))["hosts"]]
dom = open(dom_file, encoding="utf-8").read()
problems = []
if 'id="report-data"' in dom:
    problems.append("the page script did not run (its data block is still in the DOM)")
rendered = re.search(r'<body[^>]*data-rendered="(\d+)"', dom)
if not rendered or int(rendered.group(1)) != len(hosts):
    problems.append(f"body data-rendered is {rendered.group(1) if rendered else 'missing'}, expected {len(hosts)}")
missing = [h for h in hosts if html.escape(h, quote=False) not in dom]
if missing:
    problems.append(f"{len(missing)} of {len(hosts)} host names are not in the rendered DOM: {missing[:10]}")
with open(png, "rb") as f:
    head = f.read(24)
    f.seek(0, 2)
    size = f.tell()
if head[:8] != b"\x89PNG\r\n\x1a\n":
    problems.append(f"{png} is not a PNG")
else:
    w, h = struct.unpack(">II", head[16:24])
    if w < 400 or h < 300 or size < 20000:
        problems.append(f"{png} is {w}x{h}, {size} bytes: too small to show a report")
if problems:
    sys.exit("check-html-render: " + "; ".join(problems))
print(f"check-html-render: ok: {len(hosts)} hosts rendered, {png} {size} bytes")
PY
