#!/usr/bin/env bash
# make test-browser: writes a report from a quick run, renders report.html in headless
# Chromium and fails on a blank page or on any request leaving the file. The checks are first
# run on a page that loads from outside and on a blank page, which they must reject: a check
# that cannot fail proves nothing.
# Usage: tests/browser_check.sh BUILD_DIR   (leaves BUILD_DIR/browser-check/report.png to look at)
set -euo pipefail
build=$(cd "${1:?usage: browser_check.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$build/browser-check
rm -rf "$work"
mkdir -p "$work"

# Renders $1 (an HTML file) to the PNG $2, logging the network to $3. The host resolver maps
# every name to nothing, so even a request that slipped through could not leave the machine.
render() {
  local profile
  profile=$(mktemp -d)
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --host-resolver-rules="MAP * ~NOTFOUND" \
    --log-net-log="$3" --window-size=1280,3000 --screenshot="$2" "file://$1" >/dev/null 2>&1
  rm -rf "$profile"
}

echo "test-browser: negative controls (these must be rejected)"
cat >"$work/outside.html" <<'HTML'
<!DOCTYPE html><html><body><p>loads from outside</p><img src="http://example.com/a.png">
<div style="background:url(https://example.org/b.png)">x</div></body></html>
HTML
printf '<!DOCTYPE html><html><body></body></html>\n' >"$work/blank.html"
render "$work/outside.html" "$work/outside.png" "$work/outside-net.json"
render "$work/blank.html" "$work/blank.png" "$work/blank-net.json"
if python3 "$here/check_offline_html.py" "$work/outside.html" 2>/dev/null; then
  echo "test-browser: check_offline_html.py missed external references" >&2; exit 1
fi
if python3 "$here/check_net_log.py" "$work/outside-net.json" 2>/dev/null; then
  echo "test-browser: check_net_log.py missed the page's requests" >&2; exit 1
fi
if python3 "$here/check_png.py" "$work/blank.png" 2>/dev/null; then
  echo "test-browser: check_png.py passed a blank page" >&2; exit 1
fi

echo "test-browser: quick run and report"
"$build/ratebench" run --all --threads "$(nproc)" --out "$work/results" >/dev/null || [ $? -eq 1 ]
"$build/ratebench" report "$work/results" --out "$work/report"
render "$work/report/report.html" "$work/report.png" "$work/net.json"
python3 "$here/check_offline_html.py" "$work/report/report.html"
python3 "$here/check_net_log.py" "$work/net.json"
python3 "$here/check_png.py" "$work/report.png"
echo "test-browser: passed; screenshot $work/report.png"
