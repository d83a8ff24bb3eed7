/**
 * The newest disposition wins, by event time. An EPCIS ObjectEvent's disposition (active,
 * in_transit, recalled, destroyed...) is the state of its objects *after* that event, so a node's
 * disposition is the one of its latest event, not of the last one to arrive: a WMS that sends
 * yesterday's `in_transit` after today's `recalled` must not un-recall the serial. The mapper writes
 * `disposition` with `dispositionAt` (the event time, ISO 8601 UTC) and the log keeps them as the
 * event said; this rule decides, **when a batch is applied**, which of them the store takes, on every
 * path that applies (the embedded store's one-commit write, a store apart from the log, a recovery, a
 * rebuild), next to the posting totals:
 *
 * - A node's pair is left out of the batch applied when the store, or an earlier record of the same
 *   write, holds a later `dispositionAt` (a tie goes to the later arrival). A `disposition` without
 *   `dispositionAt` (an NDJSON `graph` batch) counts as older than any with one.
 * - An error declaration gives back, for each node whose disposition a record it retracts set, the
 *   newest disposition of the live records that remain (the log's batches, and this write's earlier
 *   records): a corrective event older than the erroneous one then holds, whichever came first. When
 *   none remains, the pair is set to null (no disposition), as a rebuild gives.
 *
 * On the embedded store the read of what the store holds and the write are one step under the
 * database's queue (`sharedWrite`: an ingest's one-commit write, and apply.ts for the end of a
 * --strict run and a recovery), so two ingests cannot interleave them. With a store apart from the
 * log (Neo4j) another ingest can commit between the read and the write, and the later write wins
 * (ingest/README.md, item 9).
 */
import type { Db } from '../../analytics/db.ts';
import type { Batch, NodeInput, Props } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import { isLgError } from '../../lib/errors.ts';
import type { Posting } from './posting-totals.ts';
import { changeOf, fold, foldBatch, propsOfState, withoutChange, type PdState } from './persistent-dispositions.ts';

/** The time of a node's disposition: its `dispositionAt` in ms, −∞ for one without, null for none. */
function timeOf(p: Props | undefined): number | null {
  if (!p || (p.disposition === undefined && p.dispositionAt === undefined)) return null;
  const t = typeof p.dispositionAt === 'string' ? Date.parse(p.dispositionAt) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
}

// a pair without a time is given back with `dispositionAt: null`, so the erroneous event's time does not stay beside it
const pairOf = (p: Props): Props => ({ disposition: p.disposition!, dispositionAt: p.dispositionAt ?? null });

/**
 * The batches to apply for `recs` (their totals already worked out, `batches` in the same order),
 * with the disposition rule applied. `queued`: the caller holds the database queue.
 */
export async function newestDispositions(db: Db, store: Pick<GraphStore, 'lookup' | 'propsOf'>, recs: readonly Posting[], batches: Batch[], queued: boolean): Promise<Batch[]> {
  const retracting = recs.some((r) => r.retracts?.length);
  const keys = new Set<string>();
  for (const b of batches) for (const n of b.nodes ?? []) if (bears(n.props)) keys.add(n.key);
  const targets = retracting ? await retractedBatches(db, recs, queued) : new Map<string, Batch>();
  for (const b of targets.values()) for (const n of b.nodes ?? []) if (bears(n.props)) keys.add(n.key);
  if (keys.size === 0) return batches;
  const list = [...keys];
  const found = store.propsOf ? await store.propsOf(list) : await lookupEach(store, list);
  const held = new Map<string, number | null>();
  for (const key of list) held.set(key, timeOf(found.get(key)));
  // persistent dispositions held, per node, as this write folds them (persistent-dispositions.ts)
  const pd = new Map<string, PdState>();

  const out: Batch[] = [];
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i]!;
    let b = batches[i]!;
    if (r.retracts?.length) b = await giveBack(db, r, b, recs.slice(0, i), targets, held, pd, queued);
    // a replay of a record since retracted: its dispositions never held (its correction comes later)
    out.push(r.retracted ? withoutDispositions(b) : foldBatch(keepNewest(b, held), pd, found));
  }
  return out;
}

/** Props that carry a disposition or a persistent disposition's change. */
const bears = (p: Props | undefined): boolean => timeOf(p) !== null || changeOf(p) !== null;

function withoutDispositions(b: Batch): Batch {
  if (!b.nodes?.some((n) => bears(n.props))) return b;
  return { ...b, nodes: b.nodes.map((n) => (bears(n.props) ? { ...n, props: withoutChange(strip(n.props!)) } : n)) };
}

function strip(p: Props): Props {
  const { disposition: _d, dispositionAt: _a, ...rest } = p;
  return rest;
}

/** `b` without the dispositions older than the one held (and holding its others). */
function keepNewest(b: Batch, held: Map<string, number | null>): Batch {
  const nodes = b.nodes;
  if (!nodes) return b;
  let copy: NodeInput[] | undefined;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const t = timeOf(n.props);
    if (t === null) continue;
    const h = held.get(n.key) ?? null;
    if (h !== null && h > t) {
      copy ??= nodes.slice();
      copy[i] = { ...n, props: strip(n.props!) };
    } else {
      held.set(n.key, t);
    }
  }
  return copy ? { ...b, nodes: copy } : b;
}

/**
 * A correction's batch with, for each node whose disposition a retracted record set, the newest
 * disposition that remains live (added as a node of its own, so it is applied whatever the store
 * holds: it is older than the erroneous one).
 */
async function giveBack(db: Db, r: Posting, b: Batch, earlier: readonly Posting[], targets: Map<string, Batch>, held: Map<string, number | null>, pd: Map<string, PdState>, queued: boolean): Promise<Batch> {
  const mine = new Set(r.retracts);
  const touched = new Map<string, NodeInput>();
  const touchedPd = new Map<string, NodeInput>();
  for (const [id, t] of targets) {
    if (!mine.has(id)) continue;
    for (const n of t.nodes ?? []) {
      if (timeOf(n.props) !== null) touched.set(n.key, n);
      if (changeOf(n.props) !== null) touchedPd.set(n.key, n);
    }
  }
  if (touched.size === 0 && touchedPd.size === 0) return b;
  const exclude = new Set<string>([r.id, ...(r.retracts ?? [])]);
  for (const e of earlier) for (const x of e.retracts ?? []) exclude.add(x);
  const live = await liveDispositions(db, [...new Set([...touched.keys(), ...touchedPd.keys()])], exclude, queued);
  const restored: NodeInput[] = [];
  // the persistent dispositions the live records leave, folded in log order, then this write's earlier records
  for (const [key, n] of touchedPd) {
    const state: PdState = new Map();
    const foldIn = (p: Props | undefined) => {
      const c = changeOf(p);
      if (c !== null) fold(state, c);
    };
    for (const p of live.get(key) ?? []) foldIn(p);
    for (const e of earlier) if (!exclude.has(e.id) && !e.retracted) for (const x of e.batch.nodes ?? []) if (x.key === key) foldIn(x.props);
    pd.set(key, state);
    restored.push({ kind: n.kind, key, props: propsOfState(state) });
  }
  for (const [key, n] of touched) {
    let best: { t: number; props: Props } | undefined;
    // in arrival order, so a tie goes to the later one
    const consider = (p: Props | undefined) => {
      const t = timeOf(p);
      if (t !== null && (best === undefined || t >= best.t)) best = { t, props: pairOf(p!) };
    };
    for (const p of live.get(key) ?? []) consider(p);
    for (const e of earlier) if (!exclude.has(e.id) && !e.retracted) for (const x of e.batch.nodes ?? []) if (x.key === key) consider(x.props);
    // none remains: the erroneous one is cleared (null: no disposition; Neo4j drops the property),
    // as a rebuild, which never applies a retracted record's disposition, has none
    best ??= { t: -Infinity, props: { disposition: null, dispositionAt: null } };
    restored.push({ kind: n.kind, key, props: best.props });
    held.set(key, best.t);
  }
  if (restored.length === 0) return b;
  // applied before the correction's own nodes: on a tie the correction, the later arrival, holds
  // (keepNewest compares each with the time held, the restored one's)
  return { ...b, nodes: [...restored, ...(b.nodes ?? [])] };
}

/** The batches of the records `recs` retract, as logged. */
async function retractedBatches(db: Db, recs: readonly Posting[], queued: boolean): Promise<Map<string, Batch>> {
  const ids = recs.flatMap((r) => r.retracts ?? []);
  const read = () => db.all(`SELECT id, batch FROM ingest_log WHERE list_contains(from_json($1::JSON, '["VARCHAR"]'), id)`, [JSON.stringify(ids)]);
  const out = new Map<string, Batch>();
  for (const row of queued ? await read() : await db.exclusive(read)) out.set(String(row.id), JSON.parse(String(row.batch)) as Batch);
  return out;
}

/** Keys per regular expression: RE2 refuses a pattern of some 70,000 random serials ("pattern too large"). */
const KEYS_PER_PATTERN = 10_000;

/**
 * The disposition props each of `keys` has in the batches of live records (applied, or logged and
 * to be applied) other than `exclude`, in log order. One scan of the log's batches for all the keys
 * (regular expressions of them, at most KEYS_PER_PATTERN keys each), streamed: the rows found are
 * parsed as they come and only the wanted nodes' props kept, then put in log order here (a sort of
 * the matching rows with their batch text in DuckDB would not fit a bounded memory_limit when a lot
 * is named in 200,000 batches). It runs for error declarations of records that set a disposition only.
 */
async function liveDispositions(db: Db, keys: string[], exclude: Set<string>, queued: boolean): Promise<Map<string, Props[]>> {
  const wanted = new Set(keys);
  const patterns: string[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_PATTERN) {
    patterns.push(keys.slice(i, i + KEYS_PER_PATTERN).map((k) => JSON.stringify(k).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'));
  }
  // the condition has one placeholder per pattern: only their number is in the SQL text
  const matches = patterns.map((_, i) => `regexp_matches(batch, $${i + 1})`).join(' OR ');
  const found: { seq: number; key: string; props: Props }[] = [];
  const read = () => db.eachChunk(
    /* sql */ `SELECT seq, id, batch FROM ingest_log WHERE status IN ('applied', 'logged') AND (strpos(batch, '"disposition') > 0 OR strpos(batch, '"persistentDisposition') > 0) AND (${matches})`,
    patterns,
    (cols, rows) => {
      const [seqs, ids, batches] = cols as [bigint[], string[], string[]];
      for (let i = 0; i < rows; i++) {
        if (exclude.has(ids[i]!)) continue;
        const b = JSON.parse(batches[i]!) as Batch;
        for (const n of b.nodes ?? []) if (wanted.has(n.key) && bears(n.props)) found.push({ seq: Number(seqs[i]), key: n.key, props: n.props! });
      }
    },
  );
  await (queued ? read() : db.exclusive(read));
  // log order (stable: a batch's nodes keep theirs), so a tie goes to the later arrival
  found.sort((a, b) => a.seq - b.seq);
  const out = new Map<string, Props[]>();
  for (const f of found) (out.get(f.key) ?? out.set(f.key, []).get(f.key)!).push(f.props);
  return out;
}

async function lookupEach(store: Pick<GraphStore, 'lookup'>, keys: string[]): Promise<Map<string, Props>> {
  const out = new Map<string, Props>();
  for (const key of keys) {
    const v = await store.lookup(key).catch((e: unknown) => {
      if (isLgError(e) && e.code === 'LG_NOT_FOUND') return undefined;
      throw e;
    });
    if (v && v.key === key) out.set(key, v.props);
  }
  return out;
}
