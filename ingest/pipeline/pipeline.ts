/**
 * The one ingest pipeline every adapter feeds: validate (batch shape, units were checked by the
 * adapter, time order) -> skip what the log already holds (idempotency) -> append to the ingest
 * log and commit -> apply to the store -> mark applied and append facts. A record counts as
 * accepted only once all of that is done. Rejects carry their position; valid neighbours apply.
 * `strict`: the whole call is all or nothing (records are staged in the log, applied only when
 * nothing was rejected, else deleted).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../analytics/db.ts';
import type { Batch } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import { LgError } from '../../lib/errors.ts';
import { noProgress } from '../../lib/progress.ts';
import { declaresErroneous, type IngestRecord, type ParseItem, type RecordError } from '../record.ts';
import { applyLog, applyRecords, mergeBatches, withRemovalsOf, writeSegments } from './apply.ts';
import { totalBatches } from './posting-totals.ts';
import { appendNew, batchesOf, declaredErroneous, dropStaged, markApplied, promoteStaged, setApplied, splitNew, supersededPostings, unretract, writeLogRows, type Done } from './log.ts';
import { recoverOnce } from './recover.ts';
import { TimeOrder } from './time-order.ts';
import { checkRecord, normaliseTimes, TRUSTED } from './validate.ts';
import { waitFor } from './waits.ts';
import { newestDispositions } from './dispositions.ts';
import { resolveEmpties } from './empties.ts';
import { emptySummary, type IngestProgress, type IngestSummary, type SourceCounts } from './summary.ts';

export type { IngestProgress, IngestSummary, SourceCounts } from './summary.ts';

/** Records per log transaction and store upsert unless the caller says otherwise (see IngestOptions.chunkSize). */
export const DEFAULT_CHUNK = 2000;


export interface IngestOptions {
  db: Db;
  store: GraphStore;
  strict?: boolean;
  /** Records per log transaction and store upsert (default 2,000: 5,000 held 50-90 MB more at the peak of a large file, no faster). */
  chunkSize?: number;
  /** Rejects kept in the summary (all are counted; default 1,000). */
  maxRejects?: number;
  onProgress?: (e: IngestProgress) => void;
}

/** Ingests parse items (one by one or in arrays) into the log and the store; resolves once every accepted record is durable. */
export async function ingest(items: AsyncIterable<ParseItem | ParseItem[]>, o: IngestOptions): Promise<IngestSummary> {
  const t0 = performance.now();
  const { db, store } = o;
  const strict = o.strict === true;
  const size = o.chunkSize ?? DEFAULT_CHUNK;
  const maxRejects = o.maxRejects ?? 1000;
  const onProgress = o.onProgress ?? noProgress;
  const run = randomUUID();
  const s = emptySummary(strict);
  const src = (name: string): SourceCounts => (s.bySource[name] ??= { accepted: 0, duplicates: 0, rejected: 0 });
  const reject = (e: RecordError) => {
    s.rejected++;
    src(e.pos.source).rejected++;
    if (s.rejects.length < maxRejects) s.rejects.push(e);
    else s.rejectsTruncated = true;
  };
  // Records accepted (logged: not a duplicate, not refused by the store), with their warnings.
  const warnOf = new Map<string, RecordError[]>();
  /** Records replacing earlier versions of their posting, and which (counted once accepted, each version once). */
  const replacing = new Map<string, string[]>();
  const counted = new Set<string>();
  /** The versions a record replaces as found when its chunk was checked, and the ids this run has marked retracted so far. */
  const foundVersions = new Map<string, string[]>();
  const ownRetracted = new Set<string>();
  /** Per record, the log ids it retracts (found when its chunk was checked; at its commit, late); marked with it, never for a record refused. */
  const retractedBy = new Map<string, string[]>();
  const lateBy = new Map<string, string[]>();
  /** A record as its chunk's check left it: a commit's recheck starts from there each time (a segment may be tried again). */
  const checked = new Map<string, { retracts: string[] | undefined; batch: Batch }>();
  const accept = (recs: { id: string; source: string }[]) => {
    s.accepted += recs.length;
    for (const r of recs) {
      src(r.source).accepted++;
      const k = replacing.get(r.id);
      if (k !== undefined) {
        for (const x of k) if (!counted.has(x)) {
          counted.add(x);
          s.replaced++;
        }
        replacing.delete(r.id);
      }
      const ws = warnOf.get(r.id);
      if (!ws) continue;
      warnOf.delete(r.id);
      s.warned++;
      for (const w of ws) {
        if (s.warnings.length < maxRejects) s.warnings.push(w);
        else s.warningsTruncated = true;
      }
    }
  };
  const progress = () => onProgress({ phase: 'ingest', done: s.records, unit: 'records', accepted: s.accepted, duplicates: s.duplicates, rejected: s.rejected });

  s.recovered = await recoverOnce(db, store);
  // A store persisting to this same database logs and applies each chunk in one commit.
  const shared = !strict && store.sharedWrite !== undefined && store.sharesDatabase?.(db) === true;
  // Every chunk is applied before the next is checked on that path: the store knows every earlier origin.
  const order = new TimeOrder(db, shared ? store : undefined);
  let staged: IngestRecord[] = [];
  /** The postings (row-key.ts) of the staged records. */
  const stagedPostings = new Set<string>();
  // Applied records not yet marked in the log: marked in the next chunk's log commit (or at the end).
  let done: Done = { recs: [], retracted: [] };
  // --strict: ids the run's corrections retract, marked once the run is applied.
  const strictRetracted: string[] = [];
  // --strict: the run's records that name a posting, and its corrections (checked again when the run is kept).
  const strictPostings: IngestRecord[] = [];
  const strictCorrections: IngestRecord[] = [];

  const duplicate = (ds: IngestRecord[]) => {
    s.duplicates += ds.length;
    for (const d of ds) src(d.pos.source).duplicates++;
  };

  const splitAndCheck = (all: IngestRecord[]) => db.exclusive(async () => {
    const pre = await splitNew(db, all, { withinList: false });
    const sup = await supersededPostings(db, pre.fresh, run);
    const d = await declaredErroneous(db, pre.fresh, run);
    // the --strict runs to wait for: not one that (through others) waits for this run, so two runs never wait for each other
    const blockers = waitFor(run, [...d.pending, ...sup.pending]);
    return { pre, superseded: sup.versions, declared: d.declared, pending: blockers.length > 0 };
  });

  /**
   * `r` retracting `ids` too (a correction, or a new version of a posting): unless it says what to
   * remove, the edges the records it retracts asserted and it does not assert again are removed
   * (OF_MATERIAL, which a key implies, never). Resolves to the ids found in the log.
   */
  const retract = async (r: IngestRecord, ids: string[], removals: boolean, queued = false): Promise<string[]> => {
    const old = await batchesOf(db, ids, strict ? run : undefined, queued);
    if (removals) r.batch = withRemovalsOf(r.batch, old.values());
    return [...old.keys()];
  };

  /**
   * Versions of the records' postings committed by another ingest since this chunk was checked,
   * retracted too: run under the commit's lock (the caller holds the database queue), so two
   * ingests of one posting at once cannot both hold. Resolves to the ids retracted.
   */
  const lateVersions = async (fresh: IngestRecord[]): Promise<{ ids: string[]; removals: boolean }> => {
    if (!fresh.some((r) => r.posting !== undefined)) return { ids: [], removals: false };
    const { versions } = await supersededPostings(db, fresh, run);
    const out: string[] = [];
    let removals = false;
    for (const r of fresh) {
      if (r.posting === undefined) continue;
      const before = checked.get(r.id);
      if (before) {
        r.retracts = before.retracts;
        r.batch = before.batch;
      }
      lateBy.delete(r.id);
      const live = versions.get(r.id) ?? [];
      // what it replaces: what is live now, and what this run marked since the check (a version
      // another ingest replaced meanwhile is not counted twice)
      const now = [...live, ...(foundVersions.get(r.id) ?? []).filter((x) => !live.includes(x) && ownRetracted.has(x))];
      if (replacing.has(r.id) || now.length > 0) replacing.set(r.id, now);
      const extra = live.filter((x) => !(r.retracts ?? []).includes(x));
      if (extra.length === 0) continue;
      r.retracts = [...(r.retracts ?? []), ...extra];
      const ids = await retract(r, extra, true, true);
      if (r.batch.removeEdges?.length) removals = true;
      lateBy.set(r.id, ids);
      out.push(...ids);
    }
    return { ids: out, removals };
  };
  const flush = async (all: IngestRecord[]) => {
    if (all.length === 0) return;
    // Duplicates of logged records first: a record sent again is a duplicate, never a reject (its
    // time-order check would now see the item's later history). Repeats inside the chunk are told
    // apart after validation, by the write (under the same lock as its append), so a rejected first
    // copy never hides a valid later one.
    let { pre, declared, pending, superseded } = await splitAndCheck(all);
    // A declaration of one of these staged by a --strict run still running: wait until it is kept
    // or discarded (applying now could apply an erroneous event, retracting could lose a good one).
    for (let waited = 0; pending; waited += 50) {
      if (waited === 0 || waited % 10_000 === 0) onProgress({ phase: 'waiting for a --strict ingest that declared one of these events erroneous, or brought another version of one of their postings', done: s.records, unit: 'records', accepted: s.accepted, duplicates: s.duplicates, rejected: s.rejected });
      await new Promise((r) => setTimeout(r, 50));
      ({ pre, declared, pending, superseded } = await splitAndCheck(all));
    }
    duplicate(pre.duplicates);
    const chunk = pre.fresh;
    if (chunk.length === 0) return;
    await order.prefetch(chunk);
    const valid: IngestRecord[] = [];
    let retracted: string[] = [];
    for (const r of chunk) {
      const err = (TRUSTED.has(r.type) ? null : checkRecord(r)) ?? normaliseTimes(r) ?? order.check(r);
      if (err) {
        reject(err);
        continue;
      }
      const mine: string[] = [];
      if (declared.has(r.id)) {
        // Declared erroneous before it arrived: logged as sent (raw) and marked retracted, never
        // applied; its logged batch is empty, so a rebuild does not apply it, nor does the time-order
        // check later take it for an origin (nor does it unpack anything).
        r.batch = { nodes: [], edges: [] };
        mine.push(r.id);
      }
      order.note(r);
      if (r.empties && !declared.has(r.id)) await resolveEmpties(store, r, valid);
      // A new version of an export's posting (row-key.ts): it retracts the versions logged before,
      // as a correction does (their edges go unless it asserts them again; their quantities no longer count).
      const older = superseded.get(r.id);
      if (older) {
        r.retracts = [...(r.retracts ?? []), ...older];
        replacing.set(r.id, older);
        foundVersions.set(r.id, older);
      }
      if (r.retracts?.length) {
        // An edge another live record asserts stays, when applied (posting-totals.ts): a corrective
        // event that came before the error declaration, or another posting of the same edge. An
        // EPCIS declaration removes what its copy of the event names and what the event it retracts
        // asserted (a copy may spell a transaction or transformation id otherwise, or leave a list out).
        mine.push(...(await retract(r, r.retracts, declaresErroneous(r.id) || !r.batch.removeEdges?.length)));
      }
      if (mine.length > 0) retractedBy.set(r.id, mine);
      retracted = retracted.concat(mine);
      if (r.posting !== undefined) checked.set(r.id, { retracts: r.retracts ? [...r.retracts] : undefined, batch: r.batch });
      valid.push(r);
    }
    for (const r of valid) if (r.warnings) warnOf.set(r.id, r.warnings);
    // what a chunk's records need until their commit: dropped once it is done (a --strict run keeps it to its end)
    const forget = () => {
      for (const r of valid) {
        checked.delete(r.id);
        retractedBy.delete(r.id);
        lateBy.delete(r.id);
        foundVersions.delete(r.id);
      }
    };
    if (shared) {
      await writeShared(valid);
      forget();
      return;
    }
    // A store apart: what this chunk retracts is marked in its own log commit, so that a record
    // later in the chunk, totalled from `events`, no longer counts it (--strict: at its end).
    const { appended, duplicates, retracted: late } = await appendNew(db, valid, strict ? 'staged' : 'logged', run, strict ? done : { recs: done.recs, retracted: [...done.retracted, ...retracted] }, async (fresh) => (await lateVersions(fresh)).ids);
    if (!strict) for (const x of [...retracted, ...late]) ownRetracted.add(x);
    done = { recs: [], retracted: [] };
    duplicate(duplicates);
    if (strict) {
      accept(appended);
      strictRetracted.push(...retracted, ...late);
      const logged = new Set(appended.map((a) => a.id));
      for (const r of valid) {
        if (!logged.has(r.id)) continue;
        if (r.posting !== undefined) strictPostings.push(r);
        else if (r.retracts?.length) strictCorrections.push(r);
      }
      return;
    }
    const res = await applyRecords(db, store, appended, true);
    done = { recs: res.ok, retracted: [] };
    // what a record the store refused retracts was marked with its chunk: taken back
    await unretract(db, res.failed.flatMap((f) => [...(retractedBy.get(f.rec.id) ?? []), ...(lateBy.get(f.rec.id) ?? [])]));
    for (const f of res.failed) reject(f.error);
    accept(res.ok);
    forget();
  };

  /**
   * Logs (status 'applied') and applies records in one commit per segment; a segment the store
   * refuses goes again record by record, so only the culprits are rejected (and not logged: sent
   * again, they are tried again).
   */
  const writeShared = async (valid: IngestRecord[]) => {
    const { refused } = await writeSegments(valid, async (recs) => {
      const { out } = await store.sharedWrite!(db, async () => {
        const { fresh, duplicates } = await splitNew(db, recs);
        const late = await lateVersions(fresh);
        // removals found at the commit would land after what later records of the segment assert
        if (late.removals && recs.length > 1) throw new LgError('LG_INVALID_BATCH', 'a version of a posting was committed meanwhile: the segment is written record by record');
        // what this segment's own records retract: a record refused is not written, nor are its marks
        const retracted = [...fresh.flatMap((r) => retractedBy.get(r.id) ?? []), ...late.ids];
        const write = async () => {
          const logged = await writeLogRows(db, fresh, 'applied', run);
          if (retracted.length > 0) await setApplied(db, { recs: [], retracted });
          return { logged, duplicates, retracted };
        };
        const totals = await totalBatches(db, fresh, { counted: false, queued: true, store });
        return { batch: mergeBatches(await newestDispositions(db, store, fresh, totals, true)), write };
      });
      duplicate(out.duplicates);
      for (const x of out.retracted) ownRetracted.add(x);
      accept(out.logged);
    });
    for (const { rec, error } of refused) reject({ pos: rec.pos, reason: `the store refused record ${rec.id}: ${error.message}` });
  };

  // One chunk is written while the next is parsed (the database works off the main thread);
  // chunks still go to the log and the store strictly one after another, in input order.
  let inFlight: Promise<void> = Promise.resolve();
  const submit = async (c: IngestRecord[]) => {
    await inFlight;
    inFlight = flush(c).then(progress);
    inFlight.catch(() => undefined);
  };
  for await (const got of items) {
    for (const it of Array.isArray(got) ? got : [got]) {
      s.records++;
      if (!it.ok) reject(it.error);
      else if (it.record.retracts?.length) {
        // A correction is flushed alone, after everything before it, so its retractions see them.
        const c = staged;
        staged = [];
        stagedPostings.clear();
        await submit(c);
        await submit([it.record]);
      } else {
        // a second version of a posting in this chunk: the chunk so far goes first, so that the
        // second finds the first in the log and replaces it
        const posting = it.record.posting ?? null;
        if (posting !== null && stagedPostings.has(posting)) {
          const c = staged;
          staged = [];
          stagedPostings.clear();
          await submit(c);
        }
        if (posting !== null) stagedPostings.add(posting);
        staged.push(it.record);
        if (staged.length >= size) {
          const c = staged;
          staged = [];
          stagedPostings.clear();
          await submit(c);
        }
      }
    }
  }
  await submit(staged);
  await inFlight;
  await markApplied(db, done);

  if (strict) {
    if (s.rejected > 0) {
      await dropStaged(db, run);
      s.rolledBack = true;
      s.accepted = 0;
      s.replaced = 0;
      s.warned = 0;
      s.warnings = [];
      s.warningsTruncated = false;
      for (const c of Object.values(s.bySource)) c.accepted = 0;
    } else {
      // Kept: versions of its postings another ingest committed while the run was reading (it
      // checked before they came) are replaced too; checked, promoted and marked in one commit.
      await db.transaction(async () => {
        // and a correction's target another ingest committed meanwhile (one that did not wait for
        // this run, because this run waited for it)
        const { versions } = strictPostings.length > 0 ? await supersededPostings(db, strictPostings, run) : { versions: new Map<string, string[]>() };
        const targets = [...new Set(strictCorrections.flatMap((r) => r.retracts ?? []))];
        const [live] = targets.length === 0 ? [[]] : await db.columns(`SELECT id FROM ingest_log WHERE list_contains(from_json($1::JSON, '["VARCHAR"]'), id) AND status IN ('logged', 'applied')`, [JSON.stringify(targets)]);
        const found = new Set((live ?? []) as string[]);
        const mine = new Set(strictPostings.map((r) => r.id));
        for (const r of [...strictPostings, ...strictCorrections]) {
          const posting = versions.has(r.id);
          const extra = posting ? versions.get(r.id)!.filter((x) => !mine.has(x) && !(r.retracts ?? []).includes(x)) : (r.retracts ?? []).filter((x) => found.has(x));
          const todo = extra.filter((x) => !strictRetracted.includes(x));
          if (todo.length === 0) continue;
          if (posting) r.retracts = [...(r.retracts ?? []), ...todo];
          // a correction that says what to remove names its removals itself; a version's, an EPCIS
          // declaration's (beside its copy's) and another correction's come from what its targets asserted
          const computed = posting || declaresErroneous(r.id) || !r.batch.removeEdges?.length;
          const ids = await retract(r, todo, computed, true);
          if (computed) await db.run(`UPDATE ingest_log SET batch = $1 WHERE id = $2 AND run = $3`, [JSON.stringify(r.batch), r.id, run]);
          strictRetracted.push(...ids);
          if (!posting) continue;
          lateBy.set(r.id, [...(lateBy.get(r.id) ?? []), ...ids]);
          for (const x of ids) if (!counted.has(x)) {
            counted.add(x);
            s.replaced++;
          }
        }
        await promoteStaged(db, run, true);
        // the records the run's corrections declare erroneous: marked, their facts withdrawn, before
        // the run is applied (their postings no longer count; one of the run's own is not applied)
        await setApplied(db, { recs: [], retracted: strictRetracted });
      });
      const r = await applyLog(db, store, { statuses: ['logged'], run, mark: true });
      await unretract(db, r.failed.flatMap((f) => [...(retractedBy.get(f.rec.id) ?? []), ...(lateBy.get(f.rec.id) ?? [])]));
      for (const f of r.failed) reject(f.error);
    }
  }
  progress();
  s.seconds = (performance.now() - t0) / 1000;
  s.recordsPerSecond = s.seconds > 0 ? Math.round(s.records / s.seconds) : 0;
  return s;
}
