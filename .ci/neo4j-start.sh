#!/usr/bin/env bash
# Builds (when needed) and starts the in-process Neo4j 5.26 Community of graph/neo4j/server, waits
# until Bolt answers and prints `NEO4J_URI=bolt://127.0.0.1:PORT` on stdout (nothing else), so that
#   eval "$(bash .ci/neo4j-start.sh)"; export NEO4J_URI
# works. Idempotent: when our server already runs, it prints its URI again.
#
#   --foreground   run in this terminal until Ctrl-C (npm run neo4j:dev)
#   --port N       Bolt port (default $NEO4J_PORT, else any free port)
#   --data DIR     data directory (default .neo4j/data)
# env: NEO4J_PASSWORD (default lotgraph-dev), NEO4J_START_TIMEOUT (s, default 120),
#      NEO4J_JAVA_OPTS (default -Xmx1g), NEO4J_PAGECACHE (default 512m),
#      LOTGRAPH_NEO4J_CDS=0|1 (class-data archive; off when CI=true)
# State in .neo4j/: pid, uri, neo4j.log (launcher), build.log (Maven), launcher.jsa (CDS archive).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRV=$ROOT/graph/neo4j/server
STATE=$ROOT/.neo4j
JAR=$SRV/target/lotgraph-neo4j-server.jar
PLUGINS=$SRV/target/plugins
CPF=$SRV/target/classpath.txt
PIDF=$STATE/pid
URIF=$STATE/uri
LOG=$STATE/neo4j.log
TIMEOUT=${NEO4J_START_TIMEOUT:-120}

foreground=0
port=${NEO4J_PORT:-0}
data=$STATE/data
while [ $# -gt 0 ]; do
  case "$1" in
    --foreground) foreground=1 ;;
    --port) port=${2:?--port needs a value}; shift ;;
    --data) data=${2:?--data needs a value}; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "neo4j-start: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "neo4j-start: $*" >&2; }
die() { say "$*"; exit 1; }

mkdir -p "$STATE"
command -v java >/dev/null || die "java not found: Neo4j 5.26 needs a Java 17 runtime (apt-get install openjdk-17-jdk-headless)"

# One start at a time: several test runs may ask for the server together.
exec 9>"$STATE/start.lock"
flock -w "$TIMEOUT" 9 || die "another neo4j-start.sh holds $STATE/start.lock"

# Is our launcher (not a recycled pid) running?
running_pid() {
  [ -s "$PIDF" ] || return 1
  local pid; pid=$(cat "$PIDF")
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'lotgraph.neo4j.Launcher' || return 1
  echo "$pid"
}

if pid=$(running_pid); then
  [ "$foreground" = 1 ] && die "already running (pid $pid, $(cat "$URIF" 2>/dev/null)); stop it with bash .ci/neo4j-stop.sh"
  [ -s "$URIF" ] || die "pid $pid runs but $URIF is missing; stop it with bash .ci/neo4j-stop.sh"
  say "already running (pid $pid)"
  cat "$URIF"
  exit 0
fi
rm -f "$PIDF" "$URIF"

# Build when the jar or the classpath is missing, older than the sources, or names a jar that is
# gone (a cleaned ~/.m2).
needs_build() {
  [ -s "$JAR" ] && [ -s "$CPF" ] && [ -s "$PLUGINS/lotgraph-neo4j-plugin.jar" ] || return 0
  [ -n "$(find "$SRV/pom.xml" "$SRV/src" -newer "$JAR" -print -quit)" ] && return 0
  local IFS=:; local j
  for j in $(cat "$CPF"); do [ -e "$j" ] || return 0; done
  return 1
}
if needs_build; then
  command -v mvn >/dev/null || die "mvn not found: the launcher is built with Maven (apt-get install maven)"
  say "building the launcher (Maven; the first build downloads Neo4j into ~/.m2)"
  t0=$(date +%s)
  if ! (cd "$SRV" && mvn -q -B -Dstyle.color=never package) > "$STATE/build.log" 2>&1; then
    tail -n 40 "$STATE/build.log" >&2
    die "Maven build failed (full log: $STATE/build.log)"
  fi
  # Maven leaves an unchanged classpath.txt (and jar) alone: stamp them as fresh.
  touch "$JAR" "$CPF" "$PLUGINS/lotgraph-neo4j-plugin.jar"
  say "built in $(( $(date +%s) - t0 )) s"
fi

# Flags from Neo4j's own server defaults that matter for speed, minus AlwaysPreTouch (slow start).
JAVA_FLAGS=(${NEO4J_JAVA_OPTS:--Xmx1g} -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow
  -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields -XX:+DisableExplicitGC
  -XX:+ExitOnOutOfMemoryError -Djdk.nio.maxCachedBufferSize=1024
  -Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.disable.jmx=true
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)

# AppCDS: the first run records the ~10k classes Neo4j loads and dumps them at exit; later starts
# map that archive and need about a third less CPU. Pointless for a one-shot CI run.
cds_default=1; [ "${CI:-}" = true ] && cds_default=0
JSA=$STATE/launcher.jsa
if [ "${LOTGRAPH_NEO4J_CDS:-$cds_default}" = 1 ]; then
  if [ -s "$JSA" ] && [ "$JSA" -nt "$JAR" ] && [ "$JSA" -nt "$CPF" ] && [ "$JSA" -nt "$PLUGINS/lotgraph-neo4j-plugin.jar" ]; then
    JAVA_FLAGS+=(-XX:SharedArchiveFile="$JSA" -Xshare:auto)
  else
    rm -f "$JSA"
    # -Xlog: the dump lists every class it skips on stdout.
    JAVA_FLAGS+=(-XX:ArchiveClassesAtExit="$JSA" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
fi

# The plugin jar is on the classpath too, as a Neo4j server puts plugins/*.jar there: its kernel
# extension (the trace projection) is found by the service loader, and the procedures, which the
# plugin loader resolves through this class loader first, share the extension's classes.
CMD=(java "${JAVA_FLAGS[@]}" -cp "$JAR:$PLUGINS/lotgraph-neo4j-plugin.jar:$(cat "$CPF")" lotgraph.neo4j.Launcher
  --data "$data" --port "$port" --page-cache "${NEO4J_PAGECACHE:-512m}" --uri-file "$URIF" --plugins "$PLUGINS")

if [ "$foreground" = 1 ]; then
  echo $$ > "$PIDF"
  say "starting in the foreground (data $data); Ctrl-C stops it"
  exec 9>&-
  # exec: the launcher keeps this pid; --stop-with-parent: it goes when npm goes.
  exec "${CMD[@]}" --stop-with-parent
fi

: > "$LOG"
# setsid: the server outlives this script and the shell that ran it; it gets no stdin.
setsid "${CMD[@]}" < /dev/null >> "$LOG" 2>&1 9>&- &
pid=$!
echo "$pid" > "$PIDF"

fail() {
  say "$1"
  tail -n 30 "$LOG" | sed 's/^/  | /' >&2
  kill -TERM "$pid" 2>/dev/null || true
  rm -f "$PIDF"
  exit 1
}

t0=$(date +%s)
uri=
while :; do
  # The launcher writes $URIF (atomically) once Bolt is bound and the password is set.
  [ -s "$URIF" ] && uri=$(grep -m1 '^NEO4J_URI=' "$URIF" || true)
  [ -n "$uri" ] && break
  kill -0 "$pid" 2>/dev/null || fail "the launcher exited before Bolt was ready (log: $LOG)"
  [ $(( $(date +%s) - t0 )) -lt "$TIMEOUT" ] || fail "Bolt not ready after $TIMEOUT s (log: $LOG)"
  sleep 0.2
done

# The launcher prints the URI after Bolt is bound; check the port answers all the same.
hostport=${uri#NEO4J_URI=bolt://}
(exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null || fail "nothing answers on $hostport"
say "ready in $(( $(date +%s) - t0 )) s (pid $pid, log $LOG)"
echo "$uri"
