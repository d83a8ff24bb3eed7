// Containment in time on the plain-Cypher engine (graph/store.ts "Containment in time"): a reused
// tote, a case in a reused pallet (nested windows), unbounded (null) times; `until` stored by the
// Cypher upsert and returned by neighbourhood. Keys carry the run's prefix (one shared server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerKey, customerKey, lotKey, materialKey, shipmentKey } from '../keys.ts';
import type { Batch, EdgeInput } from '../model.ts';
import type { TraceResult } from '../store.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

const P = runPrefix();
const mat = `${P}-M`;
const lot = (n: string) => lotKey(mat, n);
const box = (n: string) => containerKey(`${P}-${n}`);
const ship = (n: string) => shipmentKey(`${P}-${n}`);
const cust = (n: string) => customerKey(`${P}-${n}`);
/** 2026-03-02 at hh:mm, UTC. */
const t = (hh: number, mm = 0) => Date.UTC(2026, 2, 2, hh, mm);
const pack = (from: string, to: string, at: number | null, until: number | null): EdgeInput => ({ kind: 'PACKED_INTO', from, to, at, until });
const shipIn = (from: string, to: string, at: number | null): EdgeInput => ({ kind: 'SHIPPED_IN', from, to, at });

const batch: Batch = {
  nodes: [{ kind: 'Material', key: materialKey(mat), props: { category: 'finished' } }],
  edges: [
    // reused tote: A in it 08:00-10:00, shipped in S1 at 09:00; B from 11:00 (open), shipped in S2 at 12:00
    pack(lot('A'), box('TOTE'), t(8), t(10)),
    shipIn(box('TOTE'), ship('S1'), t(9)),
    pack(lot('B'), box('TOTE'), t(11), null),
    shipIn(box('TOTE'), ship('S2'), t(12)),
    { kind: 'DELIVERED_TO', from: ship('S1'), to: cust('C1') },
    { kind: 'DELIVERED_TO', from: ship('S2'), to: cust('C2') },
    // nested: C in CASE 07:00-08:30, D from 08:45; CASE on PALLET 08:00-10:00, CASE2 from 11:00; PALLET shipped S3 09:00, S4 12:00
    pack(lot('C'), box('CASE'), t(7), t(8, 30)),
    pack(lot('D'), box('CASE'), t(8, 45), null),
    pack(box('CASE'), box('PALLET'), t(8), t(10)),
    pack(box('CASE2'), box('PALLET'), t(11), null),
    shipIn(box('PALLET'), ship('S3'), t(9)),
    shipIn(box('PALLET'), ship('S4'), t(12)),
    // unbounded: E in BIN until 10:00 (no pack time), F from 10:30, G no times; BIN shipped S5 09:00, S6 11:00, S7 (no time)
    pack(lot('E'), box('BIN'), null, t(10)),
    pack(lot('F'), box('BIN'), t(10, 30), null),
    pack(lot('G'), box('BIN'), null, null),
    shipIn(box('BIN'), ship('S5'), t(9)),
    shipIn(box('BIN'), ship('S6'), t(11)),
    shipIn(box('BIN'), ship('S7'), null),
  ],
};

let s: Neo4jStore;
beforeAll(async () => {
  s = await openNeo4jStore(cfgFromEnv(), { procedures: false });
  expect(s.engine).toBe('cypher');
  await s.upsert(batch);
});
afterAll(async () => {
  await s?.close();
});

const reached = (r: TraceResult) => r.nodes.map((n) => n.key).sort();
const fwd = async (o: string) => reached(await s.trace({ origin: o, direction: 'forward' }));

describe('containment in time, cypher engine', () => {
  it('until round-trips through the Cypher upsert and neighbourhood, replaced like at', async () => {
    const edge = async () => (await s.neighbourhood(lot('A'), { direction: 'forward' })).edges.find((e) => e.to === box('TOTE'));
    expect(await edge()).toEqual({ kind: 'PACKED_INTO', from: lot('A'), to: box('TOTE'), at: t(8), until: t(10), qty: null, uom: null });
    expect(await s.upsert({ edges: [pack(lot('A'), box('TOTE'), t(8), t(10))] })).toMatchObject({ edgesUpdated: 0, unchanged: 1 });
    expect(await s.upsert({ edges: [pack(lot('A'), box('TOTE'), t(8), t(13))] })).toMatchObject({ edgesUpdated: 1, unchanged: 0 });
    expect((await edge())?.until).toBe(t(13));
    // now A was in the tote when S2 shipped
    expect(await fwd(lot('A'))).toContain(ship('S2'));
    expect(await s.upsert({ edges: [pack(lot('A'), box('TOTE'), t(8), null)] })).toMatchObject({ edgesUpdated: 1 });
    expect((await edge())?.until).toBeNull();
    expect(await s.upsert({ edges: [pack(lot('A'), box('TOTE'), t(8), t(10))] })).toMatchObject({ edgesUpdated: 1 });
  });
});
