/**
 * The ingest benchmark's baseline: what a user without lotgraph would do with the same files, loading
 * them into plain DuckDB tables (`read_csv` per CSV file; the EPCIS document's event list unnested by
 * `read_json`), with no validation, identifiers, idempotency, log or graph. Run in its own process
 * and database like the measured ingest, so the two figures compare as a ratio.
 */
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { openDb, quoteIdent } from '../../analytics/db.ts';
import { filesOf } from '../../ingest/pipeline/sources.ts';

/** Loads `path` (a CSV directory or an EPCIS JSON-LD file) into a fresh DuckDB file; returns rows loaded and seconds. */
export async function baselineLoad(path: string, dbFile: string, format: 'csv' | 'epcis-jsonld'): Promise<{ rows: number; seconds: number }> {
  rmSync(dbFile, { force: true });
  rmSync(`${dbFile}.wal`, { force: true });
  const db = await openDb(dbFile);
  try {
    const t0 = performance.now();
    let rows = 0;
    if (format === 'csv') {
      for (const f of await filesOf(path)) {
        const table = quoteIdent(`t_${basename(f, '.csv')}`);
        await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv($1, header = true)`, [f]);
        const [n] = await db.columns(`SELECT count(*) FROM ${table}`);
        rows += Number((n as bigint[])[0]);
      }
    } else {
      await db.run(`CREATE TABLE events AS SELECT unnest(epcisBody.eventList) AS e FROM read_json($1, maximum_object_size = 1073741824)`, [path]);
      const [n] = await db.columns(`SELECT count(*) FROM events`);
      rows = Number((n as bigint[])[0]);
    }
    await db.run('CHECKPOINT');
    return { rows, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await db.close();
  }
}
