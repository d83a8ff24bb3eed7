/**
 * The ingest benchmark's storage floor: what DuckDB alone takes to store exactly the rows a measured
 * ingest wrote (its `ingest_log`, `events`, `lg_nodes` and `lg_edges` rows, read back from its data
 * directory), committed in the same transactions (one per chunk of log records, with that chunk's
 * facts and one graph write), then checkpointed. No parsing, validation, identifiers, index or
 * JavaScript per row: the rows are already in DuckDB's memory and go in by `INSERT … SELECT`.
 *
 * No ingest that keeps these rows and commits (acknowledges) each chunk can be faster on the same
 * machine, so the floor says what a records/s target can ask of this one. The rows go into new
 * tables (schema `floor`) of the measured data directory's own database: a throwaway copy the
 * benchmark deletes afterwards, whose tables were checkpointed when the ingest closed it, so only
 * the new rows are written and checkpointed. (ATTACH takes no bound path, and a path is never spliced into SQL.)
 */
import { openDb } from '../../analytics/db.ts';

/** The tables an ingest into the embedded store writes, and the column that groups each table's rows into commits. */
const TABLES = [
  { name: 'ingest_log', group: 'seq' },
  { name: 'events', group: 'seq' },
  { name: 'lg_nodes', group: 'v' },
  { name: 'lg_edges', group: 'v' },
] as const;

export interface FloorResult {
  /** Log records stored (= records the ingest accepted). */
  records: number;
  /** Rows stored in all four tables. */
  rows: number;
  /** Transactions (chunks) committed. */
  commits: number;
  seconds: number;
}

/**
 * Stores the rows of the database `dbFile` again (schema `floor`), `chunk` log records (with their
 * facts and one graph write) per transaction, and times that plus the final checkpoint.
 */
export async function storageFloor(dbFile: string, chunk: number): Promise<FloorResult> {
  const db = await openDb(dbFile);
  try {
    await db.run(`CREATE SCHEMA floor`);
    const [chunks] = await db.columns(`SELECT count(DISTINCT (seq - 1) // $1) FROM ingest_log`, [chunk]);
    const commits = Number((chunks as bigint[])[0]);
    for (const t of TABLES) {
      await db.run(`CREATE TABLE floor.${t.name} AS FROM main.${t.name} LIMIT 0`);
      // c = the commit a row goes in: log records and their facts by sequence number; graph rows by
      // write number, the k-th write in the k-th commit (a write is one chunk's, in order).
      const c = t.group === 'seq' ? `dense_rank() OVER (ORDER BY (seq - 1) // $1)` : `least(dense_rank() OVER (ORDER BY v), $1)`;
      await db.run(`CREATE TEMP TABLE m_${t.name} AS SELECT *, ${c} AS c FROM main.${t.name} ORDER BY c`, [t.group === 'seq' ? chunk : commits]);
    }
    await db.run('CHECKPOINT');
    const [logRows, allRows] = (await db.columns(`SELECT (SELECT count(*) FROM m_ingest_log), (SELECT count(*) FROM m_ingest_log) + (SELECT count(*) FROM m_events) + (SELECT count(*) FROM m_lg_nodes) + (SELECT count(*) FROM m_lg_edges)`)) as bigint[][];
    const t0 = performance.now();
    for (let k = 1; k <= commits; k++) {
      await db.transaction(async () => {
        for (const t of TABLES) await db.run(`INSERT INTO floor.${t.name} SELECT * EXCLUDE (c) FROM m_${t.name} WHERE c = $1`, [k]);
      });
    }
    await db.run('CHECKPOINT');
    const seconds = (performance.now() - t0) / 1000;
    return { records: Number(logRows![0]), rows: Number(allRows![0]), commits, seconds };
  } finally {
    await db.close();
  }
}
