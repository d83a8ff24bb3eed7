/**
 * Bench engine `embedded`: lotgraph's default store over its own data directory. Every case goes
 * through the GraphStore API with the whole result in hand. Extra figures: the index rebuild time
 * when the store is reopened from its DuckDB file, and the adjacency bytes per edge.
 */
import { runStoreCase } from './store-case.ts';
import type { Db } from '../../analytics/db.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../graph/embedded/index.ts';
import type { Batch } from '../../graph/model.ts';
import { openDataDir } from '../../graph/open-store.ts';
import type { BenchCase, BenchEngine } from '../engine.ts';

export class EmbeddedEngine implements BenchEngine {
  readonly name = 'embedded';

  private constructor(
    private readonly dataDir: string,
    private db: Db,
    private store: EmbeddedStore,
  ) {}

  /** Opens the store of `dataDir` (a reused directory keeps its plant). */
  static async open(dataDir: string): Promise<EmbeddedEngine> {
    const db = await openDataDir(dataDir);
    return new EmbeddedEngine(dataDir, db, await openEmbeddedStore(db));
  }

  /** Nodes and edges the store holds (a reused directory is complete when these match the plant). */
  async counts(): Promise<{ nodes: number; edges: number }> {
    const s = await this.store.stats();
    return { nodes: s.nodes, edges: s.edges };
  }

  /**
   * Upserts the batches (none when the directory is reused), then closes and reopens the store to
   * time the index rebuild from the database file.
   */
  async load(batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<{ seconds: number; extra?: Record<string, number> }> {
    const t0 = performance.now();
    for await (const b of batches) await this.store.upsert(b);
    this.store.optimize();
    const seconds = (performance.now() - t0) / 1000;
    await this.store.close();
    await this.db.close();
    const t1 = performance.now();
    this.db = await openDataDir(this.dataDir);
    this.store = await openEmbeddedStore(this.db);
    this.store.optimize();
    const reopenSeconds = (performance.now() - t1) / 1000;
    const mem = this.store.memory();
    return { seconds, extra: { rebuildSeconds: this.store.rebuildSeconds, reopenSeconds, adjacencyBytes: mem.adjacencyBytes, bytesPerEdge: mem.bytesPerEdge } };
  }

  /** The store itself (tests compare its answers with the SQL engine's). */
  get graph(): EmbeddedStore {
    return this.store;
  }

  run(c: BenchCase, origin: string): Promise<number> {
    return runStoreCase(this.store, c, origin);
  }

  async close(): Promise<void> {
    await this.store.close();
    await this.db.close();
  }
}
