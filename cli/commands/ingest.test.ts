/** `lotgraph ingest` and `lotgraph rebuild` as a user runs them (a child process on temp data dirs). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'lotgraph-cli-ingest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// The harness registers ingest/rebuild when cli/main.ts does not (yet); otherwise it is main itself.
const lotgraph = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'ingest/pipeline/cli-harness.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('lotgraph ingest / rebuild', () => {
  const data = join(tmp, 'data');

  it('ingests examples/, says what was accepted, then that the same files changed nothing', () => {
    const first = lotgraph('ingest', 'examples/plant', 'examples/erp', '--data', data, '--json');
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ records: 32, accepted: 32, duplicates: 0, rejected: 0 });
    const again = lotgraph('ingest', 'examples/plant', '--data', data);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('accepted 0, duplicates 31 (already in the log: unchanged), rejected 0');
  });

  it('a directory with a subdirectory: its files are read, and the subdirectory is named as not read', () => {
    const r = lotgraph('ingest', 'examples/sap', '--data', join(tmp, 'subdirs'), '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ accepted: 4, rejected: 0 });
    expect(r.stderr).toContain(`${join('examples/sap', 'mb51')} is a subdirectory: not read (give its path to ingest it)`);
  });

  it('the EPCIS example of a reused tote: each lot is recalled with the one load it went out in (ingest/README.md)', () => {
    const tote = join(tmp, 'tote');
    const r = lotgraph('ingest', 'examples/epcis', '--data', tote, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ records: 8, accepted: 8, rejected: 0 });
    const recall = (lot: string) => {
      const x = spawnSync(process.execPath, [join(ROOT, 'bin/lotgraph.js'), 'recall', lot, '--json', '--data', tote], { cwd: ROOT, encoding: 'utf8' });
      expect(x.status, x.stderr).toBe(0);
      const j = JSON.parse(x.stdout) as { shipments: { key: string }[]; customers: { key: string }[] };
      return [j.shipments.map((s) => s.key.slice(-11)), j.customers.map((c) => c.key)];
    };
    expect(recall('lot:04012345111118:LOT-A')).toEqual([['DESADV-1001'], ['customer:4012345000115']]);
    expect(recall('lot:04012345111118:LOT-B')).toEqual([['DESADV-1002'], ['customer:4012345000221']]);
  });

  it('the SAP example: a re-export with edited lines replaces them (ingest/README.md, "Postings edited in place")', async () => {
    const sap = join(tmp, 'sap');
    const run = (...args: string[]) => {
      const r = lotgraph(...args, '--data', sap, '--json');
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const mb51 = (file: string) => run('ingest', `examples/sap/mb51/${file}`, '--mapping', 'examples/sap/mb51.mapping.yaml');
    const reached = (lot: string) => (run('trace', lot, '--forward') as { nodes: { key: string }[] }).nodes.map((x) => x.key).slice(1);
    expect(run('ingest', 'examples/sap/operations.csv', 'examples/sap/receipts.csv')).toMatchObject({ accepted: 4, rejected: 0 });
    expect(mb51('2026-03-02.csv')).toMatchObject({ accepted: 2, rejected: 0, replaced: 0 });
    expect(reached('lot:RESIN-PC:L2405')).toEqual(['op:1000815']);
    // the next night: line 1's quantity corrected, line 2's lot corrected from L2405 to L2404
    expect(mb51('2026-03-03.csv')).toMatchObject({ accepted: 2, rejected: 0, replaced: 2 });
    expect(reached('lot:RESIN-PC:L2405')).toEqual([]);
    expect(reached('lot:RESIN-PC:L2404')).toEqual(['op:1000815']);
    // both nights again: nothing changes
    expect(run('ingest', 'examples/sap/mb51', '--mapping', 'examples/sap/mb51.mapping.yaml')).toMatchObject({ accepted: 0, duplicates: 4, replaced: 0 });
    const { openStore } = await import('../../graph/open-store.ts');
    const opened = await openStore({ dataDir: sap });
    try {
      const edge = (await opened.store.neighbourhood('lot:RESIN-PC:L2403', { hops: 1, direction: 'forward' })).edges.find((e) => e.kind === 'CONSUMED_BY');
      expect(edge).toMatchObject({ to: 'op:1000815', qty: 12, uom: 'kg' });
    } finally {
      await opened.close();
    }
  });

  it('exits 1 and lists rejects with file:line [field] when rows are bad', () => {
    const r = lotgraph('ingest', 'examples/bad', '--data', data);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('examples/bad/consumptions.csv:4 [qty]: bad number in qty (value: "two")');
  });

  it('a bad mapping file is a usage error (exit 2) naming the problem', () => {
    const r = lotgraph('ingest', 'examples/erp/goods-issue.csv', '--mapping', 'examples/plant/materials.csv', '--data', data);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error \[LG_BAD_PARAM\]: examples\/plant\/materials.csv/m);
  });

  it('rebuild --out replays the log into a new data directory with the same graph', () => {
    const out = join(tmp, 'rebuilt');
    const r = lotgraph('rebuild', '--out', out, '--data', data, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ to: 'embedded', replayed: 33 });
    const a = spawnSync(process.execPath, [join(ROOT, 'bin/lotgraph.js'), 'stats', '--json', '--data', data], { cwd: ROOT, encoding: 'utf8' });
    const b = spawnSync(process.execPath, [join(ROOT, 'bin/lotgraph.js'), 'stats', '--json', '--data', out], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
    const again = lotgraph('rebuild', '--out', out, '--data', data);
    expect(again.status).toBe(2);
  });
});
