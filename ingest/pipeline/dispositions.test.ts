// The newest disposition by event time wins, whatever the order EPCIS events arrive in: within one
// document, across files, in a --strict run, on the embedded store (sharing the log's commit, or
// apart from it) and on a real Neo4j; a rebuild gives the same; a tie goes to the later arrival.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/embedded-store.ts';
import type { GraphStore } from '../../graph/store.ts';
import { parseIdentifier, toNodeKey } from '../gs1/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { ingest, type IngestOptions } from './pipeline.ts';
import { replayLog } from './replay.ts';
import { pipelineStore } from './test-kit.ts';

/** A serial of one run (the Neo4j test server is shared) and ObjectEvents setting its disposition. */
function world(run: string) {
  const epc = `urn:epc:id:sgtin:4012345.011111.D-${run}`;
  let n = 0;
  const ev = (disposition: string, eventTime: string, bizStep = 'holding') => ({
    type: 'ObjectEvent', eventID: `urn:uuid:${run}-${++n}`, eventTime, eventTimeZoneOffset: '+00:00',
    action: 'OBSERVE', bizStep, disposition, epcList: [epc],
  });
  const doc = (evs: unknown[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: evs } });
  return { ev, doc, key: toNodeKey(parseIdentifier(epc))! };
}

const load = async (db: Db, store: GraphStore, text: string, o: Partial<IngestOptions> = {}, source = 'dispositions.jsonld') =>
  ingest(epcisItems(Readable.from([text]), source), { db, store, ...o });
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

  it('a disposition stored without its time (an older lotgraph) is replaced by one with a time', async () => {
    const w = world(run());
    await store.upsert({ nodes: [{ kind: 'Serial', key: w.key, props: { disposition: 'recalled' } }] });
    await load(db, store, w.doc([w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping')]));
    expect(await held(store, w.key)).toEqual({ disposition: 'in_transit', dispositionAt: '2026-03-03T08:00:00.000Z' });
  });
});

describe('dispositions on a rebuild (embedded)', () => {
  it('the log keeps what was applied: a replay into a fresh store gives the same disposition', async () => {
    const { store, db, close } = await pipelineStore('embedded');
    try {
      const w = world('rebuild');
      await load(db, store, w.doc([w.ev('recalled', '2026-03-05T08:00:00Z')]), {}, 'a.jsonld');
      const late = w.ev('in_transit', '2026-03-03T08:00:00Z', 'shipping');
      await load(db, store, w.doc([late]), {}, 'b.jsonld');
      const [row] = await db.all(`SELECT batch, raw FROM ingest_log WHERE id = $1`, [late.eventID]);
      const node = (JSON.parse(String(row!.batch)).nodes as { key: string; props?: Record<string, unknown> }[]).find((x) => x.key === w.key)!;
      expect(node.props?.disposition).toBeUndefined();
      expect(String(row!.raw)).toContain('in_transit'); // what the event said stays in the log
      const { openDb } = await import('../../analytics/db.ts');
      const fresh = await openEmbeddedStore(await openDb(':memory:'));
      try {
        await replayLog(db, fresh);
        expect(await held(fresh, w.key)).toEqual({ disposition: 'recalled', dispositionAt: '2026-03-05T08:00:00.000Z' });
        expect(await held(fresh, w.key)).toEqual(await held(store, w.key));
      } finally {
        await fresh.close();
      }
    } finally {
      await close();
    }
  });
});
