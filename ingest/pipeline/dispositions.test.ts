// The newest disposition by event time wins, whatever the order EPCIS events arrive in: within one
// document, across files, in a --strict run, on the embedded store (sharing the log's commit, or
// apart from it) and on a real Neo4j; a tie goes to the later arrival; an error declaration gives
// back the newest disposition that remains, so a corrective event older than the erroneous one
// holds, in either order; a rebuild gives the same.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/embedded-store.ts';
import type { GraphStore } from '../../graph/store.ts';
import { parseIdentifier, toNodeKey } from '../gs1/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest, type IngestOptions } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { parseNdjson } from '../ndjson/index.ts';
import { pipelineStore, racing } from './test-kit.ts';

/** A serial of one run (the Neo4j test server is shared) and ObjectEvents setting its disposition. */
function world(run: string) {
  const epc = `urn:epc:id:sgtin:4012345.011111.D-${run}`;
  let n = 0;
  const ev = (disposition: string, eventTime: string, bizStep = 'holding') => ({
    type: 'ObjectEvent', eventID: `urn:uuid:${run}-${++n}`, eventTime, eventTimeZoneOffset: '+00:00',
    action: 'OBSERVE', bizStep, disposition, epcList: [epc],
  });
  const declared = (e: ReturnType<typeof ev>) => ({ ...e, errorDeclaration: { declarationTime: '2026-03-09T00:00:00Z', reason: 'incorrect_data' } });
  const doc = (evs: unknown[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: evs } });
  return { ev, declared, doc, key: toNodeKey(parseIdentifier(epc))! };
}

const load = async (db: Db, store: GraphStore, text: string, o: Partial<IngestOptions> = {}, source = 'dispositions.jsonld') =>
  ingest(epcisItems(Readable.from([text]), source), { db, store, ...o });
const ndjson = async (db: Db, store: GraphStore, lines: unknown[], o: Partial<IngestOptions> = {}) =>
  ingest(parseNdjson(Readable.from([lines.map((l) => JSON.stringify(l)).join('\n') + '\n']), { source: 'g.ndjson' }), { db, store, ...o });
const held = async (store: GraphStore, key: string) => {
  const { disposition, dispositionAt } = (await store.lookup(key)).props;
  return { disposition, dispositionAt };
};

describe.each([
  { kind: 'embedded', apart: false },
  { kind: 'embedded', apart: true },
  { kind: 'neo4j', apart: true },
] as const)('the newest disposition wins ($kind, apart from the log: $apart)', ({ kind, apart }) => {
  let store: GraphStore;
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, db, close } = await pipelineStore(kind, { apart }));
  });
  afterAll(async () => {
    await close?.();
  });
  const run = () => Math.random().toString(36).slice(2, 8);

  it('in one document: a late-arriving older event does not undo a recall', async () => {
    const w = world(run());
    const s = await load(db, store, w.doc([w.ev('in_progress', '2026-03-01T08:00:00Z'), w.ev('recalled', '2026-03-05T08:00:00Z'), w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping')]));
    expect(s).toMatchObject({ accepted: 3, rejected: 0 });
    expect(await held(store, w.key)).toEqual({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z' });
  });

  it('across files, either order, and a tie goes to the later arrival', async () => {
    const w = world(run());
    const recall = w.ev('recalled', '2026-03-05T08:00:00Z');
    const transit = w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping');
    await load(db, store, w.doc([recall]), {}, 'qms.jsonld');
    await load(db, store, w.doc([transit]), {}, 'wms.jsonld');
    expect(await held(store, w.key)).toEqual({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z' });
    // a newer one still replaces it
    await load(db, store, w.doc([w.ev('destroyed', '2026-03-07T08:00:00Z', 'destroying')]), {}, 'qms-2.jsonld');
    expect((await held(store, w.key)).disposition).toBe('destroyed');
    await load(db, store, w.doc([w.ev('inactive', '2026-03-07T08:00:00Z', 'decommissioning')]), {}, 'qms-3.jsonld');
    expect((await held(store, w.key)).disposition).toBe('inactive');
  });

  it('in a --strict run of many chunks (applied only at its end)', async () => {
    const w = world(run());
    const evs = [w.ev('recalled', '2026-03-05T08:00:00Z'), w.ev('in_transit', '2026-03-03T08:00:00Z'), w.ev('active', '2026-03-01T08:00:00Z')];
    expect(await load(db, store, w.doc(evs), { strict: true, chunkSize: 1 })).toMatchObject({ accepted: 3, rejected: 0, rolledBack: false });
    expect(await held(store, w.key)).toEqual({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z' });
  });

  it.each([
    { order: 'the corrective event first', first: 'corrective' },
    { order: 'the declaration first', first: 'declaration' },
  ])('an error declaration gives back the newest that remains: an older corrective event holds ($order)', async ({ first }) => {
    const w = world(run());
    const erroneous = w.ev('recalled', '2026-03-05T08:00:00Z');
    await load(db, store, w.doc([w.ev('active', '2026-03-01T08:00:00Z'), erroneous]), {}, 'a.jsonld');
    expect((await held(store, w.key)).disposition).toBe('recalled');
    const corrective = w.ev('in_transit', '2026-03-04T08:00:00Z', 'shipping');
    const docs = first === 'corrective' ? [[corrective], [w.declared(erroneous)]] : [[w.declared(erroneous)], [corrective]];
    for (const [i, d] of docs.entries()) expect(await load(db, store, w.doc(d), {}, `fix-${i}.jsonld`)).toMatchObject({ accepted: 1, rejected: 0 });
    expect(await held(store, w.key)).toEqual({ disposition: 'in_transit', dispositionAt: '2026-03-04T08:00:00.000Z' });
    // a declaration alone gives back what came before
    const v = world(run());
    const bad = v.ev('recalled', '2026-03-05T08:00:00Z');
    await load(db, store, v.doc([v.ev('active', '2026-03-01T08:00:00Z'), bad]), {}, 'b.jsonld');
    await load(db, store, v.doc([v.declared(bad)]), {}, 'b-fix.jsonld');
    expect(await held(store, v.key)).toEqual({ disposition: 'active', dispositionAt: '2026-03-01T08:00:00.000Z' });
  });

  it('a declaration of the only event that set a disposition clears it, as a rebuild has none', async () => {
    const w = world(run());
    const bad = w.ev('recalled', '2026-03-05T08:00:00Z');
    await load(db, store, w.doc([bad]), {}, 'only.jsonld');
    expect((await held(store, w.key)).disposition).toBe('recalled');
    expect(await load(db, store, w.doc([w.declared(bad)]), {}, 'only-fix.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
    const { disposition, dispositionAt } = await held(store, w.key);
    expect({ disposition: disposition ?? null, dispositionAt: dispositionAt ?? null }).toEqual({ disposition: null, dispositionAt: null });
    // any later event sets one again
    await load(db, store, w.doc([w.ev('in_transit', '2026-03-01T08:00:00Z', 'shipping')]), {}, 'only-2.jsonld');
    expect(await held(store, w.key)).toEqual({ disposition: 'in_transit', dispositionAt: '2026-03-01T08:00:00.000Z' });
  });

  it('an NDJSON record that retracts an event gives back the disposition before it, in a --strict run too', async () => {
    for (const strict of [false, true]) {
      const w = world(run());
      const bad = w.ev('recalled', '2026-03-05T08:00:00Z');
      await load(db, store, w.doc([w.ev('active', '2026-03-01T08:00:00Z'), bad]), {}, 'n.jsonld');
      expect((await held(store, w.key)).disposition).toBe('recalled');
      const fix = JSON.stringify({ type: 'graph', id: `fix-${w.key}`, retracts: [bad.eventID], nodes: [] });
      expect(await ingest(parseNdjson(Readable.from([fix + '\n']), { source: 'fix.ndjson' }), { db, store, strict })).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await held(store, w.key)).toEqual({ disposition: 'active', dispositionAt: '2026-03-01T08:00:00.000Z' });
    }
  });

  it('a correction that sets a disposition itself wins a tie against the one given back (the later arrival)', async () => {
    const key = `serial:04012345111118:TIE-${run()}`;
    const node = (disposition: string) => ({ kind: 'Serial', key, props: { disposition } });
    const g = `g-${key}`;
    await ndjson(db, store, [{ type: 'graph', id: `${g}-0`, nodes: [node('active')] }]);
    await ndjson(db, store, [{ type: 'graph', id: `${g}-1`, nodes: [node('released')] }]);
    expect((await held(store, key)).disposition).toBe('released');
    // the second was wrong: the correction says what the serial is instead
    expect(await ndjson(db, store, [{ type: 'graph', id: `${g}-2`, retracts: [`${g}-1`], nodes: [node('quarantined')] }])).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await held(store, key)).disposition).toBe('quarantined');
  });

  it('a disposition without a time given back keeps no time beside it', async () => {
    const w = world(run());
    const line = JSON.stringify({ type: 'graph', id: `g0-${w.key}`, nodes: [{ kind: 'Serial', key: w.key, props: { disposition: 'released' } }] });
    await ingest(parseNdjson(Readable.from([line + '\n']), { source: 'g.ndjson' }), { db, store });
    const bad = w.ev('recalled', '2026-03-05T08:00:00Z');
    await load(db, store, w.doc([bad]), {}, 'r.jsonld');
    await load(db, store, w.doc([w.declared(bad)]), {}, 'r-fix.jsonld');
    expect(await held(store, w.key)).toEqual({ disposition: 'released', dispositionAt: null });
    // so a later event with any time replaces it
    await load(db, store, w.doc([w.ev('in_transit', '2026-03-04T08:00:00Z', 'shipping')]), {}, 'r-2.jsonld');
    expect((await held(store, w.key)).disposition).toBe('in_transit');
  });

  it('a graph batch setting a disposition without a time counts as older than one with a time', async () => {
    const w = world(run());
    await load(db, store, w.doc([w.ev('recalled', '2026-03-05T08:00:00Z')]));
    const line = JSON.stringify({ type: 'graph', id: `g-${w.key}`, nodes: [{ kind: 'Serial', key: w.key, props: { disposition: 'released', note: 'kept' } }] });
    expect(await ingest(parseNdjson(Readable.from([line + '\n']), { source: 'g.ndjson' }), { db, store })).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await store.lookup(w.key)).props).toMatchObject({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z', note: 'kept' });
  });

  it('a disposition stored without its time (an older lotgraph) is replaced by one with a time', async () => {
    const w = world(run());
    await store.upsert({ nodes: [{ kind: 'Serial', key: w.key, props: { disposition: 'recalled' } }] });
    await load(db, store, w.doc([w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping')]));
    expect(await held(store, w.key)).toEqual({ disposition: 'in_transit', dispositionAt: '2026-03-03T08:00:00.000Z' });
  });
});

describe('dispositions on a rebuild (embedded)', () => {
  const replayed = async (db: Db) => {
    const { openDb } = await import('../../analytics/db.ts');
    return openEmbeddedStore(await openDb(':memory:')).then(async (fresh) => {
      await replayLog(db, fresh);
      return fresh;
    });
  };

  it('gives what the live store holds when a declaration leaves no disposition', async () => {
    const { store, db, close } = await pipelineStore('embedded');
    try {
      const w = world('lonely');
      const bad = w.ev('recalled', '2026-03-05T08:00:00Z');
      await load(db, store, w.doc([bad]), {}, 'a.jsonld');
      await load(db, store, w.doc([w.declared(bad)]), {}, 'a-fix.jsonld');
      const fresh = await replayed(db);
      try {
        const none = (h: Awaited<ReturnType<typeof held>>) => ({ disposition: h.disposition ?? null, dispositionAt: h.dispositionAt ?? null });
        expect(none(await held(fresh, w.key))).toEqual(none(await held(store, w.key)));
        expect(none(await held(fresh, w.key))).toEqual({ disposition: null, dispositionAt: null });
      } finally {
        await fresh.close();
      }
    } finally {
      await close();
    }
  });

  it('a log from before dispositionAt: the event time is the disposition\'s, so a late older event does not undo a recall', async () => {
    const { store, db, close } = await pipelineStore('embedded');
    try {
      const w = world('upgrade');
      await load(db, store, w.doc([w.ev('recalled', '2026-03-05T08:00:00Z')]), {}, 'old.jsonld');
      // as a lotgraph of before 2026-12-04 logged it: the disposition without its time (the row's `at` is the event time)
      await db.run(`UPDATE ingest_log SET batch = replace(batch, ',"dispositionAt":"2026-03-05T08:00:00.000Z"', '')`);
      const [row] = await db.all(`SELECT batch, "at" FROM ingest_log`);
      expect(String(row!.batch)).not.toContain('dispositionAt');
      expect(Number(row!.at)).toBe(Date.parse('2026-03-05T08:00:00Z'));
      const fresh = await replayed(db); // lotgraph rebuild after the upgrade
      try {
        expect(await held(fresh, w.key)).toEqual({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z' });
        await load(db, fresh, w.doc([w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping')]), {}, 'wms-late.jsonld');
        expect((await held(fresh, w.key)).disposition).toBe('recalled');
      } finally {
        await fresh.close();
      }
    } finally {
      await close();
    }
  });

  it('the log keeps what each event said; a replay into a fresh store gives the same dispositions, corrections included', async () => {
    const { store, db, close } = await pipelineStore('embedded');
    try {
      const w = world('rebuild');
      await load(db, store, w.doc([w.ev('recalled', '2026-03-05T08:00:00Z')]), {}, 'a.jsonld');
      const late = w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping');
      await load(db, store, w.doc([late]), {}, 'b.jsonld');
      const [row] = await db.all(`SELECT batch FROM ingest_log WHERE id = $1`, [late.eventID]);
      const node = (JSON.parse(String(row!.batch)).nodes as { key: string; props?: Record<string, unknown> }[]).find((x) => x.key === w.key)!;
      expect(node.props?.disposition).toBe('in_transit'); // logged as the event said, not applied
      // a second serial: recalled in error, declared, its corrective event older
      const v = world('rebuild-2');
      const bad = v.ev('recalled', '2026-03-05T08:00:00Z');
      await load(db, store, v.doc([v.ev('active', '2026-03-01T08:00:00Z'), bad, v.ev('in_transit', '2026-03-04T08:00:00Z', 'shipping')]), {}, 'c.jsonld');
      await load(db, store, v.doc([v.declared(bad)]), {}, 'c-fix.jsonld');
      expect((await held(store, v.key)).disposition).toBe('in_transit');
      const { openDb } = await import('../../analytics/db.ts');
      const fresh = await openEmbeddedStore(await openDb(':memory:'));
      try {
        await replayLog(db, fresh);
        expect(await held(fresh, w.key)).toEqual({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z' });
        expect(await held(fresh, w.key)).toEqual(await held(store, w.key));
        expect(await held(fresh, v.key)).toEqual({ disposition: 'in_transit', dispositionAt: '2026-03-04T08:00:00.000Z' });
      } finally {
        await fresh.close();
      }
    } finally {
      await close();
    }
  });
});

describe('the end of a --strict run against a concurrent ingest (embedded, sharing the log)', () => {
  it('reads what the store holds and writes in one step: a newer disposition committed meanwhile is not overwritten', async () => {
    const { store, db, close } = await pipelineStore('embedded');
    try {
      const w = world('race');
      // after the first read of what the store holds (at the --strict run's end), another ingest, of a
      // newer disposition, starts and is given time to commit if it can before the write
      const race = racing(store, 'propsOf', () => load(db, store, w.doc([w.ev('recalled', '2026-03-05T08:00:00Z')]), {}, 'qms.jsonld'));
      expect(await load(db, race.store, w.doc([w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping')]), { strict: true }, 'wms.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await race.other()).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await held(store, w.key)).toEqual({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z' });
      const [[logged]] = (await db.columns(`SELECT count(*) FROM ingest_log WHERE status <> 'applied'`)) as bigint[][];
      expect(Number(logged)).toBe(0);
    } finally {
      await close();
    }
  });
});

describe.each(['embedded', 'neo4j'] as const)('two ingests at once on a store apart from the log (%s)', (kind) => {
  it('plans and writes one at a time: a newer disposition committed meanwhile is not overwritten by an older one planned before it', async () => {
    const { store, db, close } = await pipelineStore(kind, { apart: true });
    try {
      const w = world(`apart-race-${Math.random().toString(36).slice(2, 8)}`);
      // once the first ingest has read what the store holds, a second one, of a newer disposition,
      // starts through the same store (the same lock) and is given time to write if it can before the first writes
      const race = racing(store, 'propsOf', (through) => load(db, through, w.doc([w.ev('recalled', '2026-03-05T08:00:00Z')]), {}, 'qms.jsonld'));
      expect(await load(db, race.store, w.doc([w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping')]), {}, 'wms.jsonld')).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await race.other()).toMatchObject({ accepted: 1, rejected: 0 });
      expect(await held(store, w.key)).toEqual({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z' });
      const [[pending]] = (await db.columns(`SELECT count(*) FROM ingest_log WHERE status <> 'applied'`)) as bigint[][];
      expect(Number(pending)).toBe(0);
    } finally {
      await close();
    }
  });
});
