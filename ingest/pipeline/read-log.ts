/**
 * Reading the ingest log back in seq order, page by page (a replay, a recovery, the end of a
 * --strict run): each record with what its row alone does not say, worked out from the row: the
 * `retracts` of an EPCIS declaration (its id, and the key of before 2026-12-03) or of an NDJSON
 * `graph` record (its raw), and the event time of a disposition logged before it had one.
 */
import type { Db, Row } from '../../analytics/db.ts';
import type { Batch } from '../../graph/model.ts';
import { eventHashV1 } from '../epcis/event-hash.ts';
import type { Ev } from '../epcis/event-fields.ts';
import { DECLARED_ERRONEOUS, declaresErroneous } from '../record.ts';
import { logState } from './log-schema.ts';
import type { LoggedRecord, LogStatus } from './log.ts';

/** Reads the next log rows after `afterSeq` in seq order (at most `limit`: those among the `limit` seqs from the first one wanted), with the given statuses (and run, when given); [] at the end. */
export async function readLog(db: Db, o: { afterSeq: number; limit: number; statuses: LogStatus[]; run?: string }): Promise<LoggedRecord[]> {
  await logState(db);
  // Reads take the queue too: on the one connection, a read between another writer's BEGIN and
  // COMMIT would see rows that may yet be rolled back.
  // Windows of `limit` seqs, each one range scan: a top-N (ORDER BY seq LIMIT) over the log's long
  // batch and raw strings pins them all at once, more than a bounded memory_limit allows at 1M rows.
  // The window starts at the first row wanted (an aggregate, no sort), so gaps cost no empty pages.
  const where = `list_contains(string_split($2, ','), status) AND ($3::VARCHAR IS NULL OR run = $3)`;
  const params = [o.afterSeq, o.statuses.join(','), o.run ?? null];
  const rows = await db.exclusive(async () => {
    const [[first]] = (await db.columns(`SELECT min(seq) FROM ingest_log WHERE seq > $1 AND ${where}`, params)) as (bigint | null)[][];
    if (first === null || first === undefined) return [];
    return db.all(
      /* sql */ `SELECT seq, id, type, source, "at", batch, status FROM ingest_log
         WHERE seq > $1 AND seq >= $4 AND seq < $4 + $5 AND ${where} ORDER BY seq`,
      [...params, first, o.limit],
    );
  });
  const graphRetracts = await retractsOfGraphRows(db, rows);
  const legacy = (await logState(db)).legacyKeys ? await legacyTargets(db, rows) : new Map<number, string>();
  return rows.map((r) => {
    const id = String(r.id);
    const seq = Number(r.seq);
    const rec: LoggedRecord = { seq, id, type: String(r.type), source: String(r.source), at: r.at === null ? null : Number(r.at), batch: JSON.parse(String(r.batch)) as Batch };
    if (rec.at !== null && rec.type.endsWith('Event')) timeOldDispositions(rec.batch, rec.at);
    // an EPCIS error declaration names what it retracts in its id; an NDJSON `graph` record in its raw
    if (declaresErroneous(id)) rec.retracts = [id.slice(0, -DECLARED_ERRONEOUS.length), ...(legacy.has(seq) ? [legacy.get(seq)!] : [])];
    else if (graphRetracts.has(seq)) rec.retracts = graphRetracts.get(seq)!;
    if (r.status === 'retracted') rec.retracted = true;
    return rec;
  });
}

/**
 * For the EPCIS declarations among `rows` of events without an eventID, in a log begun before
 * 2026-12-03: the key their target may be logged under (the hash of then, of the event as the
 * declaration repeats it), as the parser gives it (map-event.ts), by seq.
 */
async function legacyTargets(db: Db, rows: Row[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const seqs = rows.filter((r) => String(r.id).startsWith('ni:///sha-256;') && declaresErroneous(String(r.id)) && r.at !== null).map((r) => Number(r.seq));
  if (seqs.length === 0) return out;
  const found = await db.exclusive(() => db.all(`SELECT seq, "at", raw FROM ingest_log WHERE list_contains(from_json($1::JSON, '["BIGINT"]'), seq)`, [JSON.stringify(seqs)]));
  for (const r of found) {
    try {
      out.set(Number(r.seq), eventHashV1(JSON.parse(String(r.raw)) as Ev, Number(r.at)));
    } catch {
      // a raw that is not the event's JSON: its target is found under the current key only
    }
  }
  return out;
}

/**
 * An EPCIS event logged before its dispositions had a time (before 2026-12-04) gets its event time
 * as theirs when read back (a rebuild, a recovery): else a late older event would replace them.
 */
function timeOldDispositions(b: Batch, at: number): void {
  for (const n of b.nodes ?? []) {
    if (n.props && typeof n.props.disposition === 'string' && n.props.dispositionAt === undefined) n.props.dispositionAt = new Date(at).toISOString();
  }
}

/**
 * The `retracts` of the NDJSON `graph` records among `rows` (a page of readLog), by seq: kept in the
 * record's raw only. One more range scan, and only for a page that holds `graph` records, so a page
 * of CSV or EPCIS records never reads the long raw column.
 */
async function retractsOfGraphRows(db: Db, rows: Row[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  const seqs = rows.filter((r) => r.type === 'graph').map((r) => Number(r.seq));
  if (seqs.length === 0) return out;
  const found = await db.exclusive(() => db.all(
    /* sql */ `SELECT seq, json_extract(raw, '$.retracts')::VARCHAR AS retracts FROM ingest_log
       WHERE seq BETWEEN $1 AND $2 AND type = 'graph' AND strpos(raw, '"retracts"') > 0 AND json_valid(raw)`,
    [seqs[0], seqs[seqs.length - 1]], // rows come in seq order
  ));
  for (const r of found) {
    const v = r.retracts === null ? null : (JSON.parse(String(r.retracts)) as unknown);
    if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) out.set(Number(r.seq), v as string[]);
  }
  return out;
}
