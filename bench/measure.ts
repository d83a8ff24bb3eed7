/** Latency measurement: warm-up, then one `process.hrtime.bigint()` span per call, summarised. */
import type { BenchCase, BenchEngine } from './engine.ts';

export interface CaseTiming {
  /** Milliseconds per measured call, in call order. */
  ms: number[];
  /** Nodes reached per measured call (same order as the origins). */
  reachable: number[];
}

/** Runs `origins` through `engine` after `warmup` unmeasured calls on the first origins. */
export async function measureCase(engine: BenchEngine, c: BenchCase, origins: string[], warmup: number): Promise<CaseTiming> {
  for (let i = 0; i < warmup; i++) await engine.run(c, origins[i % origins.length]!);
  const ms: number[] = [];
  const reachable: number[] = [];
  for (const o of origins) {
    const t0 = process.hrtime.bigint();
    const n = await engine.run(c, o);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    reachable.push(n);
  }
  return { ms, reachable };
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1]!;
}

/** Rounds a latency for the report: 3 significant decimals below 1 ms, 2 above. */
export const roundMs = (x: number): number => (x < 1 ? Math.round(x * 1000) / 1000 : Math.round(x * 100) / 100);
