/**
 * A GraphStore whose writes go through a real ingest format and the one ingest pipeline: each
 * `upsert(batch)` has the batch written as source files (CSV templates, an EPCIS document...), read
 * back by the real parsers and run through `ingest()` (validation, time order, the DuckDB ingest
 * log, apply) into an embedded store; reads go to that store. A record the pipeline rejects fails
 * the write, so nothing is lost quietly; a batch the format cannot express throws NotExpressible.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../analytics/db.ts';
import { openEmbeddedStore } from '../../graph/embedded/index.ts';
import type { Batch } from '../../graph/model.ts';
import type { GraphStore, UpsertResult } from '../../graph/store.ts';
import { ingest, type IngestSummary } from '../pipeline/index.ts';
import { itemsOfPaths } from '../pipeline/sources.ts';

/** Writes one batch as source files into `dir` (names starting with `prefix`); returns them in ingest order. */
export type WriteSources = (batch: Batch, dir: string, prefix: string) => Promise<string[]>;

/** The ingest store's own parts, for tests that look behind it. */
export interface IngestStore extends GraphStore {
  db: Db;
  inner: GraphStore;
  /** Summaries of every ingest run so far, in order. */
  runs: IngestSummary[];
  /** Source files written so far, in order. */
  files: string[];
}

const add = (a: UpsertResult, b: UpsertResult): UpsertResult => ({
  nodesCreated: a.nodesCreated + b.nodesCreated, nodesUpdated: a.nodesUpdated + b.nodesUpdated,
  edgesCreated: a.edgesCreated + b.edgesCreated, edgesUpdated: a.edgesUpdated + b.edgesUpdated,
  edgesRemoved: a.edgesRemoved + b.edgesRemoved, unchanged: a.unchanged + b.unchanged,
});
const ZERO: UpsertResult = { nodesCreated: 0, nodesUpdated: 0, edgesCreated: 0, edgesUpdated: 0, edgesRemoved: 0, unchanged: 0 };

/** The read methods of `s`, bound (a store may be a class instance: spreading it would lose them). */
export function reads(s: GraphStore): Pick<GraphStore, 'trace' | 'recallImpact' | 'path' | 'neighbourhood' | 'lookup' | 'search' | 'stats'> {
  return {
    trace: (q) => s.trace(q),
    recallImpact: (q) => s.recallImpact(q),
    path: (a, b, o) => s.path(a, b, o),
    neighbourhood: (id, o) => s.neighbourhood(id, o),
    lookup: (id) => s.lookup(id),
    search: (q, l) => s.search(q, l),
    stats: () => s.stats(),
  };
}

/** A fresh in-memory DuckDB and embedded store, written to only through `write` + `ingest()`. */
export async function openIngestStore(name: string, write: WriteSources): Promise<IngestStore> {
  const db = await openDb(':memory:');
  const inner = await openEmbeddedStore(db);
  const dir = await mkdtemp(join(tmpdir(), 'lotgraph-ingest-conformance-'));
  let n = 0;
  let writes: Promise<unknown> = Promise.resolve();
  const runs: IngestSummary[] = [];
  const files: string[] = [];

  const once = async (batch: Batch): Promise<UpsertResult> => {
    const paths = await write(batch, dir, `w${++n}-`);
    files.push(...paths);
    // The pipeline's own writes into the store, summed: what the one direct upsert would report, split
    // in chunks. The embedded store shares the log's database, so the pipeline writes through
    // sharedWrite (log and graph in one commit), as `lotgraph ingest` does.
    let result = ZERO;
    const counting: GraphStore = {
      name: inner.name,
      ...reads(inner),
      close: () => Promise.resolve(),
      upsert: async (b) => {
        const r = await inner.upsert(b);
        result = add(result, r);
        return r;
      },
      sharesDatabase: (owner) => inner.sharesDatabase?.(owner) === true,
      edgeQuantity: (kind, from, to) => inner.edgeQuantity(kind, from, to),
      sharedWrite: async (owner, prepare) => {
        const r = await inner.sharedWrite!(owner, prepare);
        result = add(result, r.result);
        return r;
      },
    };
    const summary = await ingest(itemsOfPaths(paths), { db, store: counting });
    runs.push(summary);
    if (summary.rejected > 0) {
      const why = summary.rejects.map((r) => `${r.pos.source}:${r.pos.line ?? r.pos.record ?? ''}${r.pos.field ? ` [${r.pos.field}]` : ''}: ${r.reason}${r.value !== undefined ? ` (value: ${r.value})` : ''}`);
      throw new Error(`ingest (${name}) rejected ${summary.rejected} of ${summary.records} records:\n  ${why.join('\n  ')}`);
    }
    if (summary.accepted + summary.duplicates !== summary.records) throw new Error(`ingest (${name}): ${summary.records} records read, ${summary.accepted} accepted, ${summary.duplicates} duplicates`);
    return result;
  };

  return {
    name: `${inner.name} via ${name}`,
    db,
    inner,
    runs,
    files,
    // Writes queue up: one ingest run at a time on the one database, as the CLI and server do.
    upsert: (b) => {
      const next = writes.then(() => once(b));
      writes = next.catch(() => undefined);
      return next;
    },
    ...reads(inner),
    close: async () => {
      await writes;
      await inner.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
