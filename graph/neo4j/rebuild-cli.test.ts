/**
 * `lotgraph rebuild --to neo4j` as a user runs it: the examples ingested into an embedded data
 * directory, then copied into the test Neo4j from the ingest log and from the embedded store; the
 * same traces come back from both stores. No --clear: the test server is shared (the examples' keys
 * are their own, and copying them again changes nothing).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDataDir } from '../open-store.ts';
import { openEmbeddedStore } from '../embedded/index.ts';
import type { GraphStore } from '../store.ts';
import { openNeo4jStore } from './index.ts';
import { cfgFromEnv } from './test-env.ts';

const ROOT = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'lotgraph-rebuild-neo4j-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lotgraph = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(ROOT, 'bin/lotgraph.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });

const ORIGINS = ['lot:RESIN-PC:L2403', 'serial:PUMP-X1:SN0005'];
const keysOf = async (s: GraphStore, origin: string, direction: 'forward' | 'backward') => (await s.trace({ origin, direction })).nodes.map((n) => `${n.key}@${n.depth}`).sort();

describe('lotgraph rebuild --to neo4j', () => {
  it('copies the examples from the ingest log and from the embedded store, with the same answers', async () => {
    const cfg = cfgFromEnv();
    const env = { NEO4J_URI: cfg.uri, NEO4J_USER: cfg.user, NEO4J_PASSWORD: cfg.password, ...(cfg.database ? { NEO4J_DATABASE: cfg.database } : {}) };
    const data = join(tmp, 'data');
    const ing = lotgraph(['ingest', 'examples/plant', '--data', data, '--json']);
    expect(ing.status, ing.stderr).toBe(0);

    const fromLog = lotgraph(['rebuild', '--to', 'neo4j', '--data', data, '--json'], env);
    expect(fromLog.status, fromLog.stderr).toBe(0);
    expect(JSON.parse(fromLog.stdout)).toMatchObject({ to: 'neo4j', from: 'log', replayed: 31 });
    const fromStore = lotgraph(['rebuild', '--to', 'neo4j', '--from', 'store', '--data', data, '--json'], env);
    expect(fromStore.status, fromStore.stderr).toBe(0);
    const copied = JSON.parse(fromStore.stdout) as { replayed: number };

    const db = await openDataDir(data);
    const embedded = await openEmbeddedStore(db);
    const neo = await openNeo4jStore(cfg);
    try {
      const st = await embedded.stats();
      expect(copied.replayed).toBe(st.nodes + st.edges);
      for (const o of ORIGINS) {
        for (const d of ['forward', 'backward'] as const) expect(await keysOf(neo, o, d)).toEqual(await keysOf(embedded, o, d));
      }
    } finally {
      await neo.close();
      await embedded.close();
      await db.close();
    }
  }, 240_000);
});
