/**
 * Gives the Neo4j tests a server when none is configured, so that `npm test` alone runs every
 * test: it starts the in-process dev Neo4j (`.ci/neo4j-start.sh`: Java 17 and Maven; the first run
 * downloads Neo4j into ~/.m2) and stops it at the end, unless it was already running. With
 * NEO4J_URI or LOTGRAPH_TEST_NEO4J_URI set (as `.ci/run` does) it does nothing; with
 * LOTGRAPH_TEST_NEO4J=off it starts nothing (the Neo4j tests then fail, saying how to start one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = import.meta.dirname;

/** True when the dev server of this checkout runs (its pid file names a live process). */
function devServerRuns(): boolean {
  const pidFile = join(ROOT, '.neo4j', 'pid');
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
    return true;
  } catch {
    return false;
  }
}

export default function setup(): (() => void) | undefined {
  if (process.env.NEO4J_URI || process.env.LOTGRAPH_TEST_NEO4J_URI || process.env.LOTGRAPH_TEST_NEO4J === 'off') return undefined;
  const ours = !devServerRuns();
  process.stderr.write(`Neo4j tests: ${ours ? 'starting' : 'using'} the dev server (.ci/neo4j-start.sh; set NEO4J_URI to use another)\n`);
  const r = spawnSync('bash', [join(ROOT, '.ci/neo4j-start.sh')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 });
  const uri = /NEO4J_URI=(\S+)/.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !uri) {
    process.stderr.write(`Neo4j tests: the dev server did not start (exit ${String(r.status)}); they will fail. See .neo4j/neo4j.log and .neo4j/build.log.\n`);
    return undefined;
  }
  process.env.LOTGRAPH_TEST_NEO4J_URI = uri;
  return ours ? () => void spawnSync('bash', [join(ROOT, '.ci/neo4j-stop.sh')], { cwd: ROOT, stdio: 'inherit' }) : undefined;
}
