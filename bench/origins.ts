/** Deterministic choice of trace origins per case, from the plant meta. */
import type { BenchCase } from './engine.ts';
import type { PlantMeta } from './generate.ts';
import { Rng } from './prng.ts';

/** Raw lots that are not common lots (the typical origins). */
export function typicalRawLots(meta: PlantMeta): string[] {
  const common = new Set(meta.commonRawLots);
  return meta.rawLots.filter((k) => !common.has(k));
}

/** `n` origins per case: random typical raw lots, the heaviest lot repeated, random finished serials, random raw lots for recall. */
export function pickOrigins(meta: PlantMeta, seed: number, n: number): Record<BenchCase, string[]> {
  const rng = new Rng(seed ^ 0x2545f491);
  const typical = typicalRawLots(meta);
  const draw = (xs: string[]): string[] => Array.from({ length: n }, () => rng.pick(xs));
  return {
    'forward-typical': draw(typical),
    'forward-heaviest': Array.from({ length: n }, () => meta.heaviestLot),
    'backward-serial': draw(meta.serials),
    'recall-lot': draw(typical),
  };
}
