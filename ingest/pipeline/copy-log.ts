/**
 * Copies the ingest log and the events facts from one database to another (for `lotgraph rebuild
 * --out DIR`: a new data directory built from the log, the old one untouched), page by page.
 */
import type { Db } from '../../analytics/db.ts';
import { logState, noteId, unmarkKeys } from './log-schema.ts';

type Col = 'big' | 'str' | 'dbl';
const LOG: [string, Col][] = [['seq', 'big'], ['id', 'str'], ['source', 'str'], ['pos', 'str'], ['type', 'str'], ['at', 'big'], ['batch', 'str'], ['raw', 'str'], ['status', 'str'], ['run', 'str'], ['ingested_at', 'big']];
const EVENTS: [string, Col][] = [['seq', 'big'], ['record', 'str'], ['type', 'str'], ['edge', 'str'], ['src', 'str'], ['dst', 'str'], ['at', 'big'], ['qty', 'dbl'], ['uom', 'str'], ['source', 'str'], ['until', 'big']];

async function copyTable(src: Db, dst: Db, table: 'ingest_log' | 'events', cols: [string, Col][], page: number): Promise<number> {
  let after = -1;
  let total = 0;
  const list = cols.map(([c]) => `"${c}"`).join(', ');
  const [[top]] = (await src.columns(`SELECT coalesce(max(seq), -1) FROM ${table === 'events' ? 'events' : 'ingest_log'}`)) as bigint[][];
  const last = Number(top);
  while (after < last) {
    // events may hold several rows per seq (and none for some), the log gaps (rejects are not
    // logged): both paged by a window of seqs, so each page is one range scan (an OFFSET sorted the
    // whole table again for every page)
    // (a top-N over the log's long strings would also pin them all at once: memory_limit)
    const sql = table === 'events'
      ? `SELECT ${list} FROM events WHERE seq > $2 AND seq <= $2 + $1 ORDER BY seq, rowid`
      : `SELECT ${list} FROM ingest_log WHERE seq > $2 AND seq <= $2 + $1 ORDER BY seq`;
    const rows = await src.all(sql, [page, after]);
    if (rows.length === 0) {
      after += page;
      continue;
    }
    await dst.transaction(async () => {
      const a = await dst.appender(table);
      for (const r of rows) {
        for (const [c, t] of cols) {
          const v = r[c];
          if (v === null || v === undefined) a.appendNull();
          else if (t === 'big') a.appendBigInt(BigInt(v as bigint));
          else if (t === 'dbl') a.appendDouble(Number(v));
          else a.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v));
        }
        a.endRow();
      }
      a.closeSync();
    });
    total += rows.length;
    after += page;
  }
  return total;
}

/** Copies the log (statuses kept) and the facts, `page` log records at a time; the destination's must be empty. Resolves to the log rows copied. */
export async function copyLog(src: Db, dst: Db, o: { page?: number } = {}): Promise<number> {
  const page = o.page ?? 10_000;
  const from = await logState(src);
  await logState(dst);
  if (from.legacyKeys) await unmarkKeys(dst);
  const n = await copyTable(src, dst, 'ingest_log', LOG, page);
  await copyTable(src, dst, 'events', EVENTS, page);
  // the destination's sequence continues after the copied rows, and its id filter holds them
  const r = await dst.all(`SELECT coalesce(max(seq), 0) AS m FROM ingest_log`);
  const state = await logState(dst);
  state.nextSeq = Number(r[0]!.m) + 1;
  await dst.eachChunk(`SELECT id FROM ingest_log`, undefined, (cols) => {
    for (const id of cols[0] as string[]) noteId(state.ids, id);
  });
  return n;
}
