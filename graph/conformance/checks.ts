/** Assertions shared by the scenarios: exact answers, valid witness paths, error codes. */
import { expect } from 'vitest';
import { kindOfKey } from '../keys.ts';
import type { PathResult, Subgraph, TraceResult } from '../store.ts';
import { parentIndex, witnessPath } from '../witness.ts';
import type { Plant } from './fixtures.ts';

/** `{ key: depth }` of a trace result, for an exact comparison with a hand-made expectation. */
export function depths(r: TraceResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of r.nodes) out[n.key] = n.depth;
  return out;
}

/** Sorted keys of any list of things with a key. */
export const keys = (xs: readonly { key: string }[]): string[] => xs.map((x) => x.key).sort();

/** Sorted copy of a list of strings. */
export const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/**
 * A trace result is well formed: origin first at depth 0, no duplicates, depths non-decreasing
 * (breadth-first order), kinds match keys, and every witness path starts at the origin, has as many
 * steps as the node's depth, and each step is a real flow edge of the plant taken in the trace's
 * direction and not later than `asOf`.
 */
export function expectWellFormed(r: TraceResult, fx: Plant, asOf?: number): void {
  const origin = r.origin.key;
  expect(r.nodes[0]).toMatchObject({ key: origin, depth: 0, parent: null, edge: null });
  expect(new Set(r.nodes.map((n) => n.key)).size).toBe(r.nodes.length);
  const idx = parentIndex(r);
  let last = 0;
  for (const n of r.nodes) {
    expect(n.kind, n.key).toBe(kindOfKey(n.key));
    expect(n.depth, `BFS order at ${n.key}`).toBeGreaterThanOrEqual(last);
    last = n.depth;
    const path = witnessPath(r, n.key, idx);
    expect(path[0]!.key, `witness of ${n.key} starts at the origin`).toBe(origin);
    expect(path.length - 1, `witness length of ${n.key} = its depth`).toBe(n.depth);
    for (let i = 1; i < path.length; i++) {
      const [a, b] = r.direction === 'forward' ? [path[i - 1]!.key, path[i]!.key] : [path[i]!.key, path[i - 1]!.key];
      const id = `${path[i]!.edge}|${a}|${b}`;
      expect(fx.edges.has(id), `witness step ${id} of ${n.key} is a plant edge`).toBe(true);
      expect(['OF_MATERIAL', 'AT_SITE'], `witness of ${n.key} uses flow edges only`).not.toContain(path[i]!.edge);
      const at = fx.edges.get(id);
      if (asOf !== undefined && at !== null && at !== undefined) expect(at, `${id} not after asOf`).toBeLessThanOrEqual(asOf);
    }
  }
}

/** A path is a chain of real plant edges from its first node to its last (forward unless undirected). */
export function expectValidPath(r: PathResult, fx: Plant, from: string, to: string, undirected = false): void {
  expect(r.nodes[0]!.key).toBe(from);
  expect(r.nodes[r.nodes.length - 1]!.key).toBe(to);
  expect(r.edges.length).toBe(r.nodes.length - 1);
  r.edges.forEach((e, i) => {
    const a = r.nodes[i]!.key;
    const b = r.nodes[i + 1]!.key;
    const forward = e.from === a && e.to === b;
    const backward = e.from === b && e.to === a;
    expect(forward || (undirected && backward), `edge ${i} joins ${a} and ${b}`).toBe(true);
    expect(fx.edges.has(`${e.kind}|${e.from}|${e.to}`), `edge ${e.kind} ${e.from} -> ${e.to} is a plant edge`).toBe(true);
    expect(e.at).toBe(fx.edges.get(`${e.kind}|${e.from}|${e.to}`));
  });
}

/** A subgraph's edges are plant edges between its nodes, and every node but the centre touches one. */
export function expectConnectedSubgraph(g: Subgraph, fx: Plant): void {
  const inside = new Set(g.nodes.map((n) => n.key));
  expect(inside.size).toBe(g.nodes.length);
  const touched = new Set<string>([g.center]);
  for (const e of g.edges) {
    expect(fx.edges.has(`${e.kind}|${e.from}|${e.to}`), `${e.kind} ${e.from} -> ${e.to} is a plant edge`).toBe(true);
    expect(inside.has(e.from) && inside.has(e.to), `${e.kind} ${e.from} -> ${e.to} stays inside`).toBe(true);
    touched.add(e.from);
    touched.add(e.to);
  }
  for (const n of g.nodes) expect(touched.has(n.key), `${n.key} is joined to the subgraph`).toBe(true);
}

/** Awaits a promise that must reject with an LgError of `code`. */
export async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}
