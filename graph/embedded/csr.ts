/** Compressed sparse rows: per node, a contiguous run of (neighbour, edge id), built in O(n + m) by counting sort. */

export interface Csr {
  offsets: Uint32Array;
  targets: Uint32Array;
  edges: Uint32Array;
}

/** Builds the CSR of the live edges `0..m-1` keyed by `key[e]` pointing at `other[e]`. */
export function buildCsr(n: number, m: number, key: Uint32Array, other: Uint32Array, live: (e: number) => boolean): Csr {
  const offsets = new Uint32Array(n + 1);
  let count = 0;
  for (let e = 0; e < m; e++) {
    if (!live(e)) continue;
    offsets[key[e]! + 1]!++;
    count++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, n);
  const targets = new Uint32Array(count);
  const edges = new Uint32Array(count);
  for (let e = 0; e < m; e++) {
    if (!live(e)) continue;
    const p = fill[key[e]!]!++;
    targets[p] = other[e]!;
    edges[p] = e;
  }
  return { offsets, targets, edges };
}

/** Bytes held by a CSR. */
export const csrBytes = (c: Csr): number => c.offsets.byteLength + c.targets.byteLength + c.edges.byteLength;
