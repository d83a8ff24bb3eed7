/** Test helpers for the pipeline: a real in-memory DuckDB with the embedded store, and items from strings. */
import { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../graph/embedded/index.ts';
import { openNeo4jStore } from '../../graph/neo4j/index.ts';
import { cfgFromEnv } from '../../graph/neo4j/test-env.ts';
import type { GraphStore } from '../../graph/store.ts';
import { parseCsv } from '../csv/index.ts';
import type { Mapping } from '../csv/mapping.ts';
import type { ParseItem } from '../record.ts';

/**
 * A fresh in-memory database (`db`, holding the ingest log) and embedded store; `close()` ends both.
 * With `apart`, the store persists to a second database, as Neo4j keeps its data apart from the log:
 * the pipeline then logs, applies and marks in separate steps instead of one shared commit.
 */
export async function memoryStore(o: { apart?: boolean } = {}): Promise<{ db: Db; store: EmbeddedStore; close(): Promise<void> }> {
  const db = await openDb(':memory:');
  const storeDb = o.apart ? await openDb(':memory:') : db;
  return closing(db, await openEmbeddedStore(storeDb), storeDb);
}

/**
 * The log's database and a store of `kind`: the embedded store (`memoryStore`), or the shared test
 * Neo4j (apart from the log; the caller keeps its keys unique to the run).
 */
export async function pipelineStore(kind: 'embedded' | 'neo4j', o: { apart?: boolean } = {}): Promise<{ db: Db; store: GraphStore; close(): Promise<void> }> {
  if (kind === 'embedded') return memoryStore(o);
  return closing(await openDb(':memory:'), await openNeo4jStore(cfgFromEnv()));
}

/** The stores the pipeline's suites run on: the embedded store sharing the log's commits, or apart from it, and Neo4j. */
export const PIPELINE_STORES = [
  { kind: 'embedded', apart: false },
  { kind: 'embedded', apart: true },
  { kind: 'neo4j', apart: true },
] as const;

/** A `pipelineStore` opened before the suite's tests and closed after them (read its fields in a test). */
export function suiteStore(kind: 'embedded' | 'neo4j', o: { apart?: boolean } = {}): { db: Db; store: GraphStore } {
  const s = {} as { db: Db; store: GraphStore; close?: () => Promise<void> };
  beforeAll(async () => {
    Object.assign(s, await pipelineStore(kind, o));
  });
  afterAll(async () => {
    await s.close?.();
  });
  return s;
}

/** `db` and `store` with a `close()` that ends the store, then the databases. */
function closing<S extends GraphStore>(db: Db, store: S, storeDb: Db = db): { db: Db; store: S; close(): Promise<void> } {
  return {
    db,
    store,
    close: async () => {
      await store.close();
      await db.close();
      if (storeDb !== db) await storeDb.close();
    },
  };
}

/** Parse items of CSV text named `source`. */
export function csvItems(text: string, source: string, mapping?: Mapping): AsyncIterable<ParseItem> {
  return parseCsv(Readable.from([Buffer.from(text)]), { source, ...(mapping ? { mapping } : {}) });
}

/** An EPCIS 2.0 JSON-LD document of `events` (the standard context, a creation date), as text. */
export const epcisDoc = (events: readonly unknown[], creationDate = '2026-03-10T00:00:00Z'): string =>
  JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate, epcisBody: { eventList: events } });

/** Items of several iterables, one after another. */
export async function* concat(...its: AsyncIterable<ParseItem>[]): AsyncGenerator<ParseItem> {
  for (const it of its) yield* it;
}

/**
 * `store`, except that the first call of its `hook` starts `start` (another ingest, through this
 * same object, so it shares what a process shares per store) and waits 300 ms: time for that other
 * ingest to write, if it can. `propsOf` (what a write's plan reads of the store) waits after
 * reading; `upsert` (a write whose plan has read the log's totals) waits before writing.
 */
export function racing(store: GraphStore, hook: 'propsOf' | 'upsert', start: (through: GraphStore) => Promise<unknown>) {
  let other: Promise<unknown> | undefined;
  const stall = async () => {
    if (other) return;
    other = start(through);
    await new Promise((r) => setTimeout(r, 300));
  };
  const through: GraphStore = new Proxy(store, {
    get(t, p) {
      if (p === 'propsOf' && hook === 'propsOf') {
        return async (keys: string[]) => {
          const read = await t.propsOf!(keys);
          await stall();
          return read;
        };
      }
      if (p === 'upsert' && hook === 'upsert') {
        return async (...a: Parameters<GraphStore['upsert']>) => {
          await stall();
          return t.upsert(...a);
        };
      }
      const v = Reflect.get(t, p, t) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  return {
    store: through,
    other: () => {
      if (!other) throw new Error(`the race never came: no ${hook} call`);
      return other;
    },
  };
}
