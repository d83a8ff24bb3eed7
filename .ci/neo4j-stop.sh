#!/usr/bin/env bash
# Stops the Neo4j started by .ci/neo4j-start.sh (pid in .neo4j/pid): SIGTERM, so the launcher
# shuts the DBMS down cleanly, then SIGKILL after NEO4J_STOP_TIMEOUT seconds (default 60).
# Exits 0 when nothing runs.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=$ROOT/.neo4j
PIDF=$STATE/pid
TIMEOUT=${NEO4J_STOP_TIMEOUT:-60}

say() { echo "neo4j-stop: $*" >&2; }

if [ ! -s "$PIDF" ]; then
  say "not running (no $PIDF)"
  exit 0
fi
pid=$(cat "$PIDF")
# Only ever signal our own launcher, never a process that reused the pid.
if ! kill -0 "$pid" 2>/dev/null || ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'lotgraph.neo4j.Launcher'; then
  say "not running (stale pid $pid)"
  rm -f "$PIDF" "$STATE/uri"
  exit 0
fi

kill -TERM "$pid"
t0=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  if [ $(( $(date +%s) - t0 )) -ge "$TIMEOUT" ]; then
    say "pid $pid still running after $TIMEOUT s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
rm -f "$PIDF" "$STATE/uri"
say "stopped pid $pid in $(( $(date +%s) - t0 )) s"
