/**
 * Reads and writes of the ingest log (see log-schema.ts). Every value is bound or appended, never
 * spliced into SQL. Appends take the database's queue, so concurrent ingests never interleave a
 * duplicate check with another's append.
 */
import type { Db } from '../../analytics/db.ts';
import { FLOW_EDGE_KINDS, type Batch } from '../../graph/model.ts';
import { parseOptionalInstant } from '../../lib/time.ts';
import { DECLARED_ERRONEOUS, type IngestRecord } from '../record.ts';
import { eventHashV1 } from '../epcis/event-hash.ts';
import type { Ev } from '../epcis/event-fields.ts';
import { logState } from './log-schema.ts';
import { BATCH_TYPES, edgeKey, POSTED_KINDS, postedIfBuilt } from './posted-edges.ts';

/** A record as the log holds it (enough to apply it again). */
export interface LoggedRecord {
  seq: number;
  id: string;
  type: string;
  source: string;
  at: number | null;
  batch: Batch;
  /** Records this one declares erroneous (while it is being applied: their postings no longer count). */
  retracts?: string[];
  /** Read back from the log with status `retracted` (a replay applies it, then its correction). */
  retracted?: boolean;
}

export type LogStatus = 'staged' | 'logged' | 'applied' | 'retracted' | 'failed';

const FLOW = new Set<string>(FLOW_EDGE_KINDS);

/** Epoch ms of a time as batches carry it (number or ISO string), or null: never throws. */
function instant(v: unknown): number | null {
  try {
    return parseOptionalInstant(v);
  } catch {
    return null;
  }
}

/** Replaces the temp table `ingest_probe` with `ids` (joined against the log by the caller). */
async function fillProbe(db: Db, ids: Iterable<string>): Promise<void> {
  await db.run(`DELETE FROM ingest_probe`);
  const probe = await db.appender('ingest_probe');
  for (const id of ids) {
    probe.appendVarchar(id);
    probe.endRow();
  }
  probe.closeSync();
}

/**
 * Splits `records` into those whose id the log does not hold yet (nor an earlier record of the
 * list, unless `withinList` is false) and duplicates. Only ids the filter may hold are looked up in
 * the log (one query). The caller holds the database queue, so no other append interleaves.
 */
export async function splitNew(db: Db, records: IngestRecord[], o: { withinList?: boolean } = {}): Promise<{ fresh: IngestRecord[]; duplicates: IngestRecord[] }> {
  const state = await logState(db);
  const maybe = records.filter((r) => state.ids.mayHave(r.id)).map((r) => r.id);
  // an id the log may hold as the source wrote it (before it was read in its canonical form)
  for (const r of records) if (r.writtenId !== undefined && state.ids.mayHave(r.writtenId)) maybe.push(r.writtenId);
  let known = new Set<string>();
  if (maybe.length > 0) {
    await fillProbe(db, maybe);
    const [ids] = await db.columns(`SELECT DISTINCT p.id FROM ingest_probe p JOIN ingest_log l ON l.id = p.id`);
    known = new Set((ids ?? []) as string[]);
  }
  if (state.legacyKeys) for (const id of await legacyDuplicates(db, records.filter((r) => !known.has(r.id)))) known.add(id);
  const fresh: IngestRecord[] = [];
  const duplicates: IngestRecord[] = [];
  const seen = new Set<string>();
  const within = o.withinList !== false;
  for (const r of records) {
    if (known.has(r.id) || (r.writtenId !== undefined && known.has(r.writtenId)) || (within && seen.has(r.id))) duplicates.push(r);
    else {
      seen.add(r.id);
      fresh.push(r);
    }
  }
  return { fresh, duplicates };
}

/**
 * Ids of template rows (`<template>:<key columns>#<row hash>`) whose row the log already holds under
 * the key of before 2026-12-03 (`<template>:<key columns>`), as read (the same cells): the same row of a
 * file ingested again after the upgrade is still a duplicate. A row that says anything else (the
 * second of two postings the old key had dropped) is new. The caller holds the database queue.
 */
async function legacyDuplicates(db: Db, records: IngestRecord[]): Promise<string[]> {
  const state = await logState(db);
  const byLegacy = new Map<string, IngestRecord[]>();
  for (const r of records) {
    const legacy = legacyIdOf(r);
    if (legacy === null || !state.ids.mayHave(legacy)) continue;
    byLegacy.set(legacy, [...(byLegacy.get(legacy) ?? []), r]);
  }
  if (byLegacy.size === 0) return [];
  await fillProbe(db, byLegacy.keys());
  const [ids, raws] = await db.columns(`SELECT l.id, l.raw FROM ingest_probe p JOIN ingest_log l ON l.id = p.id WHERE l.status <> 'failed'`);
  const out: string[] = [];
  ((ids ?? []) as string[]).forEach((id, i) => {
    const logged = (raws as (string | null)[])[i];
    // a row: the row as read (cells under their headers, or the NDJSON line), since what this code
    // builds from it may differ (units folded, GS1 keys); an event: its old hash is of the event itself
    for (const r of byLegacy.get(id) ?? []) if (V2_HASH.test(r.id) || (r.rawText ?? JSON.stringify(r.raw ?? null)) === logged) out.push(r.id);
  });
  return out;
}

const V2_HASH = new RegExp(`\\?ver=lotgraph2(${DECLARED_ERRONEOUS})?$`);

/** The key `r` had before 2026-12-03, or null when it had the same (or none we can tell). */
function legacyIdOf(r: IngestRecord): string | null {
  const v2 = V2_HASH.exec(r.id);
  if (v2) {
    if (typeof r.at !== 'number' || r.raw === null || typeof r.raw !== 'object' || Array.isArray(r.raw)) return null;
    try {
      return eventHashV1(r.raw as Ev, r.at) + (v2[1] ?? '');
    } catch {
      return null;
    }
  }
  const hash = r.id.indexOf('#');
  return hash < 0 || !r.id.startsWith(`${r.type}:`) ? null : r.id.slice(0, hash);
}

/**
 * Ids of `records` that a logged EPCIS error declaration (`<id>#declared-erroneous`: committed, or
 * staged by this run) already retracts: the erroneous event arriving after its declaration (files
 * ingested in name order, a second system's export). `pending` when a declaration of one of them is
 * staged by another, --strict, run that has not yet been kept or discarded: the caller waits for it
 * (either answer could be wrong now). The caller holds the database queue.
 */
export async function declaredErroneous(db: Db, records: IngestRecord[], run: string): Promise<{ declared: Set<string>; pending: string[] }> {
  const state = await logState(db);
  // only EPCIS events are declared erroneous this way (record types ObjectEvent, AggregationEvent…);
  // a declaration logged before 2026-12-03 names an eventID-less event by its old hash, one logged
  // before 2026-12-04 night an upper-case uuid as written
  const probes = new Map<string, string>();
  for (const r of records) {
    if (!r.type.endsWith('Event') || r.retracts?.length) continue;
    for (const id of [r.id, state.legacyKeys ? legacyIdOf(r) : null, r.writtenId ?? null]) if (id !== null && state.ids.mayHave(id + DECLARED_ERRONEOUS)) probes.set(id + DECLARED_ERRONEOUS, r.id);
  }
  if (probes.size === 0) return { declared: new Set(), pending: [] };
  await fillProbe(db, probes.keys());
  const [ids, statuses, runs] = await db.columns(`SELECT p.id, l.status, l.run FROM ingest_probe p JOIN ingest_log l ON l.id = p.id WHERE l.status IN ('logged', 'applied', 'staged')`);
  const declared = new Set<string>();
  const pending = new Set<string>();
  ((ids ?? []) as string[]).forEach((id, i) => {
    // staged by another run: that --strict batch may still be discarded
    if ((statuses as string[])[i] === 'staged' && (runs as string[])[i] !== run) pending.add((runs as string[])[i]!);
    else declared.add(probes.get(id)!);
  });
  return { declared, pending: [...pending] };
}

/**
 * For the records of `records` that name an export's posting (row-key.ts: `<template>@<posting>:…`),
 * the live log records of the same template and posting with another id: the versions a record
 * replaces (an ERP row edited in place), by record id. Committed records count, and records staged by
 * this run. Only postings the filter may hold are looked up, in one join. The caller holds the
 * database queue.
 */
export async function supersededPostings(db: Db, records: IngestRecord[], run: string): Promise<{ versions: Map<string, string[]>; pending: string[] }> {
  const state = await logState(db);
  const byPosting = new Map<string, IngestRecord>();
  for (const r of records) {
    if (r.posting !== undefined && state.ids.mayHave(r.posting)) byPosting.set(r.posting, r);
  }
  const versions = new Map<string, string[]>();
  // the same row logged before the export's posting was mapped: its first version
  const former = new Map<string, IngestRecord>();
  for (const r of records) if (r.formerId !== undefined && state.ids.mayHave(r.formerId)) former.set(r.formerId, r);
  if (former.size > 0) {
    await fillProbe(db, former.keys());
    const [found] = await db.columns(`SELECT l.id FROM ingest_probe p JOIN ingest_log l ON l.id = p.id WHERE l.status IN ('logged', 'applied') ORDER BY l.seq`);
    for (const id of (found ?? []) as string[]) versions.set(former.get(id)!.id, [id]);
  }
  if (byPosting.size === 0) return { versions, pending: [] };
  await fillProbe(db, byPosting.keys());
  const [ids, postings, statuses, runs] = await db.columns(
    /* sql */ `SELECT l.id, p.id, l.status, l.run FROM ingest_probe p JOIN ingest_log l ON split_part(l.id, ':', 1) = p.id
       WHERE l.type = split_part(p.id, '@', 1) AND l.status IN ('logged', 'applied', 'staged') ORDER BY l.seq`,
  );
  const pending = new Set<string>();
  ((ids ?? []) as string[]).forEach((id, i) => {
    const r = byPosting.get((postings as string[])[i]!)!;
    const other = (runs as string[])[i]!;
    // staged by another, --strict, run not yet kept or discarded: the caller waits for it
    if ((statuses as string[])[i] === 'staged' && other !== run) pending.add(other);
    else if (id !== r.id && !versions.get(r.id)?.includes(id)) (versions.get(r.id) ?? versions.set(r.id, []).get(r.id)!).push(id);
  });
  return { versions, pending: [...pending] };
}

/**
 * Appends log rows (and their facts) for records `splitNew` found fresh, inside the caller's
 * transaction; numbers them and notes their ids in the filter (a rolled-back id left there only
 * costs a lookup later).
 */
export async function writeLogRows(db: Db, records: IngestRecord[], status: LogStatus, run: string): Promise<LoggedRecord[]> {
  const state = await logState(db);
  const appended: LoggedRecord[] = [];
  const now = BigInt(Date.now());
  const a = await db.appender('ingest_log');
  for (const r of records) {
    const seq = state.nextSeq++;
    a.appendBigInt(BigInt(seq));
    a.appendVarchar(r.id);
    a.appendVarchar(r.pos.source);
    a.appendVarchar(JSON.stringify(r.pos));
    a.appendVarchar(r.type);
    const at = instant(r.at);
    if (at === null) a.appendNull();
    else a.appendBigInt(BigInt(at));
    a.appendVarchar(JSON.stringify(r.batch));
    a.appendVarchar(r.rawText ?? JSON.stringify(r.raw ?? null));
    a.appendVarchar(status);
    a.appendVarchar(run);
    a.appendBigInt(now);
    a.endRow();
    state.ids.add(r.id);
    if (r.posting !== undefined) state.ids.add(r.posting);
    appended.push({ seq, id: r.id, type: r.type, source: r.pos.source, at: r.at, batch: r.batch, ...(r.retracts?.length ? { retracts: r.retracts } : {}) });
  }
  a.closeSync();
  await appendEvents(db, appended);
  return appended;
}

/**
 * Appends the records whose id the log does not hold yet (nor an earlier record of the same call),
 * committed before it returns; the others come back as duplicates. For stores that do not share
 * the log's database (Neo4j): the records are applied after this commit, then marked (`done`).
 */
export async function appendNew(
  db: Db,
  records: IngestRecord[],
  status: LogStatus,
  run: string,
  done: Done = { recs: [], retracted: [] },
  /** Runs on the fresh records before they are written, in the commit: ids it returns are marked retracted with them (a status other than 'staged'). */
  beforeWrite?: (fresh: IngestRecord[]) => Promise<string[]>,
): Promise<{ appended: LoggedRecord[]; duplicates: IngestRecord[]; retracted: string[] }> {
  await logState(db);
  return db.transaction(async () => {
    const { fresh, duplicates } = await splitNew(db, records);
    // before the marks below: it reads which versions are live
    const retracted = beforeWrite ? await beforeWrite(fresh) : [];
    const appended = await writeLogRows(db, fresh, status, run);
    // The previous chunk's outcome rides in this commit (one commit per chunk, not two), and what
    // this one retracts (after its rows: a record may retract itself, declared erroneous before it came)
    await setApplied(db, done);
    if (status !== 'staged' && retracted.length > 0) await setApplied(db, { recs: [], retracted });
    return { appended, duplicates, retracted };
  });
}

/** Records whose store upsert resolved, and the ids they retracted: to be marked in the log. */
export interface Done {
  recs: LoggedRecord[];
  retracted: string[];
}

/**
 * Takes back the retraction of `ids` (marked with a record the store then refused): they are
 * applied again in the log, and their facts go back into `events`. The store still holds them.
 */
export async function unretract(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await logState(db);
  await db.transaction(async () => {
    const rows = await db.all(`SELECT seq, id, type, source, "at", batch FROM ingest_log WHERE status = 'retracted' AND list_contains(from_json($1::JSON, '["VARCHAR"]'), id)`, [JSON.stringify(ids)]);
    for (const r of rows) await db.run(`UPDATE ingest_log SET status = 'applied' WHERE seq = $1`, [r.seq as bigint]);
    await appendEvents(db, rows.map((r) => ({ seq: Number(r.seq), id: String(r.id), type: String(r.type), source: String(r.source), at: r.at === null ? null : Number(r.at), batch: JSON.parse(String(r.batch)) as Batch })));
  });
}

/** Marks applied records (and the records they retract) in the log, in one transaction. */
export async function markApplied(db: Db, done: Done): Promise<void> {
  if (done.recs.length === 0 && done.retracted.length === 0) return;
  await logState(db);
  await db.transaction(() => setApplied(db, done));
}

export async function setApplied(db: Db, done: Done): Promise<void> {
  // Seqs of one append are consecutive; a few may be missing (failed), so ranges are rebuilt here.
  for (const [lo, hi] of ranges(done.recs.map((r) => r.seq))) {
    await db.run(`UPDATE ingest_log SET status = 'applied' WHERE seq BETWEEN $1 AND $2 AND status = 'logged'`, [lo, hi]);
  }
  for (const id of done.retracted) {
    await db.run(`UPDATE ingest_log SET status = 'retracted' WHERE id = $1`, [id]);
    // a retracted record's facts leave the fact table (KPIs count what happened); the log keeps the record
    await db.run(`DELETE FROM events WHERE record = $1`, [id]);
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Flow edges of logged records into the `events` fact table, in the log's transaction: a logged
 * record is always applied eventually (recovery), so its facts go in with it, exactly once. Appended
 * from the batches in hand (times must already be epoch ms: the pipeline normalises them before
 * logging); a statement reading the log rows' batch JSON back cost DuckDB more than this costs JS.
 */
async function appendEvents(db: Db, recs: LoggedRecord[]): Promise<void> {
  const posted = postedIfBuilt(db);
  let a: Awaited<ReturnType<Db['appender']>> | undefined;
  for (const r of recs) {
    const posting = !BATCH_TYPES.includes(r.type);
    for (const e of r.batch.edges ?? []) {
      if (!FLOW.has(e.kind)) continue;
      if (posting && POSTED_KINDS.has(e.kind)) posted?.add(edgeKey(e));
      a ??= await db.appender('events');
      a.appendBigInt(BigInt(r.seq));
      a.appendVarchar(r.id);
      a.appendVarchar(r.type);
      a.appendVarchar(e.kind);
      a.appendVarchar(e.from);
      a.appendVarchar(e.to);
      if (finite(e.at)) a.appendBigInt(BigInt(Math.trunc(e.at)));
      else a.appendNull();
      if (finite(e.qty)) a.appendDouble(e.qty);
      else a.appendNull();
      if (typeof e.uom === 'string' && e.uom !== '') a.appendVarchar(e.uom);
      else a.appendNull();
      a.appendVarchar(r.source);
      if (finite(e.until)) a.appendBigInt(BigInt(Math.trunc(e.until)));
      else a.appendNull();
      a.endRow();
    }
  }
  a?.closeSync();
}

/** Marks records the store refused as failed (their facts are withdrawn). */
export async function markFailed(db: Db, seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  await db.transaction(async () => {
    for (const seq of seqs) {
      await db.run(`UPDATE ingest_log SET status = 'failed' WHERE seq = $1`, [seq]);
      await db.run(`DELETE FROM events WHERE seq = $1`, [seq]);
    }
  });
}

/** Contiguous ranges of sorted-or-not seqs. */
function ranges(seqs: number[]): [number, number][] {
  const s = [...seqs].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const x of s) {
    const last = out[out.length - 1];
    if (last && x === last[1] + 1) last[1] = x;
    else out.push([x, x]);
  }
  return out;
}

/** Batches logged by earlier records (for retractions), by id. */
export async function batchesOf(db: Db, ids: string[], run?: string, queued = false): Promise<Map<string, Batch>> {
  await logState(db);
  const out = new Map<string, Batch>();
  for (const id of ids) {
    // `run`: a --strict run also sees its own staged records (a correction may follow its target in one input)
    const read = () => db.all(`SELECT batch FROM ingest_log WHERE id = $1 AND (status IN ('logged', 'applied') OR (status = 'staged' AND run = $2))`, [id, run ?? null]);
    const r = queued ? await read() : await db.exclusive(read);
    if (r[0]) out.set(id, JSON.parse(String(r[0].batch)) as Batch);
  }
  return out;
}

/** Deletes the staged rows of a run (a --strict run that had rejects, or one that died undecided). */
export async function dropStaged(db: Db, run?: string): Promise<number> {
  await logState(db);
  const r = await db.exclusive(() => db.all(`SELECT count(*) AS n FROM ingest_log WHERE status = 'staged' AND ($1::VARCHAR IS NULL OR run = $1)`, [run ?? null]));
  await db.transaction(async () => {
    await db.run(`DELETE FROM events WHERE seq IN (SELECT seq FROM ingest_log WHERE status = 'staged' AND ($1::VARCHAR IS NULL OR run = $1))`, [run ?? null]);
    await db.run(`DELETE FROM ingest_log WHERE status = 'staged' AND ($1::VARCHAR IS NULL OR run = $1)`, [run ?? null]);
  });
  return Number(r[0]!.n);
}

/** Promotes a --strict run's staged rows to logged (it is now committed to apply them). */
export async function promoteStaged(db: Db, run: string, queued = false): Promise<void> {
  const promote = () => db.run(`UPDATE ingest_log SET status = 'logged' WHERE status = 'staged' AND run = $1`, [run]);
  await (queued ? promote() : db.exclusive(promote));
}
