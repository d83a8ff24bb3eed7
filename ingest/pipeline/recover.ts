/**
 * Recovery after a crash: log rows committed but not applied ('logged') are applied again (the
 * store's upsert is idempotent, so a row applied just before the crash is harmless); rows staged by
 * a --strict run that never decided are deleted (they were never acknowledged). Once per database
 * handle, before its first ingest, so a live strict run of this process is never touched.
 */
import type { Db } from '../../analytics/db.ts';
import type { GraphStore } from '../../graph/store.ts';
import { applyLog } from './apply.ts';
import { DECLARED_ERRONEOUS } from '../record.ts';
import { dropStaged, markApplied } from './log.ts';

const done = new WeakMap<Db, Promise<number>>();

/** Applies pending log rows (first call per handle); resolves to how many were applied (0 on later calls). */
export async function recoverOnce(db: Db, store: GraphStore): Promise<number> {
  const prev = done.get(db);
  if (prev) {
    await prev;
    return 0;
  }
  const p = (async () => {
    await dropStaged(db);
    const [pending] = await db.exclusive(() => db.columns(`SELECT 1 FROM ingest_log WHERE status = 'logged' LIMIT 1`));
    if (!pending?.length) return 0;
    // An event declared erroneous whose mark the crash cut off (an erroneous event logged after its
    // declaration, with an empty batch, or one whose declaration was logged just before): marked
    // retracted first, its facts withdrawn, as the run would have, so that it is not applied and its
    // postings no longer count (posting-totals.ts) when the rest is.
    const [ids] = await db.exclusive(() => db.columns(`SELECT l.id FROM ingest_log l JOIN ingest_log d ON d.id = l.id || $1
      WHERE l.status IN ('logged', 'applied') AND d.status IN ('logged', 'applied')`, [DECLARED_ERRONEOUS]));
    await markApplied(db, { recs: [], retracted: [...((ids ?? []) as string[]), ...(await otherRetractions(db))] });
    const r = await applyLog(db, store, { statuses: ['logged'], mark: true });
    return r.applied;
  })();
  done.set(db, p);
  return p;
}

/**
 * What the pending records retract besides EPCIS declarations, which the run would have marked
 * (a store apart from the log marks them in the next chunk's commit): the `retracts` of NDJSON
 * `graph` records (in their raw), and the earlier versions of the export postings they replace
 * (row-key.ts, live and logged before them).
 */
async function otherRetractions(db: Db): Promise<string[]> {
  const [lists] = await db.exclusive(() => db.columns(`SELECT json_extract(raw, '$.retracts')::VARCHAR FROM ingest_log
    WHERE status = 'logged' AND type = 'graph' AND strpos(raw, '"retracts"') > 0 AND json_valid(raw)`));
  const out: string[] = [];
  for (const l of (lists ?? []) as (string | null)[]) {
    const v = l === null ? null : (JSON.parse(l) as unknown);
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') out.push(x);
  }
  const [older] = await db.exclusive(() => db.columns(`SELECT DISTINCT o.id FROM ingest_log l JOIN ingest_log o
      ON split_part(o.id, ':', 1) = split_part(l.id, ':', 1) AND o.type = l.type AND o.seq < l.seq
    WHERE l.status = 'logged' AND strpos(split_part(l.id, ':', 1), '@') > 0 AND l.type = split_part(l.id, '@', 1) AND o.status IN ('logged', 'applied')`));
  return out.concat((older ?? []) as string[]);
}
