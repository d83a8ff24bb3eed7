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

/**
 * Flow edges seen in `events` rows of posting records, as fingerprints: "not twice" is certain, so an
 * edge posted by one record costs no query (rows withdrawn later are not forgotten: that only costs one).
 */
export class PostedEdges {
  private readonly once: IdFilter;
  private readonly twice = new IdFilter();
  constructor(capacity: number) {
    this.once = new IdFilter(capacity);
  }
  add(edge: string): void {
    if (this.once.mayHave(edge)) this.twice.add(edge);
    else this.once.add(edge);
  }
  /** False when no posting record has this edge. */
  mayHaveOnce(edge: string): boolean {
    return this.once.mayHave(edge);
  }
  /** False when fewer than two posting records have this edge. */
  mayHaveTwice(edge: string): boolean {
    return this.twice.mayHave(edge);
  }
}

const posted = new WeakMap<Db, { ready?: PostedEdges; building: Promise<PostedEdges> }>();

/**
 * The flow edges posted in this database's log, built on first use (only a store apart from the log
 * asks: the embedded store answers from memory) by streaming `events` under the database queue
 * (`queued`: the caller holds it already), then kept in step by `events` appends (log.ts).
 */
export function postedEdges(db: Db, queued: boolean): Promise<PostedEdges> {
  let p = posted.get(db);
  if (!p) {
    const entry: { ready?: PostedEdges; building: Promise<PostedEdges> } = {
      building: (async () => {
        await logState(db);
        const underQueue = <T>(fn: () => Promise<T>): Promise<T> => (queued ? fn() : db.exclusive(fn));
        return underQueue(async () => {
          const where = `NOT list_contains(from_json($1::JSON, '["VARCHAR"]'), type) AND list_contains(from_json($2::JSON, '["VARCHAR"]'), edge)`;
          const params = [JSON.stringify(BATCH_TYPES), JSON.stringify([...POSTED_KINDS])];
          const [n] = await db.columns(`SELECT count(*) FROM events WHERE ${where}`, params);
          const out = new PostedEdges(Number(n![0]));
          await db.eachChunk(`SELECT edge || '|' || src || '|' || dst FROM events WHERE ${where}`, params, (cols) => {
            for (const e of cols[0] as string[]) out.add(e);
          });
          entry.ready = out;
          return out;
        });
      })(),
    };
    posted.set(db, entry);
    entry.building.catch(() => posted.delete(db));
    p = entry;
  }
  return p.building;
}

/** The posted edges when built (appends made before that are in the table it is built from). */
export const postedIfBuilt = (db: Db): PostedEdges | undefined => posted.get(db)?.ready;

/** Flow edges that carry a quantity (the others, HAS_UNIT, DELIVERED_TO, USED_IN, never do): only these add up. */
export const POSTED_KINDS: ReadonlySet<string> = new Set(['SUPPLIED', 'CONSUMED_BY', 'PRODUCED', 'PACKED_INTO', 'SHIPPED_IN']);

/** Record types that are a store batch, not a posting: their edges replace, never add up (posting-totals.ts). */
export const BATCH_TYPES: readonly string[] = ['graph'];

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
