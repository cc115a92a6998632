#!/usr/bin/env bash
# Copies the jars of a Neo4j Community server (version pinned in pom.xml, next
# to this script) from Maven Central into .neo4j/lib. Idempotent: does nothing
# when that version is already there. Needs java (17+) and mvn on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="$root/.neo4j"
lib="$state/lib"

version="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$here/pom.xml" | head -n1)"
if [ -z "$version" ]; then
  echo "neo4j fetch: cannot read <neo4j.version> from $here/pom.xml" >&2
  exit 1
fi
stamp="$lib/.complete-$version"
[ -f "$stamp" ] && exit 0

missing=()
command -v java >/dev/null 2>&1 || missing+=("java (JDK/JRE 17 or 21, e.g. apt-get install openjdk-17-jre-headless)")
command -v mvn >/dev/null 2>&1 || missing+=("mvn (e.g. apt-get install maven)")
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'neo4j fetch: missing on PATH: %s\n' "${missing[@]}" >&2
  exit 1
fi

mkdir -p "$state"
exec 8>"$state/fetch.lock"
flock 8
# Another fetch may have finished while we waited for the lock.
[ -f "$stamp" ] && exit 0

tmp="$state/lib.tmp.$$"
log="$state/fetch.log"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
echo "neo4j fetch: downloading Neo4j $version jars (Maven Central) into $lib ..." >&2
if ! mvn -q -B -Dstyle.color=never -f "$here/pom.xml" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >"$log" 2>&1; then
  echo "neo4j fetch: mvn failed; its output ($log):" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
if [ ! -f "$tmp/neo4j-$version.jar" ] || [ ! -f "$tmp/neo4j-command-line-$version.jar" ]; then
  echo "neo4j fetch: mvn succeeded but neo4j-$version.jar / neo4j-command-line-$version.jar are missing in $tmp" >&2
  exit 1
fi
rm -rf "$lib"
mv "$tmp" "$lib"
touch "$stamp"
echo "neo4j fetch: $(ls "$lib"/*.jar | wc -l) jars in $lib" >&2
