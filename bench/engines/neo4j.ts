/**
 * Bench engine `neo4j`: lotgraph's Neo4j adapter. Loads the plant through `upsert` (edges/s in
 * `extra.edgesPerSecond`) and answers every case through the GraphStore API with the whole result
 * in hand, exactly as the embedded engine does.
 */
import { runStoreCase } from './store-case.ts';
import type { Batch } from '../../graph/model.ts';
import { openNeo4jStore, type Neo4jConfig, type Neo4jStore } from '../../graph/neo4j/index.ts';
import type { BenchCase, BenchEngine } from '../engine.ts';

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

  async load(batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<{ seconds: number; extra?: Record<string, number> }> {
    const t0 = performance.now();
    let edges = 0;
    for await (const b of batches) {
      await this.store.upsert(b);
      edges += b.edges?.length ?? 0;
    }
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, extra: { edgesPerSecond: Math.round(edges / Math.max(seconds, 1e-9)), edgesLoaded: edges } };
  }

  run(c: BenchCase, origin: string): Promise<number> {
    return runStoreCase(this.store, c, origin);
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
