#!/usr/bin/env bash
# Screenshot of the demo's HTML report for the README, with Debian's headless Chromium (apt-get install chromium).
# Usage: scripts/report-screenshot.sh [report.html] [out.jpg]   (after `pnpm demo`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
report=${1:-$root/.stack/demo/report/index.html}
out=${2:-$root/docs/demo-report.jpg}
command -v chromium >/dev/null || { echo "chromium not found: apt-get install -y chromium" >&2; exit 2; }
[ -f "$report" ] || { echo "no report at $report: run pnpm demo first" >&2; exit 2; }
profile=$(mktemp -d)
png=$(mktemp --suffix=.png)
trap 'rm -rf "$profile" "$png"' EXIT
# The background-networking flags keep Chromium from reaching for Google's hosts, which this machine cannot reach.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --window-size=1400,1500 --screenshot="$png" "file://$report" 2>/dev/null
mkdir -p "$(dirname "$out")"
# sharp is a dependency of packages/vision; resolve it from there rather than adding it to the root.
node --input-type=module -e "
import { createRequire } from 'node:module';
const sharp = createRequire('$root/packages/vision/package.json')('sharp');
await sharp('$png').jpeg({ quality: 78, mozjpeg: true }).toFile('$out');
"
echo "screenshot: $out ($(du -k "$out" | cut -f1) KiB)"
