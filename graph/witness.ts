/** Witness paths: rebuilding the path from a traced node back to the trace origin, for any adapter. */
import type { EdgeKind } from './model.ts';
import type { TraceResult } from './store.ts';

export interface WitnessStep {
  key: string;
  edge: EdgeKind | null;
}

/** Index of a trace result's parent links (visible and hidden nodes), built once per result. */
export function parentIndex(r: TraceResult): Map<string, { parent: string | null; edge: EdgeKind | null }> {
  const m = new Map(r.hiddenParents);
  for (const n of r.nodes) m.set(n.key, { parent: n.parent, edge: n.edge });
  return m;
}

/**
 * The witness path from the origin to `key`: origin first, each later step with the kind of the
 * edge that led to it. Throws when the result does not contain `key`.
 */
export function witnessPath(r: TraceResult, key: string, index = parentIndex(r)): WitnessStep[] {
  const out: WitnessStep[] = [];
  let cur: string | null = key;
  for (let guard = 0; cur !== null; guard++) {
    const link = index.get(cur);
    if (!link || guard > index.size) throw new Error(`no witness path to ${key} in this trace result`);
    out.push({ key: cur, edge: link.edge });
    cur = link.parent;
  }
  return out.reverse();
}
