/**
 * A deterministic, seeded generator of a medical-device plant, streamed as store batches:
 * suppliers → received raw lots → molding / SMT / sub-assembly operations (3–6 inputs each) →
 * final assembly → finished lots split into serials → cases (SSCC) → shipments → customers, with
 * equipment on every operation, common raw lots (solder, resin) feeding very many products, and
 * a few serials reworked (consumed and produced again: a cycle). Memory stays bounded at any
 * scale: only the lots still being consumed, the open shipment and the meta samples are held.
 */
import type { Batch } from '../graph/model.ts';
import type { Scale } from './catalog.ts';
import { PlantRun } from './plant-run.ts';

export type { Scale } from './catalog.ts';

/** What the benchmark needs to know about a plant (keys; samples where the full list would be large). */
export interface PlantMeta {
  scale: Scale;
  seed: number;
  nodes: number;
  edges: number;
  /** All raw lots up to 100k, else a uniform sample of 100k (common lots included). */
  rawLots: string[];
  /** Every lot of a common raw material (solder, resins). */
  commonRawLots: string[];
  /** The lot consumed by the most operations. */
  heaviestLot: string;
  /** Up to 10k finished lots (sample). */
  finishedLots: string[];
  /** Up to 5k finished serials (sample). */
  serials: string[];
  equipment: string[];
  suppliers: string[];
  customers: string[];
}

export interface Plant {
  /** The plant as batches of about `batchSize` records, nodes before the edges that use them. */
  batches(): Generator<Batch>;
  /** Counts and samples: complete once batches() is exhausted. */
  meta(): PlantMeta;
}

export interface PlantOptions {
  scale: Scale;
  seed?: number;
  batchSize?: number;
}

export { sscc } from './plant-run.ts';

/** Creates a plant; each batches() call replays the same plant from the seed. */
export function generatePlant(opts: PlantOptions): Plant {
  const seed = opts.seed ?? 42;
  const batchSize = opts.batchSize ?? 10_000;
  let last: PlantRun | null = null;
  return {
    *batches() {
      const run = new PlantRun(opts.scale, seed);
      last = run;
      yield* run.stream(batchSize);
    },
    meta() {
      return (last ?? new PlantRun(opts.scale, seed)).meta();
    },
  };
}

