#!/usr/bin/env bash
# The README's promise on a machine with only Node 20 and npm, checked on this one: a fresh
# clone of HEAD, in a private mount namespace where the optional system parts are hidden
# (socat, Java, Chromium, pcscd cannot run; no system CJK font), must pass
#   npm install && npm start   (exit 0, reports/latest/allure-report/index.html written)
#   npm test                   (exit 0)
# Needs root (unshare -m); where that is not allowed it says so and exits 0 without checking.
set -uo pipefail
top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel) || exit 1
if ! unshare -m true 2>/dev/null; then
  echo "fresh-machine-check: skipped — unshare -m is not permitted here (needs root / CAP_SYS_ADMIN)"
  exit 0
fi
work=$(mktemp -d /tmp/posbench-fresh-XXXXXX)
trap 'rm -rf "$work"' EXIT
git clone -q "$top" "$work/posbench" || exit 1
exec unshare -m bash -euo pipefail -c '
  hide() { for f in "$@"; do if [ -e "$f" ]; then if [ -d "$f" ]; then mount -t tmpfs none "$f"; else mount --bind /dev/null "$f"; fi; fi; done; }
  for t in socat java chromium chromium-browser pcscd; do p=$(command -v "$t" 2>/dev/null || true); [ -n "$p" ] && hide "$(readlink -f "$p")" "$p"; done
  hide /usr/lib/jvm /usr/lib/chromium /usr/share/fonts/truetype/wqy /usr/share/fonts/opentype/noto /usr/share/fonts/truetype/arphic
  for t in socat java chromium pcscd; do if "$t" --version >/dev/null 2>&1; then echo "fresh-machine-check: $t still runs" >&2; exit 1; fi; done
  cd "'"$work"'/posbench"
  echo "fresh-machine-check: npm install (socat, java, chromium, pcscd and the CJK font hidden)"
  npm install --no-audit --no-fund >/dev/null
  echo "fresh-machine-check: npm start"
  npm start >"'"$work"'/start.log" 2>&1 || { tail -40 "'"$work"'/start.log"; echo "fresh-machine-check: npm start failed" >&2; exit 1; }
  tail -8 "'"$work"'/start.log"
  test -s reports/latest/allure-report/index.html || { echo "fresh-machine-check: no reports/latest/allure-report/index.html" >&2; exit 1; }
  echo "fresh-machine-check: npm test"
  npm test >"'"$work"'/test.log" 2>&1 || { tail -60 "'"$work"'/test.log"; echo "fresh-machine-check: npm test failed" >&2; exit 1; }
  grep -E "^ℹ (pass|fail|skipped)|scenarios \(" "'"$work"'/test.log"
  echo "fresh-machine-check: passed"
'
