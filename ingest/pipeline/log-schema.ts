/**
 * The ingest log and the analytics fact table, in the data directory's DuckDB file.
 *
 * ingest_log: every accepted record, appended (and committed) before it is applied to the store.
 *   status: 'staged' (a --strict run not yet decided), 'logged' (committed, not yet applied),
 *   'applied', 'retracted' (a later record declared it erroneous; its edges were removed), 'failed'
 *   (the store refused it). `at` and `ingested_at` are epoch ms. Ids are unique: the pipeline checks
 *   every id against the log (id-filter.ts, then the log itself) before it appends, under the
 *   database queue. No UNIQUE constraint: DuckDB keeps such an index in memory and rewrites it at
 *   every checkpoint, which made appends slower as the log grew (databases created with one keep it).
 *   JSON columns are VARCHAR holding JSON text (a JSON column re-parses every value appended).
 * events: one row per flow edge of a logged record (written with it; withdrawn if the store refuses it,
 *   a --strict run is discarded, or a later record retracts it): the base of the KPIs.
 */
import type { Db } from '../../analytics/db.ts';
import { TEMPLATE_NAMES } from '../csv/templates.ts';
import { IdFilter } from './id-filter.ts';

const TEMPLATE_TYPES = new Set(TEMPLATE_NAMES);

/* sql */
const DDL = [
  `CREATE TABLE IF NOT EXISTS ingest_log (
     seq BIGINT NOT NULL, id VARCHAR NOT NULL, source VARCHAR, pos VARCHAR, type VARCHAR NOT NULL,
     "at" BIGINT, batch VARCHAR NOT NULL, raw VARCHAR, status VARCHAR NOT NULL, run VARCHAR, ingested_at BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS events (
     seq BIGINT NOT NULL, record VARCHAR NOT NULL, type VARCHAR NOT NULL, edge VARCHAR NOT NULL,
     src VARCHAR NOT NULL, dst VARCHAR NOT NULL, "at" BIGINT, qty DOUBLE, uom VARCHAR, source VARCHAR)`,
  `CREATE TEMP TABLE IF NOT EXISTS ingest_probe (id VARCHAR)`,
];

/** The log's state in this process: the next sequence number, and the ids it holds (as fingerprints). */
export interface LogState {
  nextSeq: number;
  ids: IdFilter;
  /**
   * True when the log holds records keyed the way before 2026-12-03: CSV/NDJSON template rows by
   * the key columns alone (no `#<row hash>`), EPCIS events without an eventID by the `ver=lotgraph1`
   * hash. splitNew then also knows a record again by its old key (log.ts legacyDuplicates).
   */
  legacyKeys: boolean;
}

const ready = new WeakMap<Db, Promise<LogState>>();

/** Creates the tables once per handle and returns the shared state of this database's log. */
export function logState(db: Db): Promise<LogState> {
  let s = ready.get(db);
  if (!s) {
    s = (async () => {
      for (const sql of DDL) await db.run(sql);
      const r = await db.all(`SELECT coalesce(max(seq), 0) AS m, count(*) AS n FROM ingest_log`);
      const ids = new IdFilter(Number(r[0]!.n));
      let legacyKeys = false;
      await db.eachChunk(`SELECT id, type FROM ingest_log`, undefined, (cols) => {
        const types = cols[1] as string[];
        (cols[0] as string[]).forEach((id, i) => {
          ids.add(id);
          if (!legacyKeys && ((TEMPLATE_TYPES.has(types[i]!) && !id.includes('#')) || id.includes('?ver=lotgraph1'))) legacyKeys = true;
        });
      });
      return { nextSeq: Number(r[0]!.m) + 1, ids, legacyKeys };
    })();
    ready.set(db, s);
    s.catch(() => ready.delete(db));
  }
  return s;
}
