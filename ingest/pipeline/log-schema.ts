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
 *   a --strict run is discarded, or a later record retracts it): the base of the KPIs. `until`: the
 *   time of an unpacking (PACKED_INTO), with "at" null for an unpacking alone.
 */
import type { Db } from '../../analytics/db.ts';
import { TEMPLATE_NAMES } from '../csv/templates.ts';
import { postingOf } from '../csv/row-key.ts';
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
  // the end of a containment (PACKED_INTO `until`): an unpacking posts a row with "at" null and this
  // set; added after the table's first version, so at its end (appenders write columns in order)
  `ALTER TABLE events ADD COLUMN IF NOT EXISTS "until" BIGINT`,
  `CREATE TEMP TABLE IF NOT EXISTS ingest_probe (id VARCHAR)`,
  // facts about the log itself: `keys` = KEYS_MARK in a log begun with today's keys (see LogState)
  `CREATE TABLE IF NOT EXISTS ingest_meta ("key" VARCHAR NOT NULL, "value" VARCHAR)`,
];

/** The mark of a log begun with the keys of 2026-12-03 on (row hash, ver=lotgraph2): it can hold no older key. */
const KEYS_MARK = 'row-hash-2026-12-03';

/** The log's state in this process: the next sequence number, and the ids it holds (as fingerprints). */
export interface LogState {
  nextSeq: number;
  ids: IdFilter;
  /**
   * True when the log holds records keyed the way before 2026-12-03: CSV/NDJSON template rows by
   * the key columns alone (no `#<row hash>`), EPCIS events without an eventID by the `ver=lotgraph1`
   * hash. splitNew then also knows a record again by its old key (log.ts legacyDuplicates). Read off
   * the ids of a log without the `keys` mark only (begun before the mark existed): an NDJSON `id`
   * without `#` (`mes-4711`) looks like an old key there, and costs a query per chunk.
   */
  legacyKeys: boolean;
}

const ready = new WeakMap<Db, Promise<LogState>>();

/** A log given rows of one that may hold old keys (a copy, lotgraph rebuild): unmarked, and checked for them. */
export async function unmarkKeys(db: Db): Promise<void> {
  await db.run(`DELETE FROM ingest_meta WHERE "key" = 'keys'`);
  (await logState(db)).legacyKeys = true;
}

/** Notes a logged id in the filter, and the posting it names (row-key.ts), so a later version's lookup is only made when one may be logged. */
export function noteId(ids: IdFilter, id: string): void {
  ids.add(id);
  const p = postingOf(id);
  if (p !== null) ids.add(p);
}

/** Creates the tables once per handle and returns the shared state of this database's log. */
export function logState(db: Db): Promise<LogState> {
  let s = ready.get(db);
  if (!s) {
    s = (async () => {
      for (const sql of DDL) await db.run(sql);
      const r = await db.all(`SELECT coalesce(max(seq), 0) AS m, count(*) AS n FROM ingest_log`);
      const n = Number(r[0]!.n);
      const ids = new IdFilter(n);
      const [mark] = await db.all(`SELECT "value" FROM ingest_meta WHERE "key" = 'keys'`);
      if (!mark && n === 0) await db.run(`INSERT INTO ingest_meta VALUES ('keys', $1)`, [KEYS_MARK]);
      const marked = n === 0 || mark?.value === KEYS_MARK;
      let legacyKeys = false;
      await db.eachChunk(`SELECT id, type FROM ingest_log`, undefined, (cols) => {
        const types = cols[1] as string[];
        (cols[0] as string[]).forEach((id, i) => {
          noteId(ids, id);
          if (!marked && !legacyKeys && ((TEMPLATE_TYPES.has(types[i]!) && !id.includes('#')) || id.includes('?ver=lotgraph1'))) legacyKeys = true;
        });
      });
      return { nextSeq: Number(r[0]!.m) + 1, ids, legacyKeys };
    })();
    ready.set(db, s);
    s.catch(() => ready.delete(db));
  }
  return s;
}
