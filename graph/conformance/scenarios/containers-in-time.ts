/**
 * Containers in time (graph/store.ts, "Containment in time"): a trace through a container follows
 * only what was in it at the time. A PACKED_INTO edge's window is [at − 1 day, until + 1 hour]
 * (CONTAINMENT_MARGIN: date-only shipment dates and clock drift must never drop a shipment).
 *
 * Reused tote (days of March 2026):
 *   A --PACKED_INTO 02T08, until 03T10--> TOTE --SHIPPED_IN 02T12--> S1 --DELIVERED_TO--> C1
 *   B --PACKED_INTO 06T08 (still in)----> TOTE --SHIPPED_IN 07T12--> S2 --DELIVERED_TO--> C2
 * Margins: TOTE2 shipped in S3 dated 09T00 (a date alone) holds D, packed 09T10 (within the day
 * before); TOTE3 holds E from 10T08 until 10T10, ships in S4 at 10T30 (within the hour after) and
 * in S5 at 10T12 (not).
 * Reused pallet with cases (nested windows):
 *   U1 --PACKED_INTO 11T08--> CASE1 --PACKED_INTO 11T09, until 13T13--> PAL --SHIPPED_IN 12T10--> SHA
 *   U3 --PACKED_INTO 11T08, until 11T09:30--> CASE1 (taken out before CASE1 went on the pallet)
 *   U2 --PACKED_INTO 14T08:30--> CASE2 --PACKED_INTO 15T14--> PAL --SHIPPED_IN 15T15--> SHB
 * A container reached again, deeper, in a later window (its second window finds what the first missed):
 *   F --PACKED_INTO 20T08, until 20T10--> TOTE5 --SHIPPED_IN 23T12--> S8
 *   F --PACKED_INTO 23T08--> CASE3 --PACKED_INTO 23T09--> TOTE5
 *   Forward from F: TOTE5 at depth 1 in [19T08, 20T11] (S8 not in it), again at depth 2 through CASE3
 *   in [22T09, ∞): S8 at depth 3, not 2.
 * Unknown times (a store of their own): N --PACKED_INTO (no time)--> TOTE4; M --PACKED_INTO (no at),
 *   until 18T00--> TOTE4; TOTE4 --SHIPPED_IN 20T08--> S6 and --SHIPPED_IN (no time)--> S7.
 */
import { describe, expect } from 'vitest';
import { containerKey, customerKey, lotKey, materialKey, serialKey, shipmentKey } from '../../keys.ts';
import type { EdgeInput } from '../../model.ts';
import type { TraceResult } from '../../store.ts';
import { depths, keys } from '../checks.ts';
import { ms, runPrefix } from '../fixtures.ts';
import { scenarioIt, useStore, type Suite } from '../suite.ts';

/** The keys of the mini world above under prefix `p`. */
function worldKeys(p: string) {
  const lot = (l: string) => lotKey(`${p}-PART`, l);
  const unit = (s: string) => serialKey(`${p}-DEV`, s);
  return {
    a: lot('A'), b: lot('B'), d: lot('D'), e: lot('E'), f: lot('F'), n: lot('N'), m: lot('M'),
    u1: unit('U1'), u2: unit('U2'), u3: unit('U3'),
    tote: containerKey(`${p}-TOTE`), tote2: containerKey(`${p}-TOTE2`), tote3: containerKey(`${p}-TOTE3`), tote4: containerKey(`${p}-TOTE4`),
    case1: containerKey(`${p}-CASE1`), case2: containerKey(`${p}-CASE2`), pal: containerKey(`${p}-PAL`),
    tote5: containerKey(`${p}-TOTE5`), case3: containerKey(`${p}-CASE3`), s8: shipmentKey(`${p}-S8`),
    s1: shipmentKey(`${p}-S1`), s2: shipmentKey(`${p}-S2`), s3: shipmentKey(`${p}-S3`), s4: shipmentKey(`${p}-S4`),
    s5: shipmentKey(`${p}-S5`), s6: shipmentKey(`${p}-S6`), s7: shipmentKey(`${p}-S7`), sha: shipmentKey(`${p}-SHA`), shb: shipmentKey(`${p}-SHB`),
    c1: customerKey(`${p}-C1`), c2: customerKey(`${p}-C2`),
    part: materialKey(`${p}-PART`), dev: materialKey(`${p}-DEV`),
  };
}

/** The world's edges (the nodes are created bare from their keys, materials linked). */
function worldEdges(k: ReturnType<typeof worldKeys>): EdgeInput[] {
  const pack = (from: string, to: string, at: number | null, until?: number): EdgeInput => ({ kind: 'PACKED_INTO', from, to, at, ...(until === undefined ? {} : { until }) });
  const ship = (from: string, to: string, at: number | null): EdgeInput => ({ kind: 'SHIPPED_IN', from, to, at });
  return [
    ...[k.a, k.b, k.d, k.e, k.f].map((l): EdgeInput => ({ kind: 'OF_MATERIAL', from: l, to: k.part })),
    ...[k.u1, k.u2, k.u3].map((u): EdgeInput => ({ kind: 'OF_MATERIAL', from: u, to: k.dev })),
    pack(k.a, k.tote, ms(2, 8), ms(3, 10)),
    ship(k.tote, k.s1, ms(2, 12)),
    { kind: 'DELIVERED_TO', from: k.s1, to: k.c1, at: ms(3, 8) },
    pack(k.b, k.tote, ms(6, 8)),
    ship(k.tote, k.s2, ms(7, 12)),
    { kind: 'DELIVERED_TO', from: k.s2, to: k.c2, at: ms(8, 8) },
    pack(k.d, k.tote2, ms(9, 10)),
    ship(k.tote2, k.s3, ms(9, 0)),
    pack(k.e, k.tote3, ms(10, 8), ms(10, 10)),
    ship(k.tote3, k.s4, ms(10, 10, 30)),
    ship(k.tote3, k.s5, ms(10, 12)),
    pack(k.u1, k.case1, ms(11, 8)),
    pack(k.u3, k.case1, ms(11, 8), ms(11, 9, 30)),
    pack(k.case1, k.pal, ms(11, 9), ms(13, 13)),
    ship(k.pal, k.sha, ms(12, 10)),
    pack(k.u2, k.case2, ms(14, 8, 30)),
    pack(k.case2, k.pal, ms(15, 14)),
    ship(k.pal, k.shb, ms(15, 15)),
    pack(k.f, k.tote5, ms(20, 8), ms(20, 10)),
    ship(k.tote5, k.s8, ms(23, 12)),
    pack(k.f, k.case3, ms(23, 8)),
    pack(k.case3, k.tote5, ms(23, 9)),
  ];
}

/** The untimed part of the world (its own store: an ingest format that needs times cannot say it). */
function untimedEdges(k: ReturnType<typeof worldKeys>): EdgeInput[] {
  return [
    ...[k.n, k.m].map((l): EdgeInput => ({ kind: 'OF_MATERIAL', from: l, to: k.part })),
    { kind: 'PACKED_INTO', from: k.n, to: k.tote4, at: null },
    { kind: 'PACKED_INTO', from: k.m, to: k.tote4, at: null, until: ms(18, 0) },
    { kind: 'SHIPPED_IN', from: k.tote4, to: k.s6, at: ms(20, 8) },
    { kind: 'SHIPPED_IN', from: k.tote4, to: k.s7, at: null },
  ];
}

const reached = (r: TraceResult): string[] => r.nodes.map((n) => n.key).sort();

/** Registers the scenarios of containers in time. */
export function containerTimeScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('containers in time', () => {
    const p = runPrefix();
    const k = worldKeys(p);
    const h = useStore(suite, async (s) => {
      await s.upsert({ edges: worldEdges(k) });
    });

    it('a reused tote carries an item only to the shipments made while it was in it (forward)', async () => {
      const s = h.get();
      const a = await s.trace({ origin: k.a, direction: 'forward' });
      expect(depths(a)).toEqual({ [k.a]: 0, [k.tote]: 1, [k.s1]: 2, [k.c1]: 3 });
      const b = await s.trace({ origin: k.b, direction: 'forward' });
      expect(depths(b)).toEqual({ [k.b]: 0, [k.tote]: 1, [k.s2]: 2, [k.c2]: 3 });
      // the tote itself: everything it ever carried
      expect(reached(await s.trace({ origin: k.tote, direction: 'forward' }))).toEqual([k.c1, k.c2, k.s1, k.s2, k.tote].sort());
    });

    it('a shipment of a reused tote held only what was in it when it shipped (backward)', async () => {
      const s = h.get();
      expect(depths(await s.trace({ origin: k.s2, direction: 'backward' }))).toEqual({ [k.s2]: 0, [k.tote]: 1, [k.b]: 2 });
      expect(depths(await s.trace({ origin: k.s1, direction: 'backward' }))).toEqual({ [k.s1]: 0, [k.tote]: 1, [k.a]: 2 });
      expect(depths(await s.trace({ origin: k.c2, direction: 'backward' }))).toEqual({ [k.c2]: 0, [k.s2]: 1, [k.tote]: 2, [k.b]: 3 });
      expect(reached(await s.trace({ origin: k.tote, direction: 'backward' }))).toEqual([k.a, k.b, k.tote].sort());
    });

    it('a margin keeps a shipment dated by its day before the packing, and one an hour after the unpacking', async () => {
      const s = h.get();
      expect(reached(await s.trace({ origin: k.d, direction: 'forward' }))).toEqual([k.d, k.s3, k.tote2].sort());
      expect(reached(await s.trace({ origin: k.e, direction: 'forward' }))).toEqual([k.e, k.s4, k.tote3].sort());
      expect(reached(await s.trace({ origin: k.s5, direction: 'backward' }))).toEqual([k.s5, k.tote3].sort());
      expect(reached(await s.trace({ origin: k.s3, direction: 'backward' }))).toEqual([k.d, k.s3, k.tote2].sort());
    });

    it('nested windows: a case on a reused pallet ships with the pallet only while it is on it, and a unit only while in the case', async () => {
      const s = h.get();
      expect(depths(await s.trace({ origin: k.u1, direction: 'forward' }))).toEqual({ [k.u1]: 0, [k.case1]: 1, [k.pal]: 2, [k.sha]: 3 });
      expect(depths(await s.trace({ origin: k.u2, direction: 'forward' }))).toEqual({ [k.u2]: 0, [k.case2]: 1, [k.pal]: 2, [k.shb]: 3 });
      // out of the case before the case went on the pallet: on the pallet's window, not in its shipment
      expect(depths(await s.trace({ origin: k.u3, direction: 'forward' }))).toEqual({ [k.u3]: 0, [k.case1]: 1, [k.pal]: 2 });
      expect(depths(await s.trace({ origin: k.sha, direction: 'backward' }))).toEqual({ [k.sha]: 0, [k.pal]: 1, [k.case1]: 2, [k.u1]: 3 });
      expect(depths(await s.trace({ origin: k.shb, direction: 'backward' }))).toEqual({ [k.shb]: 0, [k.pal]: 1, [k.case2]: 2, [k.u2]: 3 });
    });

    it('a container reached again in a later window reports what it finds there one hop deeper than that state', async () => {
      const s = h.get();
      expect(depths(await s.trace({ origin: k.f, direction: 'forward' }))).toEqual({ [k.f]: 0, [k.tote5]: 1, [k.case3]: 1, [k.s8]: 3 });
      expect(depths(await s.trace({ origin: k.s8, direction: 'backward' }))).toEqual({ [k.s8]: 0, [k.tote5]: 1, [k.case3]: 2, [k.f]: 3 });
      const r = await s.recallImpact({ suspects: [k.f] });
      expect(keys(r.shipments)).toEqual([k.s8]);
    });

    it('a recall follows the windows: the customers of the shipments the suspect was in', async () => {
      const s = h.get();
      const r = await s.recallImpact({ suspects: [k.a] });
      expect(keys(r.shipments)).toEqual([k.s1]);
      expect(keys(r.customers)).toEqual([k.c1]);
      const q = await s.recallImpact({ suspects: [k.u1, k.u3] });
      expect(keys(q.shipments)).toEqual([k.sha]);
      // each unit is shipped in what its case's pallet carried while the unit was in the case
      const u = await s.recallImpact({ suspects: [k.u1, k.u2, k.u3] });
      expect(u.serials.map((x) => [x.key, x.status, x.shipments])).toEqual([[k.u1, 'shipped', [k.sha]], [k.u2, 'shipped', [k.shb]], [k.u3, 'in-stock', []]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    });

    it('keeps until on the edge', async () => {
      const n = await h.get().neighbourhood(k.a, { hops: 1, direction: 'forward' });
      expect(n.edges.find((e) => e.kind === 'PACKED_INTO')).toMatchObject({ from: k.a, to: k.tote, at: ms(2, 8), until: ms(3, 10) });
      const open = await h.get().neighbourhood(k.b, { hops: 1, direction: 'forward' });
      expect(open.edges.find((e) => e.kind === 'PACKED_INTO')).toMatchObject({ at: ms(6, 8), until: null });
    });
  });

  describe('containers in time, unknown times', () => {
    const k = worldKeys(runPrefix());
    const h = useStore(suite, async (s) => {
      await s.upsert({ edges: untimedEdges(k) });
    });
    it('unknown times are unbounded: the safe side', async () => {
      const s = h.get();
      expect(reached(await s.trace({ origin: k.n, direction: 'forward' }))).toEqual([k.n, k.s6, k.s7, k.tote4].sort());
      // unpacked on the 18th: not in the shipment of the 20th, in the one without a time
      expect(reached(await s.trace({ origin: k.m, direction: 'forward' }))).toEqual([k.m, k.s7, k.tote4].sort());
      expect(reached(await s.trace({ origin: k.s6, direction: 'backward' }))).toEqual([k.n, k.s6, k.tote4].sort());
      expect(reached(await s.trace({ origin: k.s7, direction: 'backward' }))).toEqual([k.m, k.n, k.s7, k.tote4].sort());
    });
  });
}
