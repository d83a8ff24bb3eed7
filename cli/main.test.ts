import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.ts';
import { startServer } from '../api/server.ts';
import { miniPlant } from '../graph/conformance/fixtures.ts';
import { openStore } from '../graph/open-store.ts';
import { loadConfig } from '../lib/config.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'lotgraph.js');
const k = miniPlant('t').k;
/** The children use the embedded store and no server unless a test says otherwise (CI may export NEO4J_URI). */
const EMBEDDED = { LOTGRAPH_STORE: 'embedded', LOTGRAPH_SERVER: 'http://127.0.0.1:9', PORT: '8080' };
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child process (asynchronously, so an in-process server can answer it). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...EMBEDDED, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

/** Each test spawns node processes (about 1-2 s each here; more on a loaded CI machine). */
const SLOW = 180_000;

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lotgraph-cli-'));
  const o = await openStore({ dataDir: join(dir, 'data') });
  await o.store.upsert(miniPlant('t').batch);
  await o.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('lotgraph CLI on a data directory', () => {
  it('stats --json counts by kind', async () => {
    const r = await cli(['stats', '--json', '--data', join(dir, 'data')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ store: 'embedded', nodes: 35, edges: 35, nodesByKind: { Lot: 9, Serial: 4 }, edgesByKind: { HAS_UNIT: 4 } });
  }, SLOW);

  it('trace --backward --json gives the API trace shape', async () => {
    const r = await cli(['--data', join(dir, 'data'), 'trace', k.s4, '--backward', '--json', '--kinds', 'Lot']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(t.origin.key).toBe(k.s4);
    expect(t.truncated).toBe(false);
    expect(t.nodes.map((n: { key: string }) => n.key)).toEqual([k.s4, k.d2, k.h1, k.resinL1]);
    expect(t.nodes[1]).toEqual({ key: k.d2, kind: 'Lot', depth: 1, parent: k.s4, edge: 'HAS_UNIT', label: 't-D2' });
  }, SLOW);

  it('trace prints a table for humans', async () => {
    const r = await cli(['trace', k.resinL1, '--forward', '--depth', '2', '--data', join(dir, 'data')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^forward trace from lot:t-RESIN:t-L1 \(Lot\)/);
    expect(r.stdout).toMatch(/DEPTH\s+KIND\s+LABEL\s+VIA\s+KEY/);
    expect(r.stdout).toContain('t-MOLD1');
  }, SLOW);

  it('recall --json and --csv', async () => {
    const j = await cli(['recall', k.resinL1, '--json', '--data', join(dir, 'data')]);
    expect(j.code).toBe(0);
    const impact = JSON.parse(j.stdout);
    expect(impact.totals).toMatchObject({ finishedLots: 2, serials: 4, serialsShipped: 3, serialsInStock: 1, customers: 2 });
    const c = await cli(['recall', '--equipment', k.press1, '--from', '2026-03-01', '--to', '2026-03-04', '--csv', '--data', join(dir, 'data')]);
    expect(c.code).toBe(0);
    const lines = c.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('type,key,material,number,status,quantity,shipped_quantity,shipments,customers');
    expect(lines.filter((l) => l.startsWith('serial,'))).toHaveLength(4);
  }, SLOW);

  it('fails cleanly on an unknown id: LG_NOT_FOUND on stderr, no stack trace, exit 1', async () => {
    const unknown = await cli(['trace', 'lot:t-RESIN:NOPE', '--forward', '--data', join(dir, 'data')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error \[LG_NOT_FOUND\]: .*lot:t-RESIN:NOPE/);
    noStack(unknown.stderr);
  }, SLOW);

  it('exits 2 on a depth out of range and a time that does not parse', async () => {
    const data = join(dir, 'data');
    // One after the other: two CLI processes on one data directory contend for the DuckDB lock.
    const depth = await cli(['trace', k.h1, '--forward', '--depth', '5000', '--data', data]);
    const time = await cli(['trace', k.h1, '--backward', '--as-of', 'tomorrow', '--data', data]);
    expect(depth.code).toBe(2);
    expect(depth.stderr).toMatch(/^error \[LG_BAD_PARAM\]/);
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/^error \[LG_BAD_TIME\]/);
  }, SLOW);

  it('exits 2 on an empty recall, a missing argument and a bad configuration', async () => {
    const data = join(dir, 'data');
    const empty = await cli(['recall', '--data', data]);
    const usage = await cli(['trace', '--data', data]);
    const config = await cli(['stats', '--data', data], { PORT: 'eighty' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error \[LG_EMPTY_RECALL\]/);
    expect(usage.code).toBe(2);
    noStack(usage.stderr);
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/^error \[LG_CONFIG\]: invalid configuration:\n {2}--port \/ PORT/);
  }, SLOW);

  it('reports a data directory with no data', async () => {
    const r = await cli(['stats', '--data', join(dir, 'nothing-here')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error \[LG_NOT_FOUND\]: no lotgraph data in/);
  }, SLOW);
});

describe('lotgraph CLI beside a running server', () => {
  it('asks the server when the data directory is locked', async () => {
    const data = join(dir, 'data');
    const opened = await openStore({ dataDir: data });
    const config = loadConfig({ data, port: '0' }, { LOG_LEVEL: 'silent' });
    const app = await buildApp({ store: opened.store, db: opened.db, config });
    const server = await startServer(app, config, () => opened.close());
    try {
      const stats = await cli(['stats', '--json', '--data', data, '--server', server.url]);
      expect(stats.code).toBe(0);
      expect(JSON.parse(stats.stdout)).toMatchObject({ nodes: 35, edges: 35 });
      const trace = await cli(['trace', k.d2, '--forward', '--json', '--data', data], { LOTGRAPH_SERVER: server.url });
      expect(trace.code).toBe(0);
      expect(JSON.parse(trace.stdout).nodes.map((n: { key: string }) => n.key)).toEqual(expect.arrayContaining([k.s4, k.shp2, k.cust2]));
      const csv = await cli(['recall', k.resinL1, '--csv', '--data', data, '--server', server.url]);
      expect(csv.stdout.split('\n')[0]).toBe('type,key,material,number,status,quantity,shipped_quantity,shipments,customers');
      const unknown = await cli(['trace', 'lot:t-RESIN:NOPE', '--backward', '--data', data, '--server', server.url]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/^error \[LG_NOT_FOUND\]/);
      const depth = await cli(['trace', k.h1, '--backward', '--depth', '-1', '--data', data, '--server', server.url]);
      expect(depth.code).toBe(2);
      expect(depth.stderr).toMatch(/^error \[LG_BAD_PARAM\]/);
    } finally {
      await server.close();
    }
    const gone = await cli(['stats', '--data', join(dir, 'data'), '--server', 'http://127.0.0.1:9']);
    expect(gone.code).toBe(0);
  }, SLOW);

  it('says so when the data directory is locked and no server answers', async () => {
    const data = join(dir, 'data');
    const opened = await openStore({ dataDir: data });
    try {
      const r = await cli(['stats', '--data', data, '--server', 'http://127.0.0.1:9']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error \[LG_STORE_UNAVAILABLE\]: no lotgraph server answers at http:\/\/127.0.0.1:9/);
    } finally {
      await opened.close();
    }
  }, SLOW);
});

describe('lotgraph demo', () => {
  it('generates the XS plant into an empty directory, serves it, and stops on SIGTERM', async () => {
    const data = join(dir, 'demo');
    const child = spawn(process.execPath, [BIN, 'demo', '--scale', 'XS', '--data', data, '--port', '0'], { env: { ...process.env, ...EMBEDDED, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start: ${stderr}`)), 60_000);
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m && stdout.includes('try:')) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const stats = (await (await fetch(`${url}/api/stats`)).json()) as { nodes: number };
    expect(stats.nodes).toBeGreaterThan(1000);
    expect(stderr).toMatch(/loading demo plant XS: [\d,]+ \/ [\d,]+ \(100%\) records/);
    expect(stdout).toMatch(/lotgraph trace 'serial:/);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, SLOW);
});
