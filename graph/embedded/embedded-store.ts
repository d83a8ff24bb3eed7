/**
 * The embedded GraphStore (the default): traces answered from the in-memory index, every write
 * persisted to DuckDB before it is applied and acknowledged. No server, no Docker.
 */
import type { Db } from '../../analytics/db.ts';
import { LgError } from '../../lib/errors.ts';
import { noProgress, type ProgressFn } from '../../lib/progress.ts';
import { looksLikeKey, parseKey } from '../keys.ts';
import { EDGE_KINDS, NODE_KINDS, type Batch, type EdgeKind, type EdgeView, type NodeKind, type NodeView, type Props } from '../model.ts';
import { checkRecall, checkTrace, intParam } from '../query-params.ts';
import { LIMITS, type Direction, type GraphStore, type PathResult, type RecallImpact, type RecallQuery, type SharedWritePlan, type Stats, type Subgraph, type TraceQuery, type TraceResult, type TracedNode, type UpsertResult } from '../store.ts';
import { validateBatch, type CleanBatch } from '../validate-batch.ts';
import { EDGE_CODE, NODE_CODE, type GraphIndex } from './graph-index.ts';
import { appendRows, ensureSchema, lastVersion, loadIndex } from './persist.ts';
import { inEdges, outEdges, summarise } from './recall.ts';
import { traverse, type Visit } from './traverse.ts';
import { apply, isEmpty, plan } from './upsert.ts';

/** An edge number as a view gives it: NaN (none given) is null. */
const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
/**
 * True when a node's props text holds `association: true` (GraphStore.originsIn `exceptAssociation`).
 * Props are stored as JSON.stringify text, so a text search finds the key; parsed only on a hit.
 */
const isAssociation = (props: string | undefined): boolean =>
  props !== undefined && props.includes('"association":true') && (JSON.parse(props) as Record<string, unknown>).association === true;

/** Opens the embedded store on a database (creating its tables), rebuilding the index from it. */
export async function openEmbeddedStore(db: Db, opts: { onProgress?: ProgressFn } = {}): Promise<EmbeddedStore> {
  await ensureSchema(db);
  const t0 = performance.now();
  const ix = await loadIndex(db, opts.onProgress ?? noProgress);
  const store = new EmbeddedStore(db, ix, await lastVersion(db));
  store.rebuildSeconds = (performance.now() - t0) / 1000;
  return store;
}

export class EmbeddedStore implements GraphStore {
  readonly name = 'embedded';
  /** Seconds the last index rebuild from the database took. */
  rebuildSeconds = 0;

  constructor(private readonly db: Db, private readonly ix: GraphIndex, private version: number) {}

  async upsert(batch: Batch): Promise<UpsertResult> {
    const clean = validateBatch(batch, this.knownKind);
    // A pending idle compaction must not fire while this write awaits DuckDB: on a large graph
    // that would rebuild the whole CSR once per batch during a bulk load.
    clearTimeout(this.timer);
    this.writing++;
    try {
      return await this.db.exclusive(() => this.write(clean));
    } finally {
      this.writing--;
      this.scheduleCompaction();
    }
  }

  sharesDatabase(owner: unknown): boolean {
    return owner === this.db;
  }

  /** See GraphStore.sharedWrite: the caller's rows and this write's commit together, or neither. */
  async sharedWrite<T>(owner: unknown, prepare: () => Promise<SharedWritePlan<T>>): Promise<{ result: UpsertResult; out: T }> {
    if (owner !== this.db) throw new LgError('LG_INTERNAL', 'sharedWrite needs the database the store persists to');
    clearTimeout(this.timer);
    this.writing++;
    try {
      return await this.db.exclusive(async () => {
        const { batch, write } = await prepare();
        let out: T | undefined;
        const result = await this.write(validateBatch(batch, this.knownKind), async () => {
          out = await write();
        });
        return { result, out: out as T };
      });
    } finally {
      this.writing--;
      this.scheduleCompaction();
    }
  }

  /** The kind of a key the index holds (a key it holds was validated when it came in). */
  private readonly knownKind = (key: string): NodeKind | undefined => {
    const id = this.ix.keyIndex.get(key);
    return id === undefined ? undefined : NODE_KINDS[this.ix.nodeKind[id]!];
  };

  /** Plans, persists, then applies one validated batch (the caller holds the database exclusively). */
  private async write(clean: CleanBatch, alsoWrite?: () => Promise<void>): Promise<UpsertResult> {
    const p = plan(this.ix, clean);
    if (isEmpty(p) && !alsoWrite) return p.result;
    const v = isEmpty(p) ? this.version : ++this.version;
    await this.db.inTransaction(async () => {
      if (alsoWrite) await alsoWrite();
      if (!isEmpty(p)) await appendRows(this.db, v, [...p.newNodes, ...p.updNodes], [...p.newEdges, ...p.updEdges, ...p.delEdges]);
    });
    apply(this.ix, p);
    if (this.ix.shouldCompact()) this.ix.compact();
    return p.result;
  }

  private timer: NodeJS.Timeout | undefined;
  private writing = 0;

  /** Merges the delta into the CSR once writes pause for a moment (traces are fastest on a compact index). */
  private scheduleCompaction(): void {
    if (this.ix.deltaCount === 0 || this.writing > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.optimize(), 200);
    this.timer.unref();
  }

  /** Merges pending index changes now. */
  optimize(): void {
    clearTimeout(this.timer);
    if (this.ix.deltaCount > 0) this.ix.compact();
  }

  /** Node id of a key or alias; LG_BAD_ID / LG_NOT_FOUND / LG_AMBIGUOUS_ID otherwise. */
  resolve(id: string): number {
    const s = typeof id === 'string' ? id.trim() : '';
    if (s === '') throw new LgError('LG_BAD_ID', 'an id is required');
    const byKey = this.ix.keyIndex.get(s);
    if (byKey !== undefined) return byKey;
    if (looksLikeKey(s)) parseKey(s);
    const hits = this.ix.aliasNodes(s);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) {
      throw new LgError('LG_AMBIGUOUS_ID', `'${s}' names ${hits.length} nodes: use one of their keys`, { candidates: hits.slice(0, 20).map((h) => this.ix.keys[h]) });
    }
    throw new LgError('LG_NOT_FOUND', `no node with key or identifier '${s}'`, { id: s });
  }

  view(id: number): NodeView {
    const ix = this.ix;
    return { key: ix.keys[id]!, kind: NODE_KINDS[ix.nodeKind[id]!]!, ids: ix.ids[id] ?? [], props: ix.props[id] ? JSON.parse(ix.props[id]!) : {} };
  }

  edgeView(e: number): EdgeView {
    const ix = this.ix;
    return { kind: EDGE_KINDS[ix.kind[e]!]!, from: ix.keys[ix.src[e]!]!, to: ix.keys[ix.dst[e]!]!, at: num(ix.at[e]!), until: num(ix.until[e]!), qty: num(ix.qty[e]!), uom: ix.uoms[ix.uom[e]!] || null };
  }

  async trace(q: TraceQuery): Promise<TraceResult> {
    const c = checkTrace(q);
    const origin = this.resolve(c.origin);
    const v = traverse(this.ix, [origin], { way: c.direction === 'forward' ? 'out' : 'in', maxDepth: c.maxDepth, asOf: c.asOf, limit: c.limit });
    const kindMask = c.kinds ? new Set([...c.kinds].map((k) => NODE_CODE[k])) : null;
    return { origin: this.view(origin), direction: c.direction, truncated: v.truncated, ...this.traced(v, kindMask) };
  }

  /** Turns a visit into result nodes, plus the parent links of hidden ancestors of shown nodes. */
  private traced(v: Visit, kindMask: Set<number> | null): Pick<TraceResult, 'nodes' | 'hiddenParents'> {
    const { keys, nodeKind } = this.ix;
    const nodes: TracedNode[] = [];
    const hiddenParents: TraceResult['hiddenParents'] = new Map();
    const needed = kindMask ? new Uint8Array(v.count) : null;
    for (let i = 0; i < v.count; i++) {
      const id = v.node[i]!;
      if (i > 0 && kindMask && !kindMask.has(nodeKind[id]!)) continue;
      const p = v.parent[i]!;
      nodes.push({ key: keys[id]!, kind: NODE_KINDS[nodeKind[id]!]!, depth: v.depth[i]!, parent: p < 0 ? null : keys[v.node[p]!]!, edge: p < 0 ? null : EDGE_KINDS[this.ix.kind[v.edge[i]!]!]! });
      if (needed) for (let a = p; a >= 0 && needed[a] === 0; a = v.parent[a]!) needed[a] = 1;
    }
    if (needed && kindMask) {
      for (let i = 1; i < v.count; i++) {
        if (!needed[i] || kindMask.has(nodeKind[v.node[i]!]!)) continue;
        const p = v.parent[i]!;
        hiddenParents.set(keys[v.node[i]!]!, { parent: p < 0 ? null : keys[v.node[p]!]!, edge: p < 0 ? null : EDGE_KINDS[this.ix.kind[v.edge[i]!]!]! });
      }
    }
    return { nodes, hiddenParents };
  }

  async recallImpact(q: RecallQuery): Promise<RecallImpact> {
    const c = checkRecall(q);
    const ix = this.ix;
    const seeds = new Set<number>(c.suspects.map((s) => this.resolve(s)));
    const inWindow = (e: number, w: { from: number; to: number }) => ix.at[e]! >= w.from && ix.at[e]! <= w.to;
    if (c.equipment) {
      const eq = this.expectKind(c.equipment.id, 'Equipment');
      for (const e of outEdges(ix, eq, EDGE_CODE.USED_IN, c.asOf)) if (inWindow(e, c.equipment)) seeds.add(ix.dst[e]!);
    }
    if (c.supplier) {
      const sup = this.expectKind(c.supplier.id, 'Supplier');
      for (const e of outEdges(ix, sup, EDGE_CODE.SUPPLIED, c.asOf)) if (inWindow(e, c.supplier)) seeds.add(ix.dst[e]!);
    }
    const list = [...seeds];
    const v = traverse(ix, list, { way: 'out', maxDepth: LIMITS.maxDepth, asOf: c.asOf, limit: c.limit });
    return { suspects: list.map((s) => this.view(s)), ...summarise(ix, v, list, c.asOf) };
  }

  private expectKind(id: string, kind: 'Equipment' | 'Supplier'): number {
    const n = this.resolve(id);
    if (this.ix.nodeKind[n] !== NODE_CODE[kind]) throw new LgError('LG_BAD_ID', `'${id}' is a ${NODE_KINDS[this.ix.nodeKind[n]!]}, not ${kind === 'Equipment' ? 'an' : 'a'} ${kind}`, { id });
    return n;
  }

  async path(from: string, to: string, opts: { undirected?: boolean; maxDepth?: number } = {}): Promise<PathResult | null> {
    const a = this.resolve(from);
    const b = this.resolve(to);
    const maxDepth = intParam('maxDepth', opts.maxDepth, 0, LIMITS.maxDepth, LIMITS.maxDepth);
    const v = traverse(this.ix, [a], { way: opts.undirected ? 'both' : 'out', maxDepth, limit: LIMITS.maxNodeCap, target: b, inTime: false });
    let i = -1;
    for (let j = v.count - 1; j >= 0; j--) if (v.node[j] === b) { i = j; break; }
    if (i < 0) return null;
    const nodes: NodeView[] = [];
    const edges: EdgeView[] = [];
    for (; i >= 0; i = v.parent[i]!) {
      nodes.push(this.view(v.node[i]!));
      if (v.parent[i]! >= 0) edges.push(this.edgeView(v.edge[i]!));
    }
    return { nodes: nodes.reverse(), edges: edges.reverse() };
  }

  async neighbourhood(id: string, opts: { hops?: number; limit?: number; direction?: Direction | 'both' } = {}): Promise<Subgraph> {
    const center = this.resolve(id);
    const hops = intParam('hops', opts.hops, 0, LIMITS.maxNeighbourhoodHops, 1);
    const limit = intParam('limit', opts.limit, 1, LIMITS.maxNeighbourhoodCap, LIMITS.defaultNeighbourhoodCap);
    const way = opts.direction === 'forward' ? 'out' : opts.direction === 'backward' ? 'in' : 'both';
    const v = traverse(this.ix, [center], { way, maxDepth: hops, limit, allEdges: true, inTime: false });
    const nodes = [];
    for (let i = 0; i < v.count; i++) nodes.push({ ...this.view(v.node[i]!), hops: v.depth[i]! });
    const edges: EdgeView[] = [];
    for (let i = 1; i < v.count; i++) edges.push(this.edgeView(v.edge[i]!));
    return { center: this.ix.keys[center]!, truncated: v.truncated, nodes, edges };
  }

  async lookup(id: string): Promise<NodeView> {
    return this.view(this.resolve(id));
  }

  /** GraphStore.propsOf, from memory. */
  async propsOf(keys: readonly string[]): Promise<Map<string, Props>> {
    const ix = this.ix;
    const out = new Map<string, Props>();
    for (const key of keys) {
      const id = ix.keyIndex.get(key);
      if (id !== undefined) out.set(key, ix.props[id] ? (JSON.parse(ix.props[id]!) as Props) : {});
    }
    return out;
  }

  async search(q: string, limit = 20): Promise<NodeView[]> {
    const n = intParam('limit', limit, 1, LIMITS.maxSearchResults, 20);
    const s = (typeof q === 'string' ? q : '').trim().toLowerCase();
    if (s === '') throw new LgError('LG_BAD_PARAM', 'search needs a query of at least one character', { field: 'q' });
    const out: number[] = [];
    const seen = new Set<number>();
    const hit = (id: number) => { if (!seen.has(id)) { seen.add(id); out.push(id); } };
    const exact = this.ix.keyIndex.get(q.trim());
    if (exact !== undefined) hit(exact);
    for (const a of this.ix.aliasNodes(s)) hit(a);
    const { keys, ids } = this.ix;
    for (let i = 0; i < this.ix.n && out.length < n; i++) {
      const k = keys[i]!.toLowerCase();
      if (k.startsWith(s) || k.slice(k.lastIndexOf(':') + 1).startsWith(s) || ids[i]?.some((a) => a.toLowerCase().startsWith(s))) hit(i);
    }
    return out.slice(0, n).map((i) => this.view(i));
  }

  /** GraphStore.edgeQuantity, with the edge's times too (what an added pack posting extends: docs/containment-interval.md §1). */
  edgeQuantity(kind: EdgeKind, from: string, to: string): { qty: number | null; uom: string | null; at: number | null; until: number | null } | undefined {
    const ix = this.ix;
    const s = ix.keyIndex.get(from);
    const d = s === undefined ? undefined : ix.keyIndex.get(to);
    const e = d === undefined ? -1 : ix.findEdge(s!, d, EDGE_CODE[kind]);
    if (e < 0 || !ix.isLive(e)) return undefined;
    return { qty: num(ix.qty[e]!), uom: ix.uoms[ix.uom[e]!] || null, at: num(ix.at[e]!), until: num(ix.until[e]!) };
  }

  originsIn(keys: Iterable<string>, kinds: readonly EdgeKind[], o: { exceptRework?: boolean; exceptAssociation?: boolean } = {}): Map<string, { at: number; from: string }[]> {
    const ix = this.ix;
    const codes = kinds.map((k) => EDGE_CODE[k]);
    const consumed = EDGE_CODE.CONSUMED_BY;
    const out = new Map<string, { at: number; from: string }[]>();
    for (const key of keys) {
      const u = ix.keyIndex.get(key);
      if (u === undefined) continue;
      let found: { at: number; from: string }[] | undefined;
      for (const k of codes) {
        for (const e of inEdges(ix, u, k, undefined)) {
          if (Number.isNaN(ix.at[e]!)) continue;
          if (o.exceptRework) {
            // a rework: the operation that made it (again) also consumed it, so it existed before
            const c = ix.findEdge(u, ix.src[e]!, consumed);
            if (c >= 0 && ix.isLive(c)) continue;
          }
          if (o.exceptAssociation && isAssociation(ix.props[ix.src[e]!])) continue;
          (found ??= []).push({ at: ix.at[e]!, from: ix.keys[ix.src[e]!]! });
        }
      }
      if (found) out.set(key, found.length > 1 ? found.sort((a, b) => a.at - b.at) : found);
    }
    return out;
  }

  async stats(): Promise<Stats> {
    const nodesByKind: Stats['nodesByKind'] = {};
    NODE_KINDS.forEach((k, i) => { if (this.ix.nodesByKind[i]) nodesByKind[k] = this.ix.nodesByKind[i]!; });
    const edgesByKind: Stats['edgesByKind'] = {};
    EDGE_KINDS.forEach((k, i) => { if (this.ix.edgesByKind[i]) edgesByKind[k] = this.ix.edgesByKind[i]!; });
    return { nodes: this.ix.n, edges: this.ix.liveEdges, nodesByKind, edgesByKind };
  }

  /** Everything in the store as batches (nodes first, then live edges), for copying into another store. */
  async *exportBatches(size = 10_000): AsyncGenerator<Batch> {
    const ix = this.ix;
    for (let i = 0; i < ix.n; i += size) {
      const nodes = [];
      for (let j = i; j < Math.min(ix.n, i + size); j++) { const v = this.view(j); nodes.push({ kind: v.kind, key: v.key, ids: v.ids, props: v.props }); }
      yield { nodes };
    }
    for (let i = 0; i < ix.m; i += size) {
      const edges = [];
      for (let e = i; e < Math.min(ix.m, i + size); e++) if (ix.isLive(e)) edges.push(this.edgeView(e));
      if (edges.length) yield { edges };
    }
  }

  /** Memory held by the trace index: CSR bytes and bytes per live edge (CSR only), and all edge data. */
  memory(): { adjacencyBytes: number; bytesPerEdge: number; edgeDataBytes: number; hashBytes: number } {
    this.optimize();
    const m = this.ix.memory();
    return { ...m, bytesPerEdge: this.ix.liveEdges ? m.adjacencyBytes / this.ix.liveEdges : 0 };
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.db.exclusive(async () => undefined);
  }
}
