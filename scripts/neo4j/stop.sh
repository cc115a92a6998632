#!/usr/bin/env bash
# Stops the Neo4j test server started by scripts/neo4j/start.sh (pid in
# .neo4j/pid) and waits for it to exit: SIGTERM (clean shutdown), then SIGKILL
# after NEO4J_STOP_TIMEOUT seconds (default 60). Does nothing if it is not running.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="$root/.neo4j"
home="$state/home"
timeout="${NEO4J_STOP_TIMEOUT:-60}"

if [ ! -f "$state/pid" ]; then
  echo "neo4j: not running (no $state/pid)" >&2
  exit 0
fi
pid="$(cat "$state/pid")"

is_ours() {
  local cmd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *org.neo4j.server.CommunityEntryPoint* && "$cmd" == *"--home-dir=$home "* ]]
}

if ! is_ours; then
  echo "neo4j: pid $pid is not running (or is not our server); cleaning up" >&2
  rm -f "$state/pid" "$state/uri"
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
deadline=$(( $(date +%s) + timeout ))
while is_ours; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "neo4j: pid $pid still running after ${timeout}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
    break
  fi
  sleep 0.2
done
rm -f "$state/pid" "$state/uri"
echo "neo4j: stopped (pid $pid)" >&2
