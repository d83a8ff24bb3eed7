/**
 * Quantities that add up. A store keeps one edge per (kind, from, to), and an edge written again
 * replaces its quantity (graph/model.ts). But two records posting the same pair are two quantities:
 * a second goods issue of a lot to one operation, two lines of a lot in one shipment, two
 * TransformationEvents of one transformationID. So the edge a record applies carries the total of
 * every live record posting it. The log is the ledger (`events` holds one row per flow edge per
 * live record); the total is worked out two ways that agree:
 *
 * - **From the store** when the store holds the graph in memory and shares the log's commit (the
 *   embedded default): what the edge holds (the total so far) plus the chunk's postings. Records are
 *   fresh there (the log dedups them) and store and log commit together, so nothing is counted twice.
 * - **From the log** otherwise (a store apart, as Neo4j: a crash may have applied a record already;
 *   recovery; a rebuild) and for retractions: the live rows, in log order, plus the records being
 *   applied. Only edges the log holds more than once are asked for (posted-edges.ts).
 *
 * Rules, both ways:
 * - The total is the sum when every posting has a quantity in one unit. It is null (unknown, which
 *   a recall counts as the whole lot) when one has none or the units differ.
 * - A `graph` record (an NDJSON store batch) is not a posting: its edge replaces, as in the store,
 *   and later postings add to it.
 * - A retraction leaves the total of the other live records (a second posting of what an erroneous
 *   event posted, or a corrective event that came before the declaration), written again.
 * - A reversal (a template row with `reversal`) posts a negative quantity. An edge whose postings
 *   include one and add up to nothing or less is removed (the goods issue, receipt or delivery line
 *   was taken back); `events` keeps both postings. As the store then holds no edge to add to, totals
 *   come from the log once a reversal has been logged (hasReversals).
 */
import type { Db } from '../../analytics/db.ts';
import { FLOW_EDGE_KINDS, type Batch, type EdgeInput } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import { BATCH_TYPES, edgeKey as ident, POSTED_KINDS, postedEdges } from './posted-edges.ts';

const FLOW = new Set<string>(FLOW_EDGE_KINDS);
const isBatch = (type: string): boolean => BATCH_TYPES.includes(type);

/**
 * A record about to be applied, as far as its totals go. `retracts` is needed only while its targets
 * still have `events` rows (the live run): a replay, a recovery and a --strict run mark the targets
 * retracted, which withdraws their rows, before they apply.
 */
export interface Posting {
  id: string;
  type: string;
  batch: Batch;
  retracts?: string[];
  /** Retracted since it was logged (a replay applies it before its correction; dispositions.ts). */
  retracted?: boolean;
}

/** What the postings of one edge add up to so far. */
interface Acc {
  /** Postings, and those with a quantity's part (all but an unpacking alone). */
  n: number;
  q: number;
  sum: number;
  /** A posting without a quantity, or in another unit. */
  unknown: boolean;
  uom: string | null;
  mixedUnits: boolean;
  /** A reversal among the postings (a negative quantity), and the sum of the quantities' sizes. */
  reversed: boolean;
  gross: number;
  /** Time of the latest posting read from the log. */
  at: number | null;
  /**
   * PACKED_INTO: the earliest packing (null: one without a time, unbounded; undefined: none yet),
   * the latest packing time, the latest and the earliest unpacking. Folded in any order: the edge is
   * open again when packed after its last unpacking, and its start stays unknown when an unpacking
   * comes before every packing (that episode's packing was never captured).
   */
  minPack: number | null | undefined;
  maxPack: number | null;
  maxUnpack: number | null;
  minUnpack: number | null;
}

/** One posting of an edge. `unpackOnly`: an unpacking (`until`, no packing time), which posts no quantity. */
interface Post {
  qty: number | null;
  uom: string | null;
  at: number | null;
  until: number | null;
  unpackOnly?: boolean;
}

const empty = (): Acc => ({ n: 0, q: 0, sum: 0, unknown: false, uom: null, mixedUnits: false, reversed: false, gross: 0, at: null, minPack: undefined, maxPack: null, maxUnpack: null, minUnpack: null });

/** A posting as the log and the batches give it: an unpacking alone is one with `until` and no `at`. */
const posting = (qty: unknown, uom: unknown, at: unknown, until: unknown): Post => {
  const p: Post = { qty: num(qty), uom: uom === null || uom === undefined ? null : String(uom), at: num(at), until: num(until) };
  p.unpackOnly = p.at === null && p.until !== null;
  return p;
};

function add(a: Acc, p: Post): void {
  a.n++;
  if (p.at !== null) a.at = p.at;
  if (p.until !== null) {
    a.maxUnpack = a.maxUnpack === null ? p.until : Math.max(a.maxUnpack, p.until);
    a.minUnpack = a.minUnpack === null ? p.until : Math.min(a.minUnpack, p.until);
  }
  if (p.unpackOnly) return;
  a.minPack = a.minPack === undefined ? p.at : a.minPack === null || p.at === null ? null : Math.min(a.minPack, p.at);
  if (p.at !== null) a.maxPack = a.maxPack === null ? p.at : Math.max(a.maxPack, p.at);
  const uom = p.uom || null;
  if (a.q === 0) a.uom = uom;
  else if (a.uom !== uom) a.mixedUnits = true;
  a.q++;
  if (p.qty !== null && p.qty < 0) a.reversed = true;
  if (p.qty === null || a.mixedUnits) a.unknown = true;
  else {
    a.sum += p.qty;
    a.gross += Math.abs(p.qty);
  }
}

/** True when reversals take back all that was posted (within rounding: 0.1 + 0.2 − 0.3 is not quite 0). */
const cancelled = (a: Acc): boolean => a.reversed && !a.unknown && a.q > 0 && a.sum <= a.gross * 1e-9;

/** Adds one posting (or, for a `graph` record, sets the edge) to the totals. */
function post(m: Map<string, Acc>, k: string, type: string, p: Post): void {
  let a = m.get(k);
  if (!a || isBatch(type)) m.set(k, (a = empty()));
  add(a, p);
}

const qtyOf = (a: Acc): number | null => (a.unknown || a.q === 0 ? null : a.sum);
const uomOf = (a: Acc): string | null => (a.mixedUnits ? null : a.uom);
/**
 * A containment's interval from its postings: from the earliest packing (unknown when an unpacking
 * comes before it: an earlier episode whose packing was never captured, so one interval covers both);
 * ended by the latest unpacking unless packed again after it.
 */
const atOf = (a: Acc): number | null => (a.minPack == null || (a.minUnpack !== null && a.minUnpack < a.minPack) ? null : a.minPack);
const untilOf = (a: Acc): number | null => (a.maxUnpack !== null && (a.maxPack === null || a.maxUnpack > a.maxPack) ? a.maxUnpack : null);
/** The fields of an edge that its postings' total sets. */
const totalled = (kind: string, a: Acc): Partial<EdgeInput> =>
  kind === 'PACKED_INTO' ? { qty: qtyOf(a), uom: uomOf(a), at: atOf(a), until: untilOf(a) } : { qty: qtyOf(a), uom: uomOf(a) };
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Live rows of `edges` in the log, added up in log order (by `kind|from|to`), leaving out the records in `exclude` and
 * the rows of undecided --strict runs. `queued`: the caller holds the database queue.
 */
async function logged(db: Db, edges: readonly { kind: string; from: string; to: string }[], exclude: Set<string>, queued: boolean): Promise<Map<string, Acc>> {
  const totals = new Map<string, Acc>();
  if (edges.length === 0) return totals;
  const keys = JSON.stringify(edges.map((e) => ({ e: e.kind, s: e.from, d: e.to })));
  const read = async () => {
    // a hash join on the three columns (the few edges asked for are the build side); which records
    // to leave out is decided on the rows found, not per row of the table
    const rows = await db.all(
      /* sql */ `WITH c AS (SELECT unnest(from_json($1::JSON, '[{"e":"VARCHAR","s":"VARCHAR","d":"VARCHAR"}]'), recursive := true))
       SELECT e.edge, e.src, e.dst, e.record, e.type, e.seq, e."at", e.qty, e.uom, e."until"
       FROM events e JOIN c ON e.edge = c.e AND e.src = c.s AND e.dst = c.d ORDER BY e.seq`,
      [keys],
    );
    const seqs = rows.map((x) => Number(x.seq));
    if (seqs.length === 0) return rows;
    const found = await db.all(`SELECT seq FROM ingest_log WHERE seq BETWEEN $1 AND $2 AND status = 'staged'`, [seqs[0]!, seqs[seqs.length - 1]!]);
    const staged = new Set(found.map((x) => Number(x.seq)));
    return rows.filter((x) => !staged.has(Number(x.seq)));
  };
  for (const x of queued ? await read() : await db.exclusive(read)) {
    if (exclude.has(String(x.record))) continue;
    post(totals, ident({ kind: String(x.edge), from: String(x.src), to: String(x.dst) }), String(x.type), posting(x.qty, x.uom, x.at, x.until));
  }
  return totals;
}

/**
 * The batches to apply for `recs`, in order, with the totals (see the top of this file). `store`:
 * given when the caller holds the database queue and the store commits with the log: answered by
 * `edgeQuantity` when the store has it, else the log is asked. `counted`: the records' own `events` rows are in the log
 * already (applied after their commit, or replayed). `queued`: the caller holds the database queue.
 */
export async function totalBatches(db: Db, recs: Posting[], o: { counted: boolean; queued: boolean; store?: GraphStore }): Promise<Batch[]> {
  const batches: Batch[] = [];
  for (const r of recs) batches.push(r.batch.removeEdges?.some((e) => FLOW.has(e.kind)) ? await keepOthers(db, r, o.queued) : r.batch);
  const brings = recs.some(bringsReversal);
  // what the store holds still counts the postings a record here retracts: the log has them apart
  if (o.store?.edgeQuantity && !recs.some((r) => r.retracts?.length) && !(await hasReversals(db, brings, o.queued))) {
    const out = fromStore(o.store, recs, batches);
    if (out) return out;
  }
  // the records' postings per edge (a `graph` record's edge counts none), and one edge of each
  const mine = new Map<string, { edge: EdgeInput; n: number }>();
  for (const r of recs) {
    for (const e of r.batch.edges ?? []) {
      if (!POSTED_KINDS.has(e.kind)) continue;
      const m = mine.get(ident(e)) ?? mine.set(ident(e), { edge: e, n: 0 }).get(ident(e))!;
      if (!isBatch(r.type)) m.n++;
    }
  }
  const posted = await postedEdges(db, o.queued);
  const asked = [...mine].filter(([k, m]) => m.n > 0 && (o.counted ? posted.mayHaveTwice(k) : m.n > 1 || posted.mayHaveOnce(k)));
  // a lone reversal (nothing logged to take back) is still to be turned into a removal
  if (asked.length === 0) return brings ? patched(recs, batches, new Map()) : batches;
  const exclude = new Set<string>();
  for (const r of recs) {
    exclude.add(r.id);
    for (const x of r.retracts ?? []) exclude.add(x);
  }
  const totals = await logged(db, asked.map(([, m]) => m.edge), exclude, o.queued);
  const want = new Set(asked.map(([k]) => k));
  for (const r of recs) {
    // a replayed record since retracted posts nothing (its facts were withdrawn): its edge carries the others' total
    if (r.retracted) continue;
    for (const e of r.batch.edges ?? []) {
      const k = ident(e);
      if (want.has(k)) post(totals, k, r.type, posting(e.qty, e.uom, e.at, e.until));
    }
  }
  return patched(recs, batches, totals);
}

/**
 * The totals from what the store holds (the total so far) and the chunk's postings: the per-edge work
 * is one lookup in memory; the totals map holds only the edges posted again. Null when what the
 * store holds cannot say it, and the log has the postings: an unpacking in the chunk (it needs the
 * latest packing time, which the edge does not keep), or a stored containment with an end but no
 * start (an unpacking came first).
 */
function fromStore(store: GraphStore, recs: Posting[], batches: Batch[]): Batch[] | null {
  const totals = new Map<string, Acc>();
  const first = new Map<string, EdgeInput>();
  for (const r of recs) {
    for (const e of r.batch.edges ?? []) {
      if (!POSTED_KINDS.has(e.kind)) continue;
      if (e.until != null) return null;
      const k = ident(e);
      if (!totals.has(k)) {
        // the first posting of the chunk starts from what the store holds (if anything); a second
        // one with nothing stored, from the first
        const f = first.get(k);
        const base = f ?? store.edgeQuantity!(e.kind, e.from, e.to);
        if (f === undefined) first.set(k, e);
        if (!base) continue;
        // a containment whose packing the store does not know (an unpacking came first): the log does
        if (base.at == null && base.until != null) return null;
        const a = empty();
        // what the store holds: a packing from its `at` (and an unpacking at its `until`), with its total
        add(a, { qty: base.qty ?? null, uom: base.uom ?? null, at: num(base.at), until: num(base.until) });
        totals.set(k, a);
      }
      post(totals, k, r.type, posting(e.qty, e.uom, e.at, e.until));
    }
  }
  return totals.size === 0 ? batches : patched(recs, batches, totals);
}

/**
 * The batches with each posting record's own flow edges carrying their edge's total (where more than
 * one posting made it), and edges whose reversals cancel them (or a lone reversal) removed instead.
 */
function patched(recs: Posting[], batches: Batch[], totals: Map<string, Acc>): Batch[] {
  return batches.map((b, i) => {
    const r = recs[i]!;
    const own = r.batch.edges?.length ?? 0;
    if (isBatch(r.type) || own === 0) return b;
    let edges: EdgeInput[] | undefined;
    let gone: EdgeInput[] | undefined;
    for (let j = 0; j < own; j++) {
      const e = b.edges![j]!;
      if (!POSTED_KINDS.has(e.kind)) continue;
      const t = totals.get(ident(e));
      const many = t !== undefined && t.n >= 2;
      if (many ? cancelled(t) : (e.qty ?? 0) < 0) (gone ??= []).push(e);
      else if (many) {
        edges ??= [...b.edges!];
        edges[j] = { ...e, ...totalled(e.kind, t) };
      }
    }
    if (gone) {
      const out = new Set(gone);
      edges = (edges ?? b.edges!).filter((_, j) => !(j < own && out.has(b.edges![j]!)));
      return { ...b, edges, removeEdges: [...(b.removeEdges ?? []), ...gone.map((e) => ({ kind: e.kind, from: e.from, to: e.to }))] };
    }
    return edges ? { ...b, edges } : b;
  });
}

const reversals = new WeakMap<Db, boolean>();

/**
 * True when the log holds a reversal or the chunk brings one (`brings`): totals then come from the log, which keeps
 * every posting, rather than from what the store holds (nothing, for an edge a reversal removed).
 */
async function hasReversals(db: Db, brings: boolean, queued: boolean): Promise<boolean> {
  if (!reversals.has(db)) {
    const read = () => db.all(`SELECT EXISTS (SELECT 1 FROM events WHERE qty < 0) AS r`);
    const [row] = queued ? await read() : await db.exclusive(read);
    reversals.set(db, row!.r === true);
  }
  if (brings) reversals.set(db, true);
  return reversals.get(db)!;
}

/** A posting record with a negative quantity (a template row's `reversal`). */
const bringsReversal = (r: Posting): boolean => !isBatch(r.type) && (r.batch.edges?.some((e) => e.qty != null && e.qty < 0) ?? false);

/** `r`'s batch without the removals of flow edges another live record asserts, those edges written again with what the others add up to. */
async function keepOthers(db: Db, r: Posting, queued: boolean): Promise<Batch> {
  const removals = r.batch.removeEdges ?? [];
  const flow = [...new Map(removals.filter((e) => FLOW.has(e.kind)).map((e) => [ident(e), e])).values()];
  const totals = await logged(db, flow, new Set([r.id, ...(r.retracts ?? [])]), queued);
  if (totals.size === 0) return r.batch;
  const again: EdgeInput[] = [];
  for (const e of flow) {
    const t = totals.get(ident(e));
    // kept as it is where no quantity adds up (HAS_UNIT, DELIVERED_TO, USED_IN); removed where the others cancel out
    if (t && POSTED_KINDS.has(e.kind) && !cancelled(t)) again.push({ kind: e.kind, from: e.from, to: e.to, at: t.at, ...totalled(e.kind, t) });
  }
  return { ...r.batch, edges: [...(r.batch.edges ?? []), ...again], removeEdges: removals.filter((e) => !totals.has(ident(e)) || cancelled(totals.get(ident(e))!)) };
}
