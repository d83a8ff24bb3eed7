/**
 * Applying logged records to a GraphStore: many records merged into one upsert (the store's batch
 * merge keeps their order: later fields win), split where a record removes edges so removals land
 * between the right writes. A merged batch the store refuses is retried record by record so one
 * bad record cannot sink its neighbours.
 */
import type { Db } from '../../analytics/db.ts';
import type { Batch } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import { isLgError, type LgError } from '../../lib/errors.ts';
import type { RecordError, SourcePos } from '../record.ts';
import { markApplied, markFailed, setApplied, type LoggedRecord, type LogStatus } from './log.ts';
import { readLog } from './read-log.ts';
import { newestDispositions } from './dispositions.ts';
import { totalBatches } from './posting-totals.ts';

/** Merges batches (nodes and edges concatenated in order; removals last). */
export function mergeBatches(batches: Batch[]): Batch {
  const out: Required<Batch> = { nodes: [], edges: [], removeEdges: [] };
  for (const b of batches) {
    if (b.nodes) for (const n of b.nodes) out.nodes.push(n);
    if (b.edges) for (const e of b.edges) out.edges.push(e);
    if (b.removeEdges) for (const e of b.removeEdges) out.removeEdges.push(e);
  }
  return out;
}

/**
 * `batch` removing, besides what it removes, every edge the `retracted` batches asserted that it does
 * not assert again (OF_MATERIAL, which a key implies, never), each named once.
 */
export function withRemovalsOf(batch: Batch, retracted: Iterable<Batch>): Batch {
  const seen = new Set([...(batch.edges ?? []), ...(batch.removeEdges ?? [])].map((e) => `${e.kind}|${e.from}|${e.to}`));
  const gone = [...(batch.removeEdges ?? [])];
  for (const b of retracted) for (const e of b.edges ?? []) {
    const k = `${e.kind}|${e.from}|${e.to}`;
    if (e.kind !== 'OF_MATERIAL' && !seen.has(k)) gone.push({ kind: e.kind, from: e.from, to: e.to });
    seen.add(k);
  }
  return { ...batch, removeEdges: gone };
}

/**
 * Segments that may be merged: a record with removals is a segment of its own. After it, so that
 * removals land before what later records assert; before it, so that the postings of the records
 * before it are in the log (`events`) when its removals are checked against the other postings
 * of an edge (posting-totals.ts keepOthers), else an edge they assert would be removed with it.
 */
function segments<R extends { batch: Batch }>(recs: R[]): R[][] {
  const out: R[][] = [[]];
  for (const r of recs) {
    if (r.batch.removeEdges?.length) {
      out.push([r], []);
      continue;
    }
    out[out.length - 1]!.push(r);
  }
  return out.filter((s) => s.length > 0);
}

export interface Applied {
  applied: number;
  /** The records applied (for the caller to mark in the log). */
  ok: LoggedRecord[];
  failed: { rec: LoggedRecord; error: RecordError }[];
}

/**
 * Upserts records into `store`; with `markFails`, records refused by the store are marked failed;
 * with `markOk`, the records applied are marked applied (else the caller marks them). Store outages
 * throw (the records stay 'logged' and are re-applied on the next run).
 *
 * A store that persists to the log's own database (the embedded store) reads what it holds (for
 * the dispositions and totals), writes, and marks the records applied in one commit under the
 * database's queue (`sharedWrite`): no other ingest can commit between that read and the write, and
 * a crash leaves a record applied and marked, or neither. A store apart from the log (Neo4j) reads
 * and writes one plan at a time in this process (`oneAtATime`), then the log is marked: a record
 * applied but not yet marked is applied again by the next recovery, which its upsert's idempotency
 * absorbs.
 */
export async function applyRecords(db: Db, store: GraphStore, recs: LoggedRecord[], markFails: boolean, markOk = false): Promise<Applied> {
  const together = store.sharedWrite !== undefined && store.sharesDatabase?.(db) === true;
  const plan = async (rs: LoggedRecord[], queued: boolean) => mergeBatches(await newestDispositions(db, store, rs, await totalBatches(db, rs, { counted: true, queued }), queued));
  const { ok, refused } = await writeSegments(recs, async (rs) => {
    if (!together) return oneAtATime(store, async () => store.upsert(await plan(rs, false)));
    return store.sharedWrite!(db, async () => ({ batch: await plan(rs, true), write: async () => (markOk ? setApplied(db, { recs: rs, retracted: [] }) : undefined) }));
  });
  if (markOk && !together) await markApplied(db, { recs: ok, retracted: [] });
  const where = await positionsOf(db, refused.map((r) => r.rec.seq));
  const failed = refused.map(({ rec, error }) => ({ rec, error: { pos: where.get(rec.seq) ?? { source: rec.source }, reason: `the store refused record ${rec.id}: ${error.message}` } }));
  if (markFails) await markFailed(db, failed.map((f) => f.rec.seq));
  return { applied: ok.length, ok, failed };
}

/**
 * Per store apart from the log: one plan-and-upsert at a time in this process, whichever ingest,
 * recovery or rebuild it serves. The plan reads what the store holds (dispositions) and the
 * postings logged so far (totals); another ingest's upsert landing between that read and this
 * write would be overwritten by a value planned without it (an older disposition over a newer one,
 * a total missing a posting). The read and the write are still two steps of the store, so another
 * process writing to the same Neo4j can interleave; one server owns a data directory.
 */
const apartTail = new WeakMap<GraphStore, Promise<unknown>>();
function oneAtATime<T>(store: GraphStore, fn: () => Promise<T>): Promise<T> {
  const next = (apartTail.get(store) ?? Promise.resolve()).then(fn, fn);
  apartTail.set(store, next.catch(() => undefined));
  return next;
}

/** The source positions (file, line, record number in the file) the log holds for `seqs`: rejects name those, not log seqs. */
async function positionsOf(db: Db, seqs: number[]): Promise<Map<number, SourcePos>> {
  const out = new Map<number, SourcePos>();
  if (seqs.length === 0) return out;
  const rows = await db.exclusive(() => db.all(
    /* sql */ `SELECT seq, pos FROM ingest_log WHERE list_contains(from_json($1::JSON, '["BIGINT"]'), seq)`,
    [JSON.stringify(seqs)],
  ));
  for (const r of rows) {
    try {
      out.set(Number(r.seq), JSON.parse(String(r.pos)) as SourcePos);
    } catch {
      // a row without a readable position keeps the source alone
    }
  }
  return out;
}

/** True when the store refused a batch for what it holds (not an outage): the write can go again record by record. */
export const refusedByStore = (e: unknown): e is LgError => isLgError(e) && (e.code === 'LG_INVALID_BATCH' || e.code === 'LG_BAD_ID');

/**
 * Writes `recs` merged segment by segment (`segments`); a segment the store refuses goes again
 * record by record, so only the culprits are refused and their neighbours written. Other errors
 * (outages) throw. Shared by the apart path (applyRecords) and the one-commit path (pipeline.ts).
 */
export async function writeSegments<R extends { batch: Batch }>(recs: R[], write: (rs: R[]) => Promise<unknown>): Promise<{ ok: R[]; refused: { rec: R; error: LgError }[] }> {
  const ok: R[] = [];
  const refused: { rec: R; error: LgError }[] = [];
  for (const seg of segments(recs)) {
    try {
      await write(seg);
      ok.push(...seg);
    } catch (e) {
      if (!refusedByStore(e)) throw e;
      for (const r of seg) {
        try {
          await write([r]);
          ok.push(r);
        } catch (e2) {
          if (!refusedByStore(e2)) throw e2;
          refused.push({ rec: r, error: e2 });
        }
      }
    }
  }
  return { ok, refused };
}

/** Applies log rows with `statuses` (optionally of one run) in seq order, page by page (constant memory). */
export async function applyLog(
  db: Db,
  store: GraphStore,
  o: { statuses: LogStatus[]; run?: string; mark: boolean; pageSize?: number; onPage?: (applied: number) => void },
): Promise<Applied> {
  const total: Applied = { applied: 0, ok: [], failed: [] };
  let after = 0;
  for (;;) {
    const page = await readLog(db, { afterSeq: after, limit: o.pageSize ?? 5000, statuses: o.statuses, ...(o.run ? { run: o.run } : {}) });
    if (page.length === 0) return total;
    const r = await applyRecords(db, store, page, o.mark, o.mark);
    total.applied += r.applied;
    total.failed.push(...r.failed);
    after = page[page.length - 1]!.seq;
    o.onPage?.(total.applied);
  }
}
