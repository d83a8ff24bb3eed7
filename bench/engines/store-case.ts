/** One bench case answered through any GraphStore, with the whole result in hand (truncation is an error). */
import type { GraphStore } from '../../graph/store.ts';
import { LIMITS } from '../../graph/store.ts';
import { LgError } from '../../lib/errors.ts';
import type { BenchCase } from '../engine.ts';

/** Runs case `c` from `origin`; returns the number of nodes reached. */
export async function runStoreCase(store: GraphStore, c: BenchCase, origin: string): Promise<number> {
  if (c === 'recall-lot') {
    const r = await store.recallImpact({ suspects: [origin], limit: LIMITS.maxNodeCap });
    if (r.truncated) throw new LgError('LG_INTERNAL', `recall from ${origin} was truncated`);
    return r.totals.nodesReached;
  }
  const r = await store.trace({ origin, direction: c === 'backward-serial' ? 'backward' : 'forward', limit: LIMITS.maxNodeCap });
  if (r.truncated) throw new LgError('LG_INTERNAL', `trace from ${origin} was truncated`);
  return r.nodes.length;
}
