/**
 * A benchmark engine: one way a user could answer the four trace questions on the same data.
 * `npm run bench` runs every available engine on the same plant in one process, side by side.
 */
import type { Batch } from '../graph/model.ts';

export const BENCH_CASES = ['forward-typical', 'forward-heaviest', 'backward-serial', 'recall-lot'] as const;
export type BenchCase = (typeof BENCH_CASES)[number];

export interface BenchEngine {
  /** `embedded`, `duckdb-sql`, `neo4j`, `neo4j-naive`. */
  readonly name: string;
  /** Loads the plant (batches in generation order); returns seconds spent and any extra figures. */
  load(batches: AsyncIterable<Batch> | Iterable<Batch>): Promise<{ seconds: number; extra?: Record<string, number> }>;
  /** Answers one case from one origin key with the whole result in hand; returns the number of nodes reached. */
  run(c: BenchCase, origin: string): Promise<number>;
  close(): Promise<void>;
}
