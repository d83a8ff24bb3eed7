/** Writes: idempotent batches, shallow prop merge, alias union, bare endpoints, edge update and removal. */
import { describe, expect } from 'vitest';
import { lotKey, operationKey, serialKey, supplierKey } from '../../keys.ts';
import type { Stats } from '../../store.ts';
import { expectCode, sorted } from '../checks.ts';
import { miniPlant, runPrefix } from '../fixtures.ts';
import { scenarioIt, useStore, type Suite } from '../suite.ts';

/** stats(b) - stats(a), kind by kind (zeros dropped), so runs sharing one database still compare exactly. */
function delta(a: Stats, b: Stats) {
  const sub = (x: Record<string, number | undefined>, y: Record<string, number | undefined>) => {
    const out: Record<string, number> = {};
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const d = (y[k] ?? 0) - (x[k] ?? 0);
      if (d !== 0) out[k] = d;
    }
    return out;
  };
  return { nodes: b.nodes - a.nodes, edges: b.edges - a.edges, nodesByKind: sub(a.nodesByKind, b.nodesByKind), edgesByKind: sub(a.edgesByKind, b.edgesByKind) };
}

const ZERO = { nodesCreated: 0, nodesUpdated: 0, edgesCreated: 0, edgesUpdated: 0, edgesRemoved: 0 };

/** Registers the write scenarios. */
export function upsertScenarios(suite: Suite): void {
  const it = scenarioIt(suite);
  describe('upsert', () => {
    const h = useStore(suite);

    // The mini plant (fixtures.ts): 35 nodes, 35 edges, all endpoints given as nodes. stats() is global, so on a
    // shared database another writer can land between our two readings: the measurement is retried on a fresh
    // plant (a wrong store fails every attempt the same way; a neighbour's write cannot hit all three).
    it('writes the plant once, then the same batch again changes nothing; stats count it by kind', async () => {
      const s = h.get();
      const expected = {
        nodes: 35, edges: 35,
        nodesByKind: { Material: 5, Supplier: 2, Customer: 2, Lot: 9, Serial: 4, Container: 2, Operation: 7, Equipment: 2, Shipment: 2 },
        edgesByKind: { SUPPLIED: 3, USED_IN: 3, CONSUMED_BY: 8, PRODUCED: 7, HAS_UNIT: 4, PACKED_INTO: 3, SHIPPED_IN: 3, DELIVERED_TO: 2, OF_MATERIAL: 2 },
      };
      const unchanged = { nodes: 0, edges: 0, nodesByKind: {}, edgesByKind: {} };
      let seen: unknown[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const fx = miniPlant(runPrefix());
        const before = await s.stats();
        const first = await s.upsert(fx.batch);
        expect(first).toEqual({ ...ZERO, nodesCreated: 35, edgesCreated: 35, unchanged: 0 });
        const after = await s.stats();
        const second = await s.upsert(fx.batch);
        expect(second).toEqual({ ...ZERO, unchanged: 70 });
        seen = [delta(before, after), delta(after, await s.stats())];
        if (JSON.stringify(seen) === JSON.stringify([expected, unchanged])) break;
      }
      expect(seen).toEqual([expected, unchanged]);
    });

    // X gets {a:1, b:2, dims:{w:1,h:2}} ids [x1], then {b:3, c:4, dims:{w:5}} ids [x2, x1]:
    // expect {a:1, b:3, c:4, dims:{w:5}} (shallow: dims replaced whole) and ids {x1, x2}.
    it('merges props shallowly and unions ids; a repeat is unchanged', async () => {
      const s = h.get();
      const p = runPrefix();
      const x = lotKey(`${p}-M`, `${p}-X`);
      expect(await s.upsert({ nodes: [{ kind: 'Lot', key: x, ids: [`${p}-x1`], props: { a: 1, b: 2, dims: { w: 1, h: 2 } } }] }))
        .toEqual({ ...ZERO, nodesCreated: 1, unchanged: 0 });
      expect(await s.upsert({ nodes: [{ kind: 'Lot', key: x, ids: [`${p}-x2`, `${p}-x1`], props: { b: 3, c: 4, dims: { w: 5 } } }] }))
        .toEqual({ ...ZERO, nodesUpdated: 1, unchanged: 0 });
      const v = await s.lookup(x);
      expect(v).toMatchObject({ key: x, kind: 'Lot', props: { a: 1, b: 3, c: 4, dims: { w: 5 } } });
      expect(v.props).toEqual({ a: 1, b: 3, c: 4, dims: { w: 5 } });
      expect(sorted(v.ids)).toEqual(sorted([`${p}-x1`, `${p}-x2`]));
      // Given again with a subset of what it has: nothing changes.
      expect(await s.upsert({ nodes: [{ kind: 'Lot', key: x, ids: [`${p}-x2`], props: { b: 3 } }] }))
        .toEqual({ ...ZERO, unchanged: 1 });
      expect((await s.lookup(`${p}-x2`)).key).toBe(x);
    });

    // Edge Y -CONSUMED_BY-> O with neither node given: both are created bare, kind from the key.
    it('creates missing endpoints bare, with the kind their key names', async () => {
      const s = h.get();
      const p = runPrefix();
      const y = lotKey(`${p}-M`, `${p}-Y`);
      const o = operationKey(`${p}-O`);
      const r = await s.upsert({ edges: [{ kind: 'CONSUMED_BY', from: y, to: o, at: '2026-03-01T00:00:00Z', qty: 2, uom: 'kg' }] });
      expect(r).toMatchObject({ edgesCreated: 1, edgesUpdated: 0, edgesRemoved: 0, nodesUpdated: 0 });
      // Disputed with the embedded store at first: bare endpoints are nodes created by the batch.
      expect(r.nodesCreated).toBe(2);
      expect(await s.lookup(y)).toEqual({ key: y, kind: 'Lot', ids: [], props: {} });
      expect(await s.lookup(o)).toEqual({ key: o, kind: 'Operation', ids: [], props: {} });
      // Filling in a bare node later is an update.
      expect(await s.upsert({ nodes: [{ kind: 'Lot', key: y, props: { quantity: 7 } }] })).toEqual({ ...ZERO, nodesUpdated: 1, unchanged: 0 });
      expect((await s.lookup(y)).props).toEqual({ quantity: 7 });
    });

    // Edge identity is (kind, from, to): giving it again with a new qty updates it in place.
    it('updates an edge given again with new attributes, and removes edges by identity', async () => {
      const s = h.get();
      const p = runPrefix();
      const y = lotKey(`${p}-M`, `${p}-Y`);
      const o = operationKey(`${p}-O`);
      const edge = { kind: 'CONSUMED_BY' as const, from: y, to: o, at: '2026-03-01T00:00:00Z', qty: 2, uom: 'kg' };
      await s.upsert({ edges: [edge] });
      expect(await s.upsert({ edges: [{ ...edge, qty: 5 }] })).toEqual({ ...ZERO, edgesUpdated: 1, unchanged: 0 });
      const path = await s.path(y, o);
      expect(path?.edges).toEqual([{ kind: 'CONSUMED_BY', from: y, to: o, at: Date.parse('2026-03-01T00:00:00Z'), until: null, qty: 5, uom: 'kg' }]);
      expect(await s.upsert({ edges: [{ ...edge, qty: 5 }] })).toEqual({ ...ZERO, unchanged: 1 });
      // Given again without qty/uom/at: the edge is replaced, not merged (model.ts: "replaces at, until, qty and uom").
      expect(await s.upsert({ edges: [{ kind: 'CONSUMED_BY', from: y, to: o }] })).toEqual({ ...ZERO, edgesUpdated: 1, unchanged: 0 });
      expect((await s.path(y, o))?.edges).toEqual([{ kind: 'CONSUMED_BY', from: y, to: o, at: null, until: null, qty: null, uom: null }]);

      expect(await s.upsert({ removeEdges: [{ kind: 'CONSUMED_BY', from: y, to: o }] })).toEqual({ ...ZERO, edgesRemoved: 1, unchanged: 0 });
      expect(await s.path(y, o)).toBeNull();
      expect((await s.trace({ origin: y, direction: 'forward' })).nodes.map((n) => n.key)).toEqual([y]);
      expect((await s.neighbourhood(y, { hops: 1 })).nodes.map((n) => n.key)).toEqual([y]);
      // Removing it again, or an edge between unknown nodes, is a no-op; the nodes stay.
      expect(await s.upsert({ removeEdges: [{ kind: 'CONSUMED_BY', from: y, to: o }] })).toEqual({ ...ZERO, unchanged: 0 });
      expect(await s.upsert({ removeEdges: [{ kind: 'CONSUMED_BY', from: lotKey(`${p}-M`, `${p}-none`), to: o }] })).toEqual({ ...ZERO, unchanged: 0 });
      expect((await s.lookup(y)).kind).toBe('Lot');
      // It can come back.
      expect(await s.upsert({ edges: [edge] })).toMatchObject({ edgesCreated: 1 });
      expect((await s.path(y, o))?.edges[0]?.qty).toBe(2);
      // removeEdges applies after edges: the same batch adding and removing leaves it absent.
      await s.upsert({ edges: [edge], removeEdges: [{ kind: 'CONSUMED_BY', from: y, to: o }] });
      expect(await s.path(y, o)).toBeNull();
    });

    // Times are stored as epoch ms: an offset is honoured, a date-time without one is UTC, a missing one is null.
    it('normalises edge times', async () => {
      const s = h.get();
      const p = runPrefix();
      const o = operationKey(`${p}-O`);
      const lots = [1, 2, 3].map((i) => lotKey(`${p}-M`, `${p}-T${i}`));
      await s.upsert({ edges: [
        { kind: 'CONSUMED_BY', from: lots[0]!, to: o, at: '2026-03-01T10:00:00+02:00' },
        { kind: 'CONSUMED_BY', from: lots[1]!, to: o, at: '2026-03-01T08:00:00' },
        { kind: 'CONSUMED_BY', from: lots[2]!, to: o },
      ] });
      const at = async (l: string) => (await s.path(l, o))?.edges[0]?.at;
      expect(await at(lots[0]!)).toBe(Date.parse('2026-03-01T08:00:00Z'));
      expect(await at(lots[1]!)).toBe(Date.parse('2026-03-01T08:00:00Z'));
      expect(await at(lots[2]!)).toBeNull();
    });

    // Five batches written at once (distinct edges into one operation) all land: writes never interleave badly.
    it('applies concurrent batches completely', async () => {
      const s = h.get();
      const p = runPrefix();
      const o = operationKey(`${p}-O`);
      const results = await Promise.all([0, 1, 2, 3, 4].map((i) => s.upsert({
        edges: [0, 1, 2].map((j) => ({ kind: 'CONSUMED_BY' as const, from: lotKey(`${p}-M`, `${p}-C${i}-${j}`), to: o })),
      })));
      expect(results.reduce((n, r) => n + r.edgesCreated, 0)).toBe(15);
      const back = await s.trace({ origin: o, direction: 'backward' });
      expect(back.nodes).toHaveLength(16);
    });

    // A batch with one bad edge (CONSUMED_BY cannot start at a Supplier) writes nothing at all.
    it('rejects an invalid batch whole (LG_INVALID_BATCH) and writes nothing', async () => {
      const s = h.get();
      const p = runPrefix();
      const z = lotKey(`${p}-M`, `${p}-Z`);
      await expectCode(s.upsert({
        nodes: [{ kind: 'Lot', key: z }, { kind: 'Operation', key: operationKey(`${p}-O`) }],
        edges: [{ kind: 'CONSUMED_BY', from: supplierKey(`${p}-S`), to: operationKey(`${p}-O`) }],
      }), 'LG_INVALID_BATCH');
      await expectCode(s.upsert({ nodes: [{ kind: 'Serial', key: z }] }), 'LG_INVALID_BATCH');
      await expectCode(s.upsert({ edges: [{ kind: 'PRODUCED', from: operationKey(`${p}-O`), to: z, at: 'not a time' }] }), 'LG_INVALID_BATCH');
      // each end allowed, the pair not: a lot's serials are HAS_UNIT, never PACKED_INTO
      await expectCode(s.upsert({ edges: [{ kind: 'PACKED_INTO', from: z, to: serialKey(`${p}-M`, `${p}-S1`), at: 1 }] }), 'LG_INVALID_BATCH');
      for (const id of [z, operationKey(`${p}-O`), supplierKey(`${p}-S`)]) await expectCode(s.lookup(id), 'LG_NOT_FOUND');
      expect(await s.search(p)).toEqual([]);
    });
  });
}
