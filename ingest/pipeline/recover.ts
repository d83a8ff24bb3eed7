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
import { dropStaged } from './log.ts';

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
    const r = await applyLog(db, store, { statuses: ['logged'], mark: true });
    // An erroneous event logged after its declaration (empty batch) and cut off before it was
    // marked: marked retracted now, as the run would have (its facts were none: its batch is empty).
    if (r.applied > 0) {
      await db.exclusive(() => db.run(`UPDATE ingest_log SET status = 'retracted'
        WHERE status = 'applied' AND batch = $1
          AND id || $2 IN (SELECT id FROM ingest_log WHERE status IN ('logged', 'applied'))`, [JSON.stringify({ nodes: [], edges: [] }), DECLARED_ERRONEOUS]));
    }
    return r.applied;
  })();
  done.set(db, p);
  return p;
}
