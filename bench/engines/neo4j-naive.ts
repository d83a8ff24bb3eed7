/**
 * Bench engine `neo4j-naive`: the same Neo4j database as `neo4j`, queried with the plain
 * variable-length Cypher a Neo4j user would write (graph/neo4j/cypher/naive.ts), each query under
 * a transaction time limit; a query that runs out of time answers -1.
 */
import type { Batch } from '../../graph/model.ts';
import { openNeo4jStore, type Neo4jConfig, type Neo4jStore } from '../../graph/neo4j/index.ts';
import { naiveRecall, naiveTrace } from '../../graph/neo4j/cypher/naive.ts';
import { isTimeout } from '../../graph/neo4j/errors.ts';
import type { BenchCase, BenchEngine } from '../engine.ts';

export class Neo4jNaiveEngine implements BenchEngine {
  readonly name = 'neo4j-naive';

  private constructor(private readonly store: Neo4jStore, private readonly timeoutMs: number) {}

  /** Connects to the database the `neo4j` engine loads; `timeoutMs` bounds each query (default 10 s). */
  static async open(cfg: Neo4jConfig, opts: { timeoutMs?: number } = {}): Promise<Neo4jNaiveEngine> {
    return new Neo4jNaiveEngine(await openNeo4jStore(cfg), opts.timeoutMs ?? 10_000);
  }

  /** Loads only when the database is empty (normally the `neo4j` engine has loaded it already). */
  async load(batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<{ seconds: number; extra?: Record<string, number> }> {
    const t0 = performance.now();
    if ((await this.store.stats()).edges === 0) for await (const b of batches) await this.store.upsert(b);
    return { seconds: (performance.now() - t0) / 1000 };
  }

  async run(c: BenchCase, origin: string): Promise<number> {
    const s = c === 'recall-lot' ? naiveRecall(origin) : naiveTrace(origin, c === 'backward-serial' ? 'backward' : 'forward');
    try {
      return (await this.store.conn.readRaw(s, this.timeoutMs)).length;
    } catch (e) {
      if (isTimeout(e)) return -1;
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
