/**
 * `lotgraph rebuild`: replays the ingest log in seq order into a store (a fresh embedded store, or
 * Neo4j). Retracted records are replayed too: the corrections that follow them carry the removals,
 * so the result is the same history. Statuses are not changed (the log describes its own store).
 */
import type { Db } from '../../analytics/db.ts';
import type { GraphStore } from '../../graph/store.ts';
import type { ProgressFn } from '../../lib/progress.ts';
import { applyLog } from './apply.ts';
import { logState } from './log-schema.ts';

/** Replays every applied (or pending) log record into `store`; resolves to the number replayed. */
export async function replayLog(db: Db, store: GraphStore, onProgress?: ProgressFn): Promise<number> {
  await logState(db);
  const [n] = await db.columns(`SELECT count(*) FROM ingest_log WHERE status IN ('applied', 'retracted', 'logged')`);
  const total = Number((n as bigint[])[0] ?? 0);
  const r = await applyLog(db, store, {
    statuses: ['applied', 'retracted', 'logged'],
    mark: false,
    pageSize: 10_000,
    onPage: (done) => onProgress?.({ phase: 'rebuild', done, total, unit: 'records' }),
  });
  return r.applied;
}
