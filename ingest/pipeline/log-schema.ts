/**
 * The ingest log and the analytics fact table, in the data directory's DuckDB file.
 *
 * ingest_log: every accepted record, appended (and committed) before it is applied to the store.
 *   status: 'staged' (a --strict run not yet decided), 'logged' (committed, not yet applied),
 *   'applied', 'retracted' (a later record declared it erroneous; its edges were removed), 'failed'
 *   (the store refused it). `at` and `ingested_at` are epoch ms.
 * events: one row per flow edge of a logged record (written with it; withdrawn if the store refuses it
 *   or a --strict run is discarded): the base of the KPIs.
 */
import type { Db } from '../../analytics/db.ts';

/* sql */
const DDL = [
  `CREATE TABLE IF NOT EXISTS ingest_log (
     seq BIGINT NOT NULL, id VARCHAR NOT NULL UNIQUE, source VARCHAR, pos JSON, type VARCHAR NOT NULL,
     "at" BIGINT, batch JSON NOT NULL, raw JSON, status VARCHAR NOT NULL, run VARCHAR, ingested_at BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS events (
     seq BIGINT NOT NULL, record VARCHAR NOT NULL, type VARCHAR NOT NULL, edge VARCHAR NOT NULL,
     src VARCHAR NOT NULL, dst VARCHAR NOT NULL, "at" BIGINT, qty DOUBLE, uom VARCHAR, source VARCHAR)`,
  `CREATE TEMP TABLE IF NOT EXISTS ingest_probe (id VARCHAR)`,
];

const ready = new WeakMap<Db, { nextSeq: number }>();

/** Creates the tables once per handle and returns the shared sequence state of this database. */
export async function logState(db: Db): Promise<{ nextSeq: number }> {
  let s = ready.get(db);
  if (s) return s;
  for (const sql of DDL) await db.run(sql);
  const r = await db.all(`SELECT coalesce(max(seq), 0) AS m FROM ingest_log`);
  s = ready.get(db) ?? { nextSeq: Number(r[0]!.m) + 1 };
  ready.set(db, s);
  return s;
}
