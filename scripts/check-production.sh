#!/usr/bin/env bash
# The production path, checked in a clean folder: the tracked files plus an existing build
# (dist/), `npm ci --omit=dev` (no tsx, tsc or vite), then `npm start`, /healthz and / answer,
# and the `blast-radius` command runs the compiled CLI. Builds first when dist/ is missing.
# Usage: bash scripts/check-production.sh   (prints "production check: ok" on success)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if [ ! -f dist/server/cli/main.js ] || [ ! -f dist/web/index.html ]; then
  npm run build
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/br-production-XXXXXX")"
server_pid=""
cleanup() {
  # the server runs in its own process group (setsid): stop that group, nothing else
  if [ -n "$server_pid" ]; then kill -TERM -- "-$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# What a clone holds (tracked files that exist) plus the build, nothing from node_modules.
git ls-files -z | while IFS= read -r -d '' f; do
  if [ -f "$f" ]; then printf '%s\0' "$f"; fi
done | xargs -0 cp --parents -t "$work"
cp -R dist "$work/dist"
cd "$work"

# npm's cache is usually warm: try offline first, then the registry.
npm ci --omit=dev --offline --no-audit --no-fund --loglevel=error \
  || npm ci --omit=dev --no-audit --no-fund --loglevel=error
for dev in tsx typescript vite vitest; do
  if [ -e "node_modules/$dev" ]; then echo "production check: $dev is installed by --omit=dev" >&2; exit 1; fi
done

# The compiled CLI, without tsx.
node bin/blast-radius.js validate fixtures/demo >/dev/null

log="$work/server.log"
PORT=0 HOST=127.0.0.1 BLAST_RADIUS_DATA="$work/data" setsid npm start >"$log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  url="$(grep -o '"url":"http://[^"]*"' "$log" | head -1 | sed 's/"url":"\(.*\)"/\1/' || true)"
  if [ -n "$url" ]; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ -z "$url" ]; then
  echo "production check: npm start did not serve" >&2
  cat "$log" >&2
  exit 1
fi
if grep -q 'dist/ is incomplete' "$log"; then
  echo "production check: npm start tried to build" >&2
  exit 1
fi

check() { # path, expected text
  local body
  body="$(curl -fsS --max-time 10 "$url$1")" || { echo "production check: GET $1 failed" >&2; cat "$log" >&2; exit 1; }
  case "$body" in
    *"$2"*) ;;
    *) echo "production check: GET $1 lacks '$2': $body" >&2; exit 1 ;;
  esac
}
check /healthz ok
check / '<script'
check /api/v1/nodes policy-agent
echo "production check: ok ($url)"
