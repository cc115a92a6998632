#!/usr/bin/env bash
# Starts a throw-away Neo4j Community server for tests, from the jars that
# fetch.sh puts in .neo4j/lib (no tarball, no Docker, no neo4j.com):
#
#   bolt://127.0.0.1:<free port>, user neo4j, password blast-radius-test,
#   HTTP/HTTPS off, loopback only, data and logs under .neo4j/home/.
#
# Prints the Bolt URI as the last line on stdout (progress goes to stderr),
# and leaves the pid in .neo4j/pid and the URI in .neo4j/uri. If a server
# started by this script is already running and answering, it is reused.
# A fresh start wipes .neo4j/home/data (it is a test server).
#
# Environment: NEO4J_HEAP (JVM -Xmx, default 2g), NEO4J_PAGECACHE (default
# 256m), NEO4J_BOLT_PORT (default: a free port), NEO4J_START_TIMEOUT (s, 120).
# Stop it with scripts/neo4j/stop.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="$root/.neo4j"
lib="$state/lib"
home="$state/home"
conf_dir="$home/conf"
console_log="$home/logs/console.log"

user=neo4j
password=blast-radius-test
heap="${NEO4J_HEAP:-2g}"
pagecache="${NEO4J_PAGECACHE:-256m}"
timeout="${NEO4J_START_TIMEOUT:-120}"

log() { echo "neo4j: $*" >&2; }
die() { log "error: $*"; exit 1; }

command -v java >/dev/null 2>&1 || die "java (17 or 21) is not on PATH"
command -v node >/dev/null 2>&1 || die "node is not on PATH (needed to pick a port and to wait for Bolt)"
[ -d "$root/node_modules/neo4j-driver" ] || die "node_modules/neo4j-driver is missing: run npm ci first"
bash "$here/fetch.sh"

mkdir -p "$state"
exec 9>"$state/start.lock"
flock 9

# True when $1 is the pid of a Neo4j server started by this script for this checkout.
is_ours() {
  local pid="$1" cmd
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *org.neo4j.server.CommunityEntryPoint* && "$cmd" == *"--home-dir=$home "* ]]
}

wait_bolt() { # uri pid timeout -> prints the server version
  node "$here/wait.mjs" --uri "$1" --user "$user" --password "$password" --pid "$2" --timeout "$3"
}

if [ -f "$state/pid" ] && [ -f "$state/uri" ]; then
  pid="$(cat "$state/pid")"
  uri="$(cat "$state/uri")"
  if is_ours "$pid"; then
    # A start in progress holds the lock, so this server has already answered once.
    if version="$(wait_bolt "$uri" "$pid" 20)"; then
      log "reusing Neo4j $version (pid $pid) at $uri"
      echo "$uri"
      exit 0
    fi
    log "server pid $pid is running but does not answer at $uri: restarting it"
    bash "$here/stop.sh" >&2
  fi
  rm -f "$state/pid" "$state/uri"
fi

free_port() {
  node -e '
    const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

write_conf() { # port
  cat >"$conf_dir/neo4j.conf" <<EOF
# Written by scripts/neo4j/start.sh on every start: edit the script, not this file.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$1
server.bolt.advertised_address=127.0.0.1:$1
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
server.memory.pagecache.size=$pagecache
db.tx_log.rotation.retention_policy=2 files
# Netty's graceful-shutdown quiet period (default 5 s per Bolt event loop
# group, 10 s in all): a test server need not wait for stragglers.
internal.dbms.bolt.netty_server_shutdown_quiet_period=0
server.directories.data=$home/data
server.directories.logs=$home/logs
server.directories.run=$home/run
server.directories.import=$home/import
server.directories.plugins=$home/plugins
server.directories.licenses=$home/licenses
server.directories.lib=$lib
EOF
}

# The JVM options the official launcher takes from the default neo4j.conf
# (server.jvm.additional) for 5.x; -XX:+AlwaysPreTouch is left out so that a
# big heap does not slow the start down.
jvm_opts=(
  -Xms"$heap"
  -Xmx"$heap"
  -XX:+UseG1GC
  -XX:-OmitStackTraceInFastThrow
  -XX:+UnlockExperimentalVMOptions
  -XX:+TrustFinalNonStaticFields
  -XX:+DisableExplicitGC
  -XX:+ExitOnOutOfMemoryError
  -Djdk.nio.maxCachedBufferSize=1024
  -Dio.netty.tryReflectionSetAccessible=true
  -Djdk.tls.ephemeralDHKeySize=2048
  -Djdk.tls.rejectClientInitiatedRenegotiation=true
  -XX:FlightRecorderOptions=stackdepth=256
  -XX:+UnlockDiagnosticVMOptions
  -XX:+DebugNonSafepoints
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --enable-native-access=ALL-UNNAMED
  -Dlog4j2.disable.jmx=true
  -Dlog4j.layout.jsonTemplate.maxStringLength=32768
  -Dfile.encoding=UTF-8
)

start_ms=$(date +%s%3N)
for attempt in 1 2 3; do
  port="${NEO4J_BOLT_PORT:-$(free_port)}"
  uri="bolt://127.0.0.1:$port"

  # Fresh store each start, so the initial password below always applies.
  rm -rf "$home/data" "$home/run" "$home/logs"
  mkdir -p "$conf_dir" "$home/data" "$home/logs" "$home/run" "$home/import" "$home/plugins" "$home/licenses"
  write_conf "$port"

  # neo4j-admin dbms set-initial-password, run from the same jars: it writes
  # data/dbms/auth.ini, which the server reads when it creates the system
  # database on its first start.
  if ! NEO4J_HOME="$home" NEO4J_CONF="$conf_dir" java -cp "$lib/*" org.neo4j.cli.AdminTool \
      dbms set-initial-password "$password" >"$home/logs/admin.log" 2>&1; then
    cat "$home/logs/admin.log" >&2
    die "neo4j-admin dbms set-initial-password failed"
  fi

  log "starting Neo4j on $uri (heap $heap, page cache $pagecache) ..."
  # 8>&- 9>&-: the server must not inherit the lock files' descriptors.
  java "${jvm_opts[@]}" -cp "$lib/*" org.neo4j.server.CommunityEntryPoint \
    --home-dir="$home" --config-dir="$conf_dir" --console-mode \
    </dev/null >"$console_log" 2>&1 8>&- 9>&- &
  pid=$!
  echo "$pid" >"$state/pid"
  echo "$uri" >"$state/uri"

  if version="$(wait_bolt "$uri" "$pid" "$timeout")"; then
    log "Neo4j $version is up (pid $pid) after $(( ($(date +%s%3N) - start_ms) ))ms; logs in $home/logs"
    echo "$uri"
    exit 0
  fi

  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  rm -f "$state/pid" "$state/uri"
  if [ -z "${NEO4J_BOLT_PORT:-}" ] && grep -qi 'address already in use' "$console_log" "$home/logs"/*.log 2>/dev/null; then
    log "port $port was taken meanwhile; trying another one"
    continue
  fi
  break
done

log "Neo4j did not come up; last lines of $console_log:"
tail -n 40 "$console_log" >&2 || true
[ -f "$home/logs/debug.log" ] && { log "last errors in $home/logs/debug.log:"; grep -E 'ERROR|Exception' "$home/logs/debug.log" | tail -n 20 >&2 || true; }
exit 1
