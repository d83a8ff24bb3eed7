// PACKED_INTO `until` in the embedded store: written by upsert, shown in every EdgeView, persisted
// (and read from data directories written before the column existed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { containerKey, lotKey, shipmentKey } from '../keys.ts';
import type { EdgeInput } from '../model.ts';
import { openEmbeddedStore } from './index.ts';

const A = lotKey('PASTE', 'A');
const TOTE = containerKey('GRAI-TOTE-1');
const S1 = shipmentKey('S1');
const T8 = Date.parse('2026-03-02T08:00:00Z');
const T10 = Date.parse('2026-03-02T10:00:00Z');
const packed: EdgeInput = { kind: 'PACKED_INTO', from: A, to: TOTE, at: T8, until: T10, qty: 3, uom: 'kg' };

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A database file in a fresh directory (reopened by calling `open` again). */
function dataDir(): { open: () => Promise<Db> } {
  const d = mkdtempSync(join(tmpdir(), 'lg-until-'));
  dirs.push(d);
  return {
    open: async () => {
      const db = await openDb(join(d, 'lotgraph.duckdb'));
      dbs.push(db);
      return db;
    },
  };
}

async function closeAll(): Promise<void> {
  for (const d of dbs.splice(0)) await d.close();
}

describe('embedded store: PACKED_INTO until', () => {
  it('returns until in every edge view and counts a changed until as an update', async () => {
    const db = await openDb(':memory:');
    dbs.push(db);
    const s = await openEmbeddedStore(db);
    expect(await s.upsert({ edges: [packed, { kind: 'SHIPPED_IN', from: TOTE, to: S1, at: T8 + 3_600_000 }] })).toMatchObject({ edgesCreated: 2 });
    const nb = await s.neighbourhood(TOTE, { hops: 1 });
    expect(nb.edges.find((e) => e.kind === 'PACKED_INTO')).toEqual({ kind: 'PACKED_INTO', from: A, to: TOTE, at: T8, until: T10, qty: 3, uom: 'kg' });
    expect(nb.edges.find((e) => e.kind === 'SHIPPED_IN')?.until).toBeNull();
    expect((await s.path(A, S1))?.edges.map((e) => e.until)).toEqual([T10, null]);
    expect(s.edgeQuantity('PACKED_INTO', A, TOTE)).toEqual({ qty: 3, uom: 'kg', at: T8, until: T10 });

    expect(await s.upsert({ edges: [packed] })).toMatchObject({ unchanged: 1, edgesUpdated: 0 });
    expect(await s.upsert({ edges: [{ ...packed, until: T10 + 1 }] })).toMatchObject({ unchanged: 0, edgesUpdated: 1 });
    expect(await s.upsert({ edges: [{ ...packed, until: null }] })).toMatchObject({ edgesUpdated: 1 });
    expect((await s.neighbourhood(A, { hops: 1 })).edges[0]!.until).toBeNull();
    // removed and given again: created with its until
    await s.upsert({ removeEdges: [{ kind: 'PACKED_INTO', from: A, to: TOTE }] });
    expect(await s.upsert({ edges: [packed] })).toMatchObject({ edgesCreated: 1 });
    expect((await s.neighbourhood(A, { hops: 1 })).edges[0]!.until).toBe(T10);
  });

  it('keeps until across a close and reopen, and after compaction', async () => {
    const dir = dataDir();
    const s = await openEmbeddedStore(await dir.open());
    await s.upsert({ edges: [packed] });
    await s.upsert({ edges: [{ ...packed, to: containerKey('GRAI-TOTE-2'), until: null }] });
    s.optimize();
    expect((await s.neighbourhood(A, { hops: 1 })).edges.map((e) => e.until)).toEqual([T10, null]);
    await s.close();
    await closeAll();
    const again = await openEmbeddedStore(await dir.open());
    expect((await again.neighbourhood(A, { hops: 1 })).edges.map((e) => [e.to, e.at, e.until])).toEqual([[TOTE, T8, T10], [containerKey('GRAI-TOTE-2'), T8, null]]);
    expect(await again.upsert({ edges: [packed] })).toMatchObject({ unchanged: 1 });
  });

  it('opens a data directory written before until (no column): its edges read until null, and new ones keep theirs', async () => {
    const dir = dataDir();
    const old = await dir.open();
    const s = await openEmbeddedStore(old);
    await s.upsert({ edges: [{ kind: 'PACKED_INTO', from: A, to: TOTE, at: T8 }, { kind: 'SHIPPED_IN', from: TOTE, to: S1, at: T10 }] });
    await s.close();
    /* sql */
    await old.run(`ALTER TABLE lg_edges DROP COLUMN "until"`);
    expect((await old.all(`SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'lg_edges' AND column_name = 'until'`))[0]!.n).toBe(0n);
    await closeAll();

    const reopened = await openEmbeddedStore(await dir.open());
    const r = await reopened.trace({ origin: A, direction: 'forward' });
    expect(r.nodes.map((n) => n.key)).toEqual([A, TOTE, S1]);
    expect((await reopened.neighbourhood(TOTE, { hops: 1 })).edges.map((e) => e.until)).toEqual([null, null]);
    expect(await reopened.upsert({ edges: [{ kind: 'PACKED_INTO', from: A, to: TOTE, at: T8 }] })).toMatchObject({ unchanged: 1 });
    await reopened.upsert({ edges: [{ ...packed, until: T10 }] });
    await reopened.close();
    await closeAll();
    const third = await openEmbeddedStore(await dir.open());
    expect(third.edgeQuantity('PACKED_INTO', A, TOTE)).toMatchObject({ at: T8, until: T10 });
  });
});
