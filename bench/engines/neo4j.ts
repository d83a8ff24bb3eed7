/**
 * Bench engine `neo4j`: lotgraph's Neo4j adapter. Loads the plant through `load` (edges/s in
 * `extra.edgesPerSecond`) and answers every case through the GraphStore API with the whole result
 * in hand, exactly as the embedded engine does.
 */
import { runStoreCase } from './store-case.ts';
import type { Batch } from '../../graph/model.ts';
import { openNeo4jStore, type Neo4jConfig, type Neo4jStore } from '../../graph/neo4j/index.ts';
import { pageCacheSetting, sizeInBytes } from '../../graph/neo4j/cypher/stats.ts';
import type { BenchCase, BenchEngine } from '../engine.ts';

/**
 * Merges consecutive batches into batches of at least `size` records (the last may be smaller).
 * Applying the merged batch stores the same as applying its parts in order: nodes given twice merge
 * in order, an edge given twice keeps the last. A batch with removals is passed on alone, since a
 * removal followed by a re-add in a later part would not survive the merge.
 */
export async function* coalesce(batches: AsyncIterable<Batch> | Iterable<Batch>, size: number): AsyncGenerator<Batch> {
  let nodes: NonNullable<Batch['nodes']> = [];
  let edges: NonNullable<Batch['edges']> = [];
  const flush = function* (): Generator<Batch> {
    if (nodes.length + edges.length > 0) yield { nodes, edges };
    nodes = [];
    edges = [];
  };
  for await (const b of batches) {
    if (b.removeEdges?.length) {
      yield* flush();
      yield b;
      continue;
    }
    for (const n of b.nodes ?? []) nodes.push(n);
    for (const e of b.edges ?? []) edges.push(e);
    if (nodes.length + edges.length >= size) yield* flush();
  }
  yield* flush();
}

export class Neo4jEngine implements BenchEngine {
  readonly name = 'neo4j';

  private constructor(readonly store: Neo4jStore) {}

  /** Connects; `clear` empties the database first (the bench owns it). */
  static async open(cfg: Neo4jConfig, opts: { clear?: boolean } = {}): Promise<Neo4jEngine> {
    const store = await openNeo4jStore(cfg);
    try {
      if (opts.clear) await store.clearAll();
    } catch (e) {
      await store.close(); // an open driver would keep the bench process alive after the error
      throw e;
    }
    return new Neo4jEngine(store);
  }

  /** Nodes and edges the database holds (a reused database is complete when these match the plant). */
  async counts(): Promise<{ nodes: number; edges: number }> {
    const s = await this.store.stats();
    return { nodes: s.nodes, edges: s.edges };
  }

  /**
   * Loads through the adapter's bulk path (`Neo4jStore.load`: nodes of one batch written while the
   * edges of the previous one are), in batches of about `loadBatchRecords` (the plant's 10k-record
   * batches are merged to 20k for the Cypher path, which costs Neo4j fewer transactions and round
   * trips; the write procedures take them as they are).
   */
  async load(batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<{ seconds: number; extra?: Record<string, number> }> {
    const t0 = performance.now();
    let edges = 0;
    const size = this.store.loadBatchRecords;
    // A bulk load: the trace projection is suspended, then rebuilt before the load counts as done.
    await this.store.load(coalesce(batches, size), (b) => void (edges += b.edges?.length ?? 0), { suspendProjection: true });
    const seconds = (performance.now() - t0) / 1000;
    // A reused database loads nothing here: its load figures come from the run that loaded it (the cache).
    const extra: Record<string, number> = edges > 0 ? { edgesPerSecond: Math.round(edges / Math.max(seconds, 1e-9)), edgesLoaded: edges, batchRecords: size } : {};
    // The load rate at M depends mostly on whether the store fits the page cache: record its size.
    const pageCache = await this.pageCacheBytes();
    if (pageCache !== null) extra.pageCacheBytes = pageCache;
    return { seconds, extra };
  }

  /** The server's page cache size, or null when the server does not say (no admin rights, older Neo4j). */
  private async pageCacheBytes(): Promise<number | null> {
    try {
      return sizeInBytes((await this.store.conn.read(pageCacheSetting(), 'reading the page cache size'))[0]?.value);
    } catch {
      return null;
    }
  }

  run(c: BenchCase, origin: string): Promise<number> {
    return runStoreCase(this.store, c, origin);
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
