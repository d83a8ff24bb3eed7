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
/** March `day`, 2026 at hh:mm, UTC (episodes days apart: a containment's window is widened by CONTAINMENT_MARGIN). */
const t = (day: number, hh: number, mm = 0) => Date.UTC(2026, 2, day, hh, mm);
const pack = (from: string, to: string, at: number | null, until: number | null): EdgeInput => ({ kind: 'PACKED_INTO', from, to, at, until });
const shipIn = (from: string, to: string, at: number | null): EdgeInput => ({ kind: 'SHIPPED_IN', from, to, at });

const batch: Batch = {
  nodes: [{ kind: 'Material', key: materialKey(mat), props: { category: 'finished' } }],
  edges: [
    // reused tote: A in it 2nd 08:00-10:00, shipped in S1 at 09:00; B from the 5th 11:00 (open), shipped in S2 at 12:00
    pack(lot('A'), box('TOTE'), t(2, 8), t(2, 10)),
    shipIn(box('TOTE'), ship('S1'), t(2, 9)),
    pack(lot('B'), box('TOTE'), t(5, 11), null),
    shipIn(box('TOTE'), ship('S2'), t(5, 12)),
    { kind: 'DELIVERED_TO', from: ship('S1'), to: cust('C1') },
    { kind: 'DELIVERED_TO', from: ship('S2'), to: cust('C2') },
    // nested: C in CASE 7th 07:00-08:30 (window to 09:30), D from the 8th 08:45; CASE on PALLET 8th 08:00-10:00
    // (window from the 7th 08:00), CASE2 from the 11th 11:00; PALLET shipped S3 8th 09:00, S4 11th 12:00
    pack(lot('C'), box('CASE'), t(7, 7), t(7, 8, 30)),
    pack(lot('D'), box('CASE'), t(8, 8, 45), null),
    pack(box('CASE'), box('PALLET'), t(8, 8), t(8, 10)),
    pack(box('CASE2'), box('PALLET'), t(11, 11), null),
    shipIn(box('PALLET'), ship('S3'), t(8, 9)),
    shipIn(box('PALLET'), ship('S4'), t(11, 12)),
    // unbounded: E in BIN until the 2nd 10:00 (no pack time), F from the 5th 10:30, G no times; BIN shipped S5 2nd 09:00, S6 5th 11:00, S7 (no time)
    pack(lot('E'), box('BIN'), null, t(2, 10)),
    pack(lot('F'), box('BIN'), t(5, 10, 30), null),
    pack(lot('G'), box('BIN'), null, null),
    shipIn(box('BIN'), ship('S5'), t(2, 9)),
    shipIn(box('BIN'), ship('S6'), t(5, 11)),
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
const bwd = async (o: string) => reached(await s.trace({ origin: o, direction: 'backward' }));
const sorted = (...xs: string[]) => xs.sort();

describe('containment in time, cypher engine', () => {
  it('a reused tote: forward from each lot reaches only the shipment of its own episode', async () => {
    expect(await fwd(lot('A'))).toEqual(sorted(lot('A'), box('TOTE'), ship('S1'), cust('C1')));
    expect(await fwd(lot('B'))).toEqual(sorted(lot('B'), box('TOTE'), ship('S2'), cust('C2')));
  });

  it('a reused tote: backward from each shipment reaches only the lot packed when it shipped', async () => {
    const r = await s.trace({ origin: ship('S2'), direction: 'backward' });
    expect(r.nodes).toEqual([
      { key: ship('S2'), kind: 'Shipment', depth: 0, parent: null, edge: null },
      { key: box('TOTE'), kind: 'Container', depth: 1, parent: ship('S2'), edge: 'SHIPPED_IN' },
      { key: lot('B'), kind: 'Lot', depth: 2, parent: box('TOTE'), edge: 'PACKED_INTO' },
    ]);
    expect(await bwd(ship('S1'))).toEqual(sorted(ship('S1'), box('TOTE'), lot('A')));
  });

  it('nested windows: a case in a reused pallet follows the intersection of both containments', async () => {
    // C left the case the day before the pallet shipped: it reaches case and pallet (their windows overlap), no shipment
    expect(await fwd(lot('C'))).toEqual(sorted(lot('C'), box('CASE'), box('PALLET')));
    expect(await fwd(lot('D'))).toEqual(sorted(lot('D'), box('CASE'), box('PALLET'), ship('S3')));
    expect(await bwd(ship('S3'))).toEqual(sorted(ship('S3'), box('PALLET'), box('CASE'), lot('D')));
    expect(await bwd(ship('S4'))).toEqual(sorted(ship('S4'), box('PALLET'), box('CASE2')));
  });

  it('a null at or until is unbounded on that side, a shipment without a time is always followed', async () => {
    expect(await fwd(lot('E'))).toEqual(sorted(lot('E'), box('BIN'), ship('S5'), ship('S7')));
    expect(await fwd(lot('F'))).toEqual(sorted(lot('F'), box('BIN'), ship('S6'), ship('S7')));
    expect(await fwd(lot('G'))).toEqual(sorted(lot('G'), box('BIN'), ship('S5'), ship('S6'), ship('S7')));
    expect(await bwd(ship('S5'))).toEqual(sorted(ship('S5'), box('BIN'), lot('E'), lot('G')));
    expect(await bwd(ship('S7'))).toEqual(sorted(ship('S7'), box('BIN'), lot('E'), lot('F'), lot('G')));
  });

  it('limit counts nodes and maxDepth hops over the windowed search', async () => {
    const r = await s.trace({ origin: ship('S7'), direction: 'backward', limit: 3 });
    expect(r.truncated).toBe(true);
    expect(r.nodes.map((n) => n.key)).toEqual([ship('S7'), box('BIN'), lot('E')]);
    expect(reached(await s.trace({ origin: lot('A'), direction: 'forward', maxDepth: 2 }))).toEqual(sorted(lot('A'), box('TOTE'), ship('S1')));
  });

  it('recall of a lot in a reused tote lists the shipment and customer of its episode only', async () => {
    const r = await s.recallImpact({ suspects: [lot('A')] });
    expect(r.shipments.map((x) => x.key)).toEqual([ship('S1')]);
    expect(r.customers.map((x) => x.key)).toEqual([cust('C1')]);
    expect(r.totals).toMatchObject({ shipments: 1, customers: 1, nodesReached: 4 });
    // both lots: the tote is reached in two windows, each expanded (a visited set of nodes would miss S2)
    const both = await s.recallImpact({ suspects: [lot('A'), lot('B')] });
    expect(both.shipments.map((x) => x.key).sort()).toEqual(sorted(ship('S1'), ship('S2')));
    const d = await s.recallImpact({ suspects: [lot('C')] });
    expect(d.shipments).toEqual([]);
    expect(d.finishedLots.map((x) => [x.key, x.status])).toEqual([[lot('C'), 'in-stock']]);
  });

  it('until round-trips through the Cypher upsert and neighbourhood, replaced like at', async () => {
    const edge = async () => (await s.neighbourhood(lot('A'), { direction: 'forward' })).edges.find((e) => e.to === box('TOTE'));
    expect(await edge()).toEqual({ kind: 'PACKED_INTO', from: lot('A'), to: box('TOTE'), at: t(2, 8), until: t(2, 10), qty: null, uom: null });
    expect(await s.upsert({ edges: [pack(lot('A'), box('TOTE'), t(2, 8), t(2, 10))] })).toMatchObject({ edgesUpdated: 0, unchanged: 1 });
    expect(await s.upsert({ edges: [pack(lot('A'), box('TOTE'), t(2, 8), t(5, 13))] })).toMatchObject({ edgesUpdated: 1, unchanged: 0 });
    expect((await edge())?.until).toBe(t(5, 13));
    // now A was in the tote when S2 shipped
    expect(await fwd(lot('A'))).toContain(ship('S2'));
    expect(await s.upsert({ edges: [pack(lot('A'), box('TOTE'), t(2, 8), null)] })).toMatchObject({ edgesUpdated: 1 });
    expect((await edge())?.until).toBeNull();
    expect(await s.upsert({ edges: [pack(lot('A'), box('TOTE'), t(2, 8), t(2, 10))] })).toMatchObject({ edgesUpdated: 1 });
    expect(await fwd(lot('A'))).not.toContain(ship('S2'));
  });
});
