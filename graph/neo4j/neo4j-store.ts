/**
 * The Neo4j GraphStore: writes through the lotgraph plugin's procedure `lotgraph.upsert` (one packed
 * string a batch, cypher/upsert-proc.ts) when installed, else as UNWIND batches in managed
 * transactions (upsert.ts); traces and recalls run in
 * the server through the lotgraph plugin's procedure when installed (cypher/trace-proc.ts), else as
 * one pruning-BFS Cypher query replayed in the client (closure.ts); path and neighbourhood expand
 * level by level (bfs.ts). No query ever enumerates paths. Semantics mirror graph/embedded (same
 * validation, same BFS order, same recall rules).
 */
import { LgError, isLgError } from '../../lib/errors.ts';
import { looksLikeKey } from '../keys.ts';
import type { Batch, EdgeView, NodeView, Props } from '../model.ts';
import { checkRecall, checkTrace, intParam } from '../query-params.ts';
import { LIMITS, type Direction, type GraphStore, type PathResult, type RecallImpact, type RecallQuery, type Stats, type Subgraph, type TraceQuery, type TraceResult, type UpsertResult } from '../store.ts';
import { bfs, type Seed } from './bfs.ts';
import { recallFrom, replayLists, traceFrom } from './closure.ts';
import { traceByKey } from './cypher/trace.ts';
import { procRecall, procTrace, procTraceByKey, type ProcOptions } from './cypher/trace-proc.ts';
import { ints, recallClosure, splitKeys, traceNodes, traceVisit } from './proc-decode.ts';
import type { Neo4jConnection, Row, Tx } from './connection.ts';
import { expandLevel } from './cypher/expand.ts';
import { nodeByKey, nodesByAlias, nodesByKey, searchPrefix } from './cypher/lookup.ts';
import { clearAll } from './cypher/schema.ts';
import { countsByKind } from './cypher/stats.ts';
import { edgeView, resolve, resolved, traced, view, viewsOf, type Resolved } from './results.ts';
import { summarise } from './recall.ts';
import { ProjectionLease } from './projection-lease.ts';
import { checkBatch, upsertBatch, upsertEdges, upsertNodes, type NodePhase } from './upsert.ts';
import { packBatch, packEdges, packNodes, procUpsert, procUpsertEdges, procUpsertNodes, upsertResultOf } from './cypher/upsert-proc.ts';

/** Options of Neo4jStore.load. */
export interface LoadOptions {
  /** Suspend the plugin's trace projection during the load and wait for its rebuild at the end (bulk loads). */
  suspendProjection?: boolean;
}


/** How traces and recalls run: the server-side procedure `lotgraph.trace` (plugin), or plain Cypher. */
export type TraceEngine = 'procedure' | 'cypher';

/** How batches are written: the server-side procedure `lotgraph.upsert` (plugin), or the Cypher of upsert.ts. */
export type WriteEngine = 'procedure' | 'cypher';

export class Neo4jStore implements GraphStore {
  readonly name = 'neo4j';

  /** `engine` and `writer` come from openNeo4jStore, which probes the server for the plugin once. */
  constructor(readonly conn: Neo4jConnection, readonly engine: TraceEngine = 'cypher', readonly writer: WriteEngine = 'cypher') {}

  async upsert(batch: Batch): Promise<UpsertResult> {
    const clean = checkBatch(batch);
    if (this.writer === 'procedure') return this.upsertPacked(packBatch(clean));
    return this.writeRetried((tx) => upsertBatch(tx, clean), 'writing a batch');
  }

  /** One batch through `lotgraph.upsert`: one statement in one managed write transaction. */
  private upsertPacked(packed: string): Promise<UpsertResult> {
    return this.writeRetried(async (tx) => upsertResultOf((await tx.run(procUpsert(packed)))[0]), 'writing a batch');
  }

  /**
   * Bulk load (rebuild, bench): upserts batches in order with the same merge semantics and counts
   * as `upsert`, faster. Each batch is validated whole first, then written in two transactions,
   * its nodes then its edges, and the edges of one batch are written while the nodes of the next
   * are (two server threads at work). So a batch is not atomic: on an error, the batches before
   * it are stored, and it may be stored in part (its nodes); loading again completes it, since
   * every write is an idempotent upsert. Resolves with the summed counts once all is durable.
   * With the plugin the two phases are the procedures `lotgraph.upsertNodes` and
   * `lotgraph.upsertEdges` (`loadMode` 'phases'), or each batch is one `lotgraph.upsert` call
   * (`loadMode` 'batch': atomic batches, the client packing the next one meanwhile).
   * `suspendProjection` (bulk loads: rebuild, bench): the plugin's trace projection is suspended
   * while loading and rebuilt from the store at the end, and load resolves once it is ready again
   * (projection-lease.ts; traces read the store meanwhile, same answers).
   */
  async load(batches: AsyncIterable<Batch> | Iterable<Batch>, onBatch?: (b: Batch, r: UpsertResult) => void, o: LoadOptions = {}): Promise<UpsertResult> {
    if (!o.suspendProjection || this.engine !== 'procedure') return this.loadBatches(batches, onBatch);
    const lease = await ProjectionLease.take(this.conn);
    async function* renewing(): AsyncGenerator<Batch> {
      for await (const b of batches) {
        await lease.renew();
        yield b;
      }
    }
    try {
      return await this.loadBatches(renewing(), onBatch);
    } finally {
      // A failed resume leaves the lease to run out, which rebuilds the projection all the same.
      await lease.release().catch(() => undefined);
    }
  }

  private loadBatches(batches: AsyncIterable<Batch> | Iterable<Batch>, onBatch?: (b: Batch, r: UpsertResult) => void): Promise<UpsertResult> {
    if (this.writer === 'cypher') {
      return this.pipelined(batches, async (batch) => {
        const clean = checkBatch(batch);
        // The node phase reads stored nodes only, and the previous node phase is committed: it may overlap that edge phase.
        const p: NodePhase = await this.writeRetried((tx) => upsertNodes(tx, clean), 'writing the nodes of a batch');
        return () => this.conn.write((tx) => upsertEdges(tx, clean, p), 'writing the edges of a batch').then(() => p.res);
      }, onBatch);
    }
    if (this.loadMode === 'batch') {
      return this.pipelined(batches, (batch) => {
        const packed = packBatch(checkBatch(batch));
        return Promise.resolve(() => this.upsertPacked(packed));
      }, onBatch);
    }
    return this.pipelined(batches, async (batch) => {
      const clean = checkBatch(batch);
      const { packed, keys } = packNodes(clean);
      const row = await this.writeRetried(async (tx) => (await tx.run(procUpsertNodes(packed)))[0]!, 'writing the nodes of a batch');
      const edges = packEdges(clean, keys, row);
      return async () => {
        const r = await this.conn.write(async (tx) => upsertResultOf((await tx.run(procUpsertEdges(edges)))[0]), 'writing the edges of a batch');
        return { ...r, nodesCreated: Number(row.nodesCreated), nodesUpdated: Number(row.nodesUpdated), unchanged: Number(row.unchanged) + r.unchanged };
      };
    }, onBatch);
  }

  /** How load() uses the plugin (see load). */
  loadMode: 'batch' | 'phases' = 'phases';

  /**
   * Records per load() batch that this store writes fastest, for callers that make the batches
   * (bench, rebuild). Through Cypher 20k: on the first 600k records of M, 10k to 50k took about the
   * same time, larger batches costing the server more CPU per edge and transaction memory. Through
   * the plugin, where a round trip costs little, 10k: at S it took ~30% less server CPU than 20k
   * (less transaction state alive at each young GC) and 5k no less (graph/neo4j/server/README.md).
   */
  get loadBatchRecords(): number {
    return this.writer === 'procedure' ? 10_000 : 20_000;
  }

  /**
   * Runs `first` for each batch in order, then its returned second step, which may overlap the next
   * batch's `first`; second steps run one at a time, in order (each may read what the previous one
   * wrote). Stops at the first error (after the step in flight ends) and throws it.
   */
  private async pipelined(batches: AsyncIterable<Batch> | Iterable<Batch>, first: (b: Batch) => Promise<() => Promise<UpsertResult>>, onBatch?: (b: Batch, r: UpsertResult) => void): Promise<UpsertResult> {
    const total: UpsertResult = { nodesCreated: 0, nodesUpdated: 0, edgesCreated: 0, edgesUpdated: 0, edgesRemoved: 0, unchanged: 0 };
    let inFlight: Promise<void> = Promise.resolve();
    let failed: { e: unknown } | null = null;
    try {
      for await (const batch of batches) {
        const second = await first(batch);
        await inFlight;
        if (failed) break;
        inFlight = second().then(
          (r) => {
            for (const k of Object.keys(total) as (keyof UpsertResult)[]) total[k] += r[k];
            onBatch?.(batch, r);
          },
          (e: unknown) => void (failed = { e }),
        );
      }
    } finally {
      await inFlight; // never rejects: its error is kept in `failed`
    }
    if (failed) throw (failed as { e: unknown }).e;
    return total;
  }

  /** Runs a write transaction; a concurrent writer creating the same key trips the unique constraint (LG_CONFLICT): re-run it, it then sees that node as stored. */
  private async writeRetried<T>(work: (tx: Tx) => Promise<T>, doing: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.conn.write(work, doing);
      } catch (e) {
        if (!(isLgError(e) && e.code === 'LG_CONFLICT') || attempt >= 5) throw e;
      }
    }
  }

  /** Runs `work` in one read transaction (one round trip per statement, one view of the data). */
  private read<T>(work: (tx: Tx) => Promise<T>, doing: string): Promise<T> {
    return this.conn.readMany(work, doing);
  }

  async trace(q: TraceQuery): Promise<TraceResult> {
    const c = checkTrace(q);
    const o = { way: c.direction === 'forward' ? 'out' : 'in', maxDepth: c.maxDepth, asOf: c.asOf, limit: c.limit } as const;
    if (this.engine === 'procedure') return this.traceProc(c, o);
    // The common case, an origin given by key, is one round trip; otherwise resolve (alias, errors) first.
    const [row] = await this.conn.readOnce(traceByKey(c.origin, o), 'tracing');
    if (row) {
      const origin = resolved(row);
      const v = replayLists(row.rids as number[], row.rkeys as string[], row.nexts as number[][], [origin], o);
      return { origin: origin.view, direction: c.direction, truncated: v.truncated, ...traced(v, c.kinds) };
    }
    return this.read(async (tx) => {
      const origin = await resolve(tx, c.origin);
      const v = await traceFrom(tx, [origin], { way: c.direction === 'forward' ? 'out' : 'in', maxDepth: c.maxDepth, asOf: c.asOf, limit: c.limit });
      return { origin: origin.view, direction: c.direction, truncated: v.truncated, ...traced(v, c.kinds) };
    }, 'tracing');
  }

  /** trace() through the procedure: one round trip for an origin key, else resolve first. */
  private async traceProc(c: ReturnType<typeof checkTrace>, o: ProcOptions & { way: 'out' | 'in' }): Promise<TraceResult> {
    const answer = (r: Row): Pick<TraceResult, 'truncated' | 'nodes' | 'hiddenParents'> => {
      // Without a kinds filter every visited node is a result node: decode straight to them.
      if (!c.kinds) {
        const t = traceNodes(r.keys as string, r.parents as string, r.depths as string, o.way, o.limit, r.truncated as boolean);
        return { truncated: t.truncated, nodes: t.nodes, hiddenParents: new Map() };
      }
      const v = traceVisit(splitKeys(r.keys as string), ints(r.parents as string), ints(r.depths as string), o.way, o.limit, r.truncated as boolean);
      return { truncated: v.truncated, ...traced(v, c.kinds) };
    };
    const [row] = await this.conn.readOnce(procTraceByKey(c.origin, o), 'tracing');
    if (row) return { origin: resolved(row).view, direction: c.direction, ...answer(row) };
    return this.read(async (tx) => {
      const origin = await resolve(tx, c.origin);
      const [r] = await tx.run(procTrace([origin.id], o));
      return { origin: origin.view, direction: c.direction, ...answer(r!) };
    }, 'tracing');
  }

  async recallImpact(q: RecallQuery): Promise<RecallImpact> {
    const c = checkRecall(q);
    if (this.engine === 'procedure') return this.recallProc(c);
    // Suspects all given by key, no windows: one auto-commit round trip; otherwise resolve first.
    if (!c.equipment && !c.supplier && c.suspects.every(looksLikeKey)) {
      const r = await recallFrom((s) => this.conn.readOnce(s, 'computing a recall'), { keys: c.suspects }, { maxDepth: LIMITS.maxDepth, asOf: c.asOf, limit: c.limit });
      if (r) {
        const views = r.seeds.map((s) => {
          const [ids, p] = s.row.seed as [string[] | null, Record<string, unknown>];
          return view({ key: s.key, kind: s.kind, ids, p });
        });
        return { suspects: views, ...summarise(r.closure, r.visit, r.seeds) };
      }
    }
    return this.read((tx) => this.recallIn(tx, c), 'computing a recall');
  }

  /** recallImpact() through the procedure: suspects by key in one round trip, else resolved first. */
  private async recallProc(c: ReturnType<typeof checkRecall>): Promise<RecallImpact> {
    const o = { maxDepth: LIMITS.maxDepth, asOf: c.asOf, limit: c.limit };
    if (!c.equipment && !c.supplier && c.suspects.every(looksLikeKey)) {
      const [row] = await this.conn.readOnce(procRecall({ keys: c.suspects }, o), 'computing a recall');
      const found = new Map((row!.seeds as unknown[][]).map(([id, key, kind, ids, p]) => [key as string, { id: id as number, key: key as string, kind: kind as Seed['kind'], view: view({ key, kind, ids, p }) }]));
      if (c.suspects.every((k) => found.has(k))) {
        const { visit, closure } = recallClosure(row!, c.limit);
        const seeds = c.suspects.map((k) => found.get(k)!);
        return { suspects: seeds.map((s) => s.view), ...summarise(closure, visit, seeds) };
      }
    }
    return this.read((tx) => this.recallIn(tx, c), 'computing a recall');
  }

  private async recallIn(tx: Tx, c: ReturnType<typeof checkRecall>): Promise<RecallImpact> {
    const seeds: Resolved[] = [];
    for (const s of c.suspects) seeds.push(await resolve(tx, s));
    for (const [w, kind, edge] of [[c.equipment, 'Equipment', 'USED_IN'], [c.supplier, 'Supplier', 'SUPPLIED']] as const) {
      if (!w) continue;
      const src = await resolve(tx, w.id);
      if (src.kind !== kind) throw new LgError('LG_BAD_ID', `'${w.id}' is a ${src.kind}, not ${kind === 'Equipment' ? 'an' : 'a'} ${kind}`, { id: w.id });
      const rows = await tx.run(expandLevel([src.id], { way: 'out', kinds: [edge], asOf: c.asOf, window: { from: w.from, to: w.to } }));
      rows.sort((a, b) => (a.e as number) - (b.e as number));
      const found = rows.map((r) => ({ id: r.v as number, key: r.key as string, kind: r.kind as Seed['kind'] }));
      const views = await viewsOf(tx, found.map((f) => f.id));
      for (const f of found) seeds.push({ ...f, view: views.get(f.id)! });
    }
    const unique = [...new Map(seeds.map((s) => [s.id, s])).values()];
    const o = { maxDepth: LIMITS.maxDepth, asOf: c.asOf, limit: c.limit };
    const { visit, closure } = this.engine === 'procedure'
      ? recallClosure((await tx.run(procRecall(unique.map((s) => s.id), o)))[0]!, c.limit)
      : (await recallFrom((s) => tx.run(s), unique, o))!;
    return { suspects: unique.map((s) => s.view), ...summarise(closure, visit, unique) };
  }

  async path(from: string, to: string, opts: { undirected?: boolean; maxDepth?: number } = {}): Promise<PathResult | null> {
    return this.read(async (tx) => {
      const a = await resolve(tx, from);
      const b = await resolve(tx, to);
      const maxDepth = intParam('maxDepth', opts.maxDepth, 0, LIMITS.maxDepth, LIMITS.maxDepth);
      const v = await bfs(tx, [a], { way: opts.undirected ? 'both' : 'out', maxDepth, limit: LIMITS.maxNodeCap, target: b.id, attrs: true });
      let i = v.index.get(b.id) ?? -1;
      if (i < 0) return null;
      const chain: number[] = [];
      for (; i >= 0; i = v.parent[i]!) chain.push(i);
      chain.reverse();
      const views = await viewsOf(tx, chain.map((j) => v.ids[j]!));
      return { nodes: chain.map((j) => views.get(v.ids[j]!)!), edges: chain.slice(1).map((j) => edgeView(v, j)) };
    }, 'finding a path');
  }

  async neighbourhood(id: string, opts: { hops?: number; limit?: number; direction?: Direction | 'both' } = {}): Promise<Subgraph> {
    const hops = intParam('hops', opts.hops, 0, LIMITS.maxNeighbourhoodHops, 1);
    const limit = intParam('limit', opts.limit, 1, LIMITS.maxNeighbourhoodCap, LIMITS.defaultNeighbourhoodCap);
    const way = opts.direction === 'forward' ? 'out' : opts.direction === 'backward' ? 'in' : 'both';
    return this.read(async (tx) => {
      const center = await resolve(tx, id);
      const v = await bfs(tx, [center], { way, maxDepth: hops, limit, allEdges: true, attrs: true });
      const views = await viewsOf(tx, v.ids);
      const nodes = v.ids.map((n, i) => ({ ...views.get(n)!, hops: v.depth[i]! }));
      const edges: EdgeView[] = [];
      for (let i = 1; i < v.ids.length; i++) edges.push(edgeView(v, i));
      return { center: center.key, truncated: v.truncated, nodes, edges };
    }, 'exploring a neighbourhood');
  }

  async lookup(id: string): Promise<NodeView> {
    return this.read(async (tx) => (await resolve(tx, id)).view, 'looking up an id');
  }

  /** GraphStore.propsOf: one query for all the keys (the `key` index). */
  async propsOf(keys: readonly string[]): Promise<Map<string, Props>> {
    const out = new Map<string, Props>();
    if (keys.length === 0) return out;
    await this.read(async (tx) => {
      for (const r of await tx.run(nodesByKey(keys))) out.set(r.key as string, view(r).props);
    }, 'reading node properties');
    return out;
  }

  async search(q: string, limit = 20): Promise<NodeView[]> {
    const n = intParam('limit', limit, 1, LIMITS.maxSearchResults, 20);
    const s = (typeof q === 'string' ? q : '').trim().toLowerCase();
    if (s === '') throw new LgError('LG_BAD_PARAM', 'search needs a query of at least one character', { field: 'q' });
    const out = new Map<number, NodeView>();
    const hit = (r: Row) => { if (!out.has(r.id as number)) out.set(r.id as number, view(r)); };
    await this.read(async (tx) => {
      (await tx.run(nodeByKey(q.trim()))).forEach(hit);
      (await tx.run(nodesByAlias(s))).forEach(hit);
      (await tx.run(searchPrefix(s, n))).forEach(hit);
    }, 'searching');
    return [...out.values()].slice(0, n);
  }

  async stats(): Promise<Stats> {
    const s: Stats = { nodes: 0, edges: 0, nodesByKind: {}, edgesByKind: {} };
    for (const r of await this.conn.read(countsByKind(), 'counting')) {
      const c = r.n as number;
      if (c === 0) continue;
      if (r.what === 'node') {
        s.nodes += c;
        s.nodesByKind[r.kind as keyof Stats['nodesByKind']] = c;
      } else {
        s.edges += c;
        s.edgesByKind[r.kind as keyof Stats['edgesByKind']] = c;
      }
    }
    return s;
  }

  /** Deletes every node and edge (tests and `rebuild --to neo4j` only). */
  async clearAll(): Promise<void> {
    for (const s of clearAll()) await this.conn.autoCommit(s, 'clearing the database');
  }

  async close(): Promise<void> {
    await this.conn.close();
  }

}
