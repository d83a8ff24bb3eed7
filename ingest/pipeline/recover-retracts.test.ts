// Recovery after a crash between a correction's log commit and its apply (a store apart from the log
// marks what a chunk retracts in the next chunk's commit): the records it retracts are marked first,
// as the run would have, so their postings and dispositions no longer count. An NDJSON `retracts`
// (kept in the record's raw) and a later version of an export posting (csv/row-key.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDb } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import type { IngestRecord, ParseItem } from '../record.ts';
import { parseNdjson } from '../ndjson/index.ts';
import { epcisItems } from './epcis-bridge.ts';
import { appendNew } from './log.ts';
import { ingest } from './pipeline.ts';
import { csvItems } from './test-kit.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lotgraph-recover-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The data directory's log and an embedded store apart from it (as Neo4j is). */
async function open() {
  const db = await openDb(join(dir, 'log.duckdb'));
  const storeDb = await openDb(join(dir, 'store.duckdb'));
  const store = await openEmbeddedStore(storeDb);
  return { db, store, close: async () => { await store.close(); await storeDb.close(); await db.close(); } };
}

/** Logs `items` as a run that died before applying them (its log commit done, nothing else). */
async function logThenDie(env: Awaited<ReturnType<typeof open>>, items: AsyncIterable<ParseItem>): Promise<void> {
  const recs: IngestRecord[] = [];
  for await (const it of items) if (it.ok) recs.push(it.record);
  expect((await appendNew(env.db, recs, 'logged', 'run-crashed')).appended).toHaveLength(recs.length);
  await env.close();
}

const doc = (evs: object[]) => JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-10T00:00:00Z', epcisBody: { eventList: evs } });
const nothing = () => epcisItems(Readable.from([doc([])]), 'empty.jsonld');

it('a recovered NDJSON correction retracts its target and gives back the older disposition', async () => {
  const epc = 'urn:epc:id:sgtin:4012345.011111.8001';
  let n = 0;
  const ev = (disposition: string, eventTime: string) => ({ type: 'ObjectEvent', eventID: `urn:uuid:rec-${++n}`, eventTime, eventTimeZoneOffset: '+00:00', action: 'OBSERVE', bizStep: 'holding', disposition, epcList: [epc] });
  const bad = ev('recalled', '2026-03-05T08:00:00Z');
  let env = await open();
  await ingest(epcisItems(Readable.from([doc([ev('active', '2026-03-01T08:00:00Z'), bad])]), 'a.jsonld'), env);
  const serial = 'serial:04012345111118:8001';
  expect((await env.store.lookup(serial)).props.disposition).toBe('recalled');
  await logThenDie(env, parseNdjson(Readable.from([JSON.stringify({ type: 'graph', id: 'fix-r', retracts: [bad.eventID], nodes: [] }) + '\n']), { source: 'g.ndjson' }));
  env = await open();
  try {
    expect((await ingest(nothing(), env)).recovered).toBe(1);
    expect(await env.db.all(`SELECT status FROM ingest_log WHERE id = $1`, [bad.eventID])).toEqual([{ status: 'retracted' }]);
    expect((await env.store.lookup(serial)).props).toMatchObject({ disposition: 'active', dispositionAt: '2026-03-01T08:00:00.000Z' });
  } finally {
    await env.close();
  }
});

it('a recovered later version of a posting retracts the earlier one: its quantity no longer counts', async () => {
  const head = 'operation,material,lot,qty,uom,consumed_at,posting\n';
  let env = await open();
  await ingest(csvItems(`operation,started_at,ended_at\nOP-R,2026-03-02T08:00:00Z,2026-03-02T12:00:00Z\n`, 'operations.csv'), env);
  await ingest(csvItems(`${head}OP-R,RAW,L1,12,kg,2026-03-02T08:10:00Z,4900001/1\n`, 'consumptions-1.csv'), env);
  const qty = async () => (await env.store.neighbourhood('lot:RAW:L1', { hops: 1, direction: 'forward' })).edges.find((e) => e.kind === 'CONSUMED_BY')?.qty;
  expect(await qty()).toBe(12);
  await logThenDie(env, csvItems(`${head}OP-R,RAW,L1,10,kg,2026-03-02T08:10:00Z,4900001/1\n`, 'consumptions-2.csv'));
  env = await open();
  try {
    expect((await ingest(nothing(), env)).recovered).toBe(1);
    expect(await qty()).toBe(10);
    const rows = await env.db.all(`SELECT source, status FROM ingest_log WHERE type = 'consumptions' ORDER BY seq`);
    expect(rows).toEqual([{ source: 'consumptions-1.csv', status: 'retracted' }, { source: 'consumptions-2.csv', status: 'applied' }]);
    expect(await env.db.all(`SELECT sum(qty) AS q FROM events WHERE edge = 'CONSUMED_BY' AND dst = 'op:OP-R'`)).toEqual([{ q: 10 }]);
  } finally {
    await env.close();
  }
});
