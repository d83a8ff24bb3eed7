// Posting versions and corrections under races and refusals (found by review 7 of 90d0304 and 1961354):
// another ingest committing between a chunk's check and its commit (held there), a store refusing a
// record, a segment tried again record by record, an unpacking declared erroneous before it came, and
// two --strict runs that each staged what the other brings.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../analytics/db.ts';
import type { Batch } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import type { EmbeddedStore } from '../../graph/embedded/index.ts';
import { LgError } from '../../lib/errors.ts';
import { parseIdentifier, toNodeKey } from '../gs1/index.ts';
import type { ParseItem } from '../record.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest } from './pipeline.ts';
import { concat, csvItems, memoryStore } from './test-kit.ts';

async function qty(store: GraphStore, from: string, kind: string, to: string): Promise<number | null | undefined> {
  const n = await store.neighbourhood(from, { hops: 1, direction: 'forward' });
  const e = n.edges.find((x) => x.kind === kind && x.from === from && x.to === to);
  return e === undefined ? undefined : (e.qty ?? null);
}

const HEAD = 'operation,material,lot,qty,uom,consumed_at,posting\n';

/** A plant with lots L1, L2 received, one operation, and posting P1 logged once (L1, 12 kg). */
async function ready(db: Db, store: GraphStore) {
  const t = randomUUID().slice(0, 8);
  const master = concat(
    csvItems(`material,name,gtin,category,uom\nRAW-${t},Resin,,raw,kg\n`, 'materials.csv'),
    csvItems(`supplier,name\nSUP-${t},Acme\n`, 'suppliers.csv'),
    csvItems(`supplier,material,lot,received_at,qty,uom\nSUP-${t},RAW-${t},L1,2026-03-01T07:00:00Z,100,kg\nSUP-${t},RAW-${t},L2,2026-03-01T07:00:00Z,100,kg\n`, 'receipts.csv'),
    csvItems(`operation,started_at,ended_at\nOP-${t},2026-03-02T08:00:00Z,2026-03-02T12:00:00Z\n`, 'operations.csv'),
  );
  await ingest(master, { db, store });
  const row = (lot: string, q: number, posting = 'P1', at = '2026-03-02T08:10:00Z') => `OP-${t},RAW-${t},${lot},${q},kg,${at},${posting}\n`;
  await ingest(csvItems(HEAD + row('L1', 12), 'v1.csv'), { db, store });
  const l1 = `lot:RAW-${t}:L1`;
  const l2 = `lot:RAW-${t}:L2`;
  const op = `op:OP-${t}`;
  const statuses = async () => (await db.all(`SELECT source, status FROM ingest_log WHERE type = 'consumptions' AND id LIKE $1 ORDER BY seq`, [`consumptions@OP-${t}/P1:%`])).map((r) => `${String(r.source)} ${String(r.status)}`);
  return { t, row, l1, l2, op, statuses };
}

/** Holds the first call of `obj[key]` until `release()`; `reached` resolves when it is called. */
function holdFirst(obj: object, key: string) {
  const o = obj as Record<string, (...a: unknown[]) => unknown>;
  const orig = o[key]!;
  let reach!: () => void;
  const reached = new Promise<void>((r) => (reach = r));
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let first = true;
  o[key] = function (this: unknown, ...a: unknown[]) {
    if (first) {
      first = false;
      reach();
      return gate.then(() => orig.apply(obj, a));
    }
    return orig.apply(obj, a);
  };
  return { reached, release, restore: () => (o[key] = orig) };
}

/** The store, refusing any write naming a lot `BAD` (as Neo4j refuses a batch it cannot hold): upsert (apart) and sharedWrite (shared). */
function refusing(store: EmbeddedStore): EmbeddedStore {
  const s = Object.create(store) as EmbeddedStore;
  const bad = (b: Batch) => (b.edges ?? []).some((e) => e.from.endsWith(':BAD'));
  s.upsert = async (b: Batch) => {
    if (bad(b)) throw new LgError('LG_INVALID_BATCH', 'refused for the test');
    return store.upsert(b);
  };
  s.sharedWrite = ((owner: unknown, prepare: () => Promise<{ batch: Batch; write: () => Promise<unknown> }>) =>
    store.sharedWrite(owner, async () => {
      const plan = await prepare();
      if (bad(plan.batch)) throw new LgError('LG_INVALID_BATCH', 'refused for the test');
      return plan;
    })) as EmbeddedStore['sharedWrite'];
  return s;
}

async function* gated(items: AsyncIterable<ParseItem>, gate: Promise<void>): AsyncGenerator<ParseItem> {
  yield* items;
  await gate;
}

async function until(cond: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await cond()); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('posting versions under races and refusals', () => {
  it('(shared store) a version found at the commit does not remove an edge a later record of its segment asserts', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const p = await ready(db, store);
      const hold = holdFirst(store, 'sharedWrite');
      // A: P1 edited back to L1 (10 kg), and another goods issue of L2 (3 kg, no posting)
      const a = ingest(csvItems(HEAD + p.row('L1', 10) + p.row('L2', 3, '', '2026-03-02T09:00:00Z'), 'a.csv'), { db, store });
      await hold.reached; // A checked: it replaces v1; its write waits
      hold.restore();
      // B: P1 edited to L2 (7 kg), committed while A waits
      expect(await ingest(csvItems(HEAD + p.row('L2', 7), 'b.csv'), { db, store })).toMatchObject({ accepted: 1, replaced: 1 });
      hold.release();
      expect(await a).toMatchObject({ accepted: 2, rejected: 0 });
      // A's P1 version holds (it replaces B's); A's other goods issue of L2 stands
      expect(await p.statuses()).toEqual(['v1.csv retracted', 'b.csv retracted', 'a.csv applied']);
      expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(10);
      const [f] = await db.all(`SELECT sum(qty) AS q FROM events WHERE src = $1 AND dst = $2`, [p.l2, p.op]);
      expect(Number(f!.q)).toBe(3); // the log says L2 -> op 3 kg
      expect(await qty(store, p.l2, 'CONSUMED_BY', p.op)).toBe(3); // the graph lost it
    } finally {
      await close();
    }
  });

  // An ingest that checked before a --strict run staged a version of its posting commits its own
  // while the run is still reading: the run, kept later, checks its versions again and replaces it.
  it.each([{ apart: false, strict: false }, { apart: false, strict: true }, { apart: true, strict: false }, { apart: true, strict: true }])(
    'an ingest that checked before a --strict run staged a version of its posting, and committed after: the run, kept, replaces it (apart $apart, first --strict $strict)',
    async ({ apart, strict }) => {
      const { db, store, close } = await memoryStore({ apart });
      try {
        const p = await ready(db, store);
        // A checks, then its log commit waits (the shared store's one commit, else the log's)
        const hold = !apart && !strict ? holdFirst(store, 'sharedWrite') : holdFirst(db, 'transaction');
        const a = ingest(csvItems(HEAD + p.row('L1', 10), 'a.csv'), { db, store, strict });
        await hold.reached;
        hold.restore();
        // B, --strict, stages its version and is still reading its input
        let open!: () => void;
        const gate = new Promise<void>((r) => (open = r));
        const b = ingest(gated(csvItems(HEAD + p.row('L1', 7), 'b.csv'), gate), { db, store, strict: true, chunkSize: 1 });
        await until(async () => (await db.all(`SELECT 1 FROM ingest_log WHERE source = 'b.csv' AND status = 'staged'`)).length > 0);
        hold.release();
        await a;
        open();
        await b;
        // one version holds: the run's, kept last
        expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(7);
        expect((await p.statuses()).filter((x) => x.endsWith(' applied'))).toEqual(['b.csv applied']);
      } finally {
        await close();
      }
    },
  );

  it.each([false, true])('two versions of one posting in one input count each replaced version once (--strict %s)', async (strict) => {
    const { db, store, close } = await memoryStore();
    try {
      const p = await ready(db, store);
      const s = await ingest(csvItems(HEAD + p.row('L1', 10) + p.row('L1', 9), 'v2.csv'), { db, store, strict });
      expect(await p.statuses()).toEqual(['v1.csv retracted', 'v2.csv retracted', 'v2.csv applied']);
      expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(9);
      // v1 and the file's first version were replaced: 2
      expect(s).toMatchObject({ accepted: 2, rejected: 0, replaced: 2 });
    } finally {
      await close();
    }
  });

  it.each([false, true])('a version the store refuses does not retract the version it would replace (apart %s)', async (apart) => {
    const { db, store, close } = await memoryStore({ apart });
    try {
      const p = await ready(db, store);
      // P1 edited to a lot the store refuses, beside another, good, goods issue of L2
      const s = await ingest(csvItems(HEAD + p.row('BAD', 10) + p.row('L2', 3, '', '2026-03-02T09:00:00Z'), 'v2.csv'), { db, store: refusing(store) });
      expect(s).toMatchObject({ rejected: 1, accepted: 1 });
      expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(12); // the graph still has v1
      // v1 must stay live: the record replacing it was refused
      expect(await p.statuses()).toContain('v1.csv applied');
    } finally {
      await close();
    }
  });

  it('(shared store) a version found at the commit is marked retracted when its segment is refused and written again record by record', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const p = await ready(db, store);
      const r = refusing(store);
      const hold = holdFirst(r, 'sharedWrite');
      const a = ingest(csvItems(HEAD + p.row('L1', 10) + p.row('BAD', 1, '', '2026-03-02T09:00:00Z'), 'a.csv'), { db, store: r });
      await hold.reached;
      hold.restore();
      expect(await ingest(csvItems(HEAD + p.row('L2', 7), 'b.csv'), { db, store })).toMatchObject({ accepted: 1, replaced: 1 });
      hold.release();
      expect(await a).toMatchObject({ accepted: 1, rejected: 1 });
      expect(await qty(store, p.l2, 'CONSUMED_BY', p.op)).toBeUndefined(); // the graph dropped B's version
      // ... but the log keeps it live, with its facts
      expect(await p.statuses()).toEqual(['v1.csv retracted', 'b.csv retracted', 'a.csv applied']);
    } finally {
      await close();
    }
  });

  it.each([false, true])('an EPCIS DELETE without childEPCs declared erroneous before it arrived does not unpack (apart %s)', async (apart) => {
    const { db, store, close } = await memoryStore({ apart });
    try {
      const run = randomUUID().slice(0, 8);
      const ref = String(Date.now() % 1e10).padStart(10, '0');
      const UNIT = `urn:epc:id:sgtin:4012345.011111.U-${run}`;
      const SSCC = `urn:epc:id:sscc:4012345.${ref}`;
      const UNIT_KEY = toNodeKey(parseIdentifier(UNIT))!;
      const doc = (events: unknown[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: events } });
      const ev = (n: number, e: Record<string, unknown>) => ({ eventID: `urn:uuid:${run}-${n}`, eventTimeZoneOffset: '+00:00', ...e });
      const pack = ev(2, { type: 'AggregationEvent', eventTime: '2026-03-02T08:00:00Z', action: 'ADD', bizStep: 'packing', parentID: SSCC, childEPCs: [UNIT] });
      const empty = ev(4, { type: 'AggregationEvent', eventTime: '2026-03-05T08:00:00Z', action: 'DELETE', bizStep: 'unpacking', parentID: SSCC });
      const load = (events: unknown[], name: string) => ingest(epcisItems(Readable.from([doc(events)]), name), { db, store });
      expect(await load([pack], 'a.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await load([{ ...empty, errorDeclaration: { declarationTime: '2026-03-06T00:00:00Z', reason: 'urn:epcglobal:cbv:er:incorrect_data' } }], 'b.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await load([empty], 'c.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
      const [row] = await db.all(`SELECT status, batch FROM ingest_log WHERE id = $1`, [`urn:uuid:${run}-4`]);
      expect(row!.status).toBe('retracted');
      const n = await store.neighbourhood(UNIT_KEY, { hops: 1, direction: 'forward' });
      const e = n.edges.find((x) => x.kind === 'PACKED_INTO');
      expect(e?.until ?? null).toBeNull(); // the erroneous unpacking must not close the containment
      expect(JSON.parse(String(row!.batch))).toEqual({ nodes: [], edges: [] });
    } finally {
      await close();
    }
  });
});

describe('two --strict runs at once', () => {
  /** An EPCIS event E about a unit of its own and its declaration D, inputs in two parts (the second once a gate opens), and a wait for a source's staged row. */
  function kit(db: Db, ev: Record<string, unknown>) {
    const run = randomUUID().slice(0, 8);
    const unit = `urn:epc:id:sgtin:4012345.011111.U-${run}`;
    const doc = (events: unknown[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: events } });
    const E = { eventID: `urn:uuid:${run}-1`, eventTimeZoneOffset: '+00:00', type: 'ObjectEvent', eventTime: '2026-03-01T08:00:00Z', epcList: [unit], ...ev };
    const D = { ...E, errorDeclaration: { declarationTime: '2026-03-06T00:00:00Z', reason: 'urn:epcglobal:cbv:er:incorrect_data' } };
    const epcis = (e: unknown, name: string) => epcisItems(Readable.from([doc([e])]), name);
    async function* two(first: AsyncIterable<ParseItem | ParseItem[]>, gate: Promise<void>, second: AsyncIterable<ParseItem | ParseItem[]>) {
      yield* first;
      await gate;
      yield* second;
    }
    const gate = () => {
      let open!: () => void;
      const g = new Promise<void>((r) => (open = r));
      return { g, open };
    };
    const staged = (source: string) => until(async () => (await db.all(`SELECT 1 FROM ingest_log WHERE source = $1 AND status = 'staged'`, [source])).length > 0);
    return { unit, E, D, epcis, two, gate, staged };
  }

  it('one waiting for the other\'s staged declaration, the other for its staged posting version: both end', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const p = await ready(db, store);
      const { E, D, epcis, two, gate, staged } = kit(db, { action: 'ADD', bizStep: 'commissioning' });
      const { g: gate1, open: open1 } = gate();
      const { g: gate2, open: open2 } = gate();
      // B stages a version of P1 first, then (once gate1 opens) brings event E
      const b = ingest(two(csvItems(HEAD + p.row('L1', 7), 'b.csv'), gate1, epcis(E, 'e.jsonld')), { db, store, strict: true, chunkSize: 1 });
      await staged('b.csv');
      await new Promise((r) => setTimeout(r, 20));
      // A stages a declaration of E, then (once gate2 opens) brings a version of P1
      const a = ingest(two(epcis(D, 'd.jsonld'), gate2, csvItems(HEAD + p.row('L1', 10), 'a.csv')), { db, store, strict: true, chunkSize: 1 });
      await staged('d.jsonld');
      open1(); // B: E is declared by A's staged declaration: B waits for A
      await new Promise((r) => setTimeout(r, 200));
      open2(); // A: P1 has B's staged version, B staged first: A waits for B
      const outcome = await Promise.race([Promise.all([a, b]).then(() => 'ended'), new Promise((r) => setTimeout(r, 3000)).then(() => 'stuck')]);
      if (outcome === 'stuck') {
        // unblock them for the teardown: discard A's staged declaration by hand
        await db.exclusive(() => db.run(`DELETE FROM ingest_log WHERE source = 'd.jsonld' AND status = 'staged'`));
        await Promise.allSettled([a, b]);
      }
      expect(outcome).toBe('ended');
      // one version of P1 holds (B's, kept last), and E, declared by A, is retracted
      expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(7);
      expect(await db.all(`SELECT status FROM ingest_log WHERE id = $1`, [E.eventID])).toEqual([{ status: 'retracted' }]);
    } finally {
      await close();
    }
  });

  it('the run that does not wait applies an event the other\'s staged declaration names: that run, kept, retracts it', async () => {
    const { db, store, close } = await memoryStore();
    try {
      const p = await ready(db, store);
      const { unit, E, D, epcis, two, gate, staged } = kit(db, { action: 'OBSERVE', bizStep: 'holding', disposition: 'recalled' });
      const { g: gate1, open: open1 } = gate();
      const { g: gate2, open: open2 } = gate();
      // A stages a version of P1, then brings E; B stages a declaration of E, then brings a version of P1
      const a = ingest(two(csvItems(HEAD + p.row('L1', 10), 'a.csv'), gate1, epcis(E, 'e.jsonld')), { db, store, strict: true, chunkSize: 1 });
      await staged('a.csv');
      const b = ingest(two(epcis(D, 'd.jsonld'), gate2, csvItems(HEAD + p.row('L1', 7), 'b.csv')), { db, store, strict: true, chunkSize: 1 });
      await staged('d.jsonld');
      open2(); // B: P1 has A's staged version: B waits for A
      await new Promise((r) => setTimeout(r, 200));
      open1(); // A: E is declared by B's staged declaration, but B waits for A: A goes on, and applies E
      const [ra, rb] = await Promise.all([a, b]);
      expect([ra.accepted, rb.accepted]).toEqual([2, 2]);
      expect(await db.all(`SELECT status FROM ingest_log WHERE id = $1`, [E.eventID])).toEqual([{ status: 'retracted' }]);
      const key = toNodeKey(parseIdentifier(unit))!;
      const { disposition } = (await store.lookup(key)).props;
      expect(disposition ?? null).toBeNull(); // the recall E set is given back: none remains
      expect(await qty(store, p.l1, 'CONSUMED_BY', p.op)).toBe(7);
    } finally {
      await close();
    }
  });
});
