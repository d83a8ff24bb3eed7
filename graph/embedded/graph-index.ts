/**
 * The in-memory genealogy: nodes in parallel arrays, edges in typed arrays, and the trace index as
 * CSR adjacency in both directions plus a small delta of edges added since the last compaction.
 * Edge and node ids are dense and stable (insertion order); they are also the persisted ids.
 */
import { EDGE_KINDS, FLOW_EDGE_KINDS, NODE_KINDS, type EdgeKind, type NodeKind } from '../model.ts';
import { buildCsr, csrBytes, type Csr } from './csr.ts';
import { EdgeHash, hash } from './edge-hash.ts';
import { ensure } from './grow.ts';

/** Edge kind codes are positions in EDGE_KINDS (persisted: append new kinds at the end only). */
export const EDGE_CODE = Object.fromEntries(EDGE_KINDS.map((k, i) => [k, i])) as Record<EdgeKind, number>;
export const NODE_CODE = Object.fromEntries(NODE_KINDS.map((k, i) => [k, i])) as Record<NodeKind, number>;
/** Codes below this are flow edges (EDGE_KINDS lists flow kinds first). */
export const FLOW_LIMIT = FLOW_EDGE_KINDS.length;

const DELETED = 1;
const IN_CSR = 2;
const IN_DELTA = 4;
const EMPTY_CSR: Csr = { offsets: new Uint32Array(1), targets: new Uint32Array(0), edges: new Uint32Array(0) };

export class GraphIndex {
  n = 0;
  readonly keys: string[] = [];
  nodeKind = new Uint8Array(1024);
  readonly ids: (string[] | undefined)[] = [];
  /** Properties as JSON text, parsed only when a node is shown. */
  readonly props: (string | undefined)[] = [];
  readonly keyIndex = new Map<string, number>();
  /** Lower-cased alias -> node(s); built on first use after a rebuild (it is the costliest map to fill). */
  private aliasIndex: Map<string, number | number[]> | null = new Map();
  readonly nodesByKind = new Array<number>(NODE_KINDS.length).fill(0);

  m = 0;
  src = new Uint32Array(1024);
  dst = new Uint32Array(1024);
  kind = new Uint8Array(1024);
  /** Edge time in epoch ms; NaN when the source gave none (always followed by asOf). */
  at = new Float64Array(1024);
  /** PACKED_INTO: end of the containment in epoch ms; NaN when open or not known (unbounded). */
  until = new Float64Array(1024);
  qty = new Float64Array(1024);
  uom = new Uint16Array(1024);
  flags = new Uint8Array(1024);
  readonly uoms: string[] = [''];
  private readonly uomIndex = new Map<string, number>();
  readonly edgesByKind = new Array<number>(EDGE_KINDS.length).fill(0);
  private readonly hash = new EdgeHash();
  private readonly rehash = (id: number): number => hash(this.src[id]!, this.dst[id]!, this.kind[id]!);

  fwd: Csr = EMPTY_CSR;
  rev: Csr = EMPTY_CSR;
  /** Nodes covered by the CSR (nodes added later have only delta edges). */
  csrN = 0;
  readonly deltaOut = new Map<number, number[]>();
  readonly deltaIn = new Map<number, number[]>();
  deltaCount = 0;
  /** While true (replay on start) new edges skip the delta: one compaction at the end indexes them all. */
  bulk = false;

  /** Sizes the edge arrays and hash for `m` edges up front (bulk replay). */
  reserve(n: number, m: number): void {
    this.nodeKind = ensure(this.nodeKind, n, Uint8Array);
    this.src = ensure(this.src, m, Uint32Array);
    this.dst = ensure(this.dst, m, Uint32Array);
    this.kind = ensure(this.kind, m, Uint8Array);
    this.at = ensure(this.at, m, Float64Array);
    this.until = ensure(this.until, m, Float64Array);
    this.qty = ensure(this.qty, m, Float64Array);
    this.uom = ensure(this.uom, m, Uint16Array);
    this.flags = ensure(this.flags, m, Uint8Array);
    this.hash.reserve(m, this.rehash);
  }

  /** Adds a node; returns its id. */
  addNode(kind: NodeKind, key: string, ids: string[], props: string | undefined): number {
    const id = this.n++;
    this.nodeKind = ensure(this.nodeKind, this.n, Uint8Array);
    this.nodeKind[id] = NODE_CODE[kind];
    this.keys.push(key);
    this.ids.push(ids.length ? ids : undefined);
    this.props.push(props);
    this.keyIndex.set(key, id);
    if (this.aliasIndex) for (const a of ids) this.addAlias(a, id);
    this.nodesByKind[NODE_CODE[kind]]!++;
    return id;
  }

  /** Replaces a node's aliases and properties. */
  updateNode(id: number, ids: string[], props: string | undefined): void {
    const before = new Set(this.ids[id] ?? []);
    if (this.aliasIndex) for (const a of ids) if (!before.has(a)) this.addAlias(a, id);
    this.ids[id] = ids.length ? ids : undefined;
    this.props[id] = props;
  }

  private addAlias(alias: string, id: number): void {
    const index = this.aliasIndex!;
    const k = alias.toLowerCase();
    const cur = index.get(k);
    if (cur === undefined) index.set(k, id);
    else if (typeof cur === 'number') {
      if (cur !== id) index.set(k, [cur, id]);
    } else if (!cur.includes(id)) cur.push(id);
  }

  /** Drops the alias index until the next alias lookup (bulk replay fills it in one pass later). */
  deferAliases(): void {
    this.aliasIndex = null;
  }

  /** Node ids an alias names (case-insensitive). */
  aliasNodes(alias: string): number[] {
    if (!this.aliasIndex) {
      this.aliasIndex = new Map();
      for (let id = 0; id < this.n; id++) for (const a of this.ids[id] ?? []) this.addAlias(a, id);
    }
    const cur = this.aliasIndex.get(alias.toLowerCase());
    return cur === undefined ? [] : typeof cur === 'number' ? [cur] : cur;
  }

  /** The id of the edge (src, dst, kind), live or deleted, or -1. */
  findEdge(s: number, d: number, k: number): number {
    return this.hash.find(s, d, k, (e) => this.src[e] === s && this.dst[e] === d && this.kind[e] === k);
  }

  isLive(e: number): boolean {
    return (this.flags[e]! & DELETED) === 0;
  }

  /** Adds an edge (identity known to be new); returns its id. */
  addEdge(s: number, d: number, k: number, at: number | null, until: number | null, qty: number | null, uom: string | null): number {
    const e = this.m++;
    const need = this.m;
    if (need > this.src.length) {
      this.src = ensure(this.src, need, Uint32Array);
      this.dst = ensure(this.dst, need, Uint32Array);
      this.kind = ensure(this.kind, need, Uint8Array);
      this.at = ensure(this.at, need, Float64Array);
      this.until = ensure(this.until, need, Float64Array);
      this.qty = ensure(this.qty, need, Float64Array);
      this.uom = ensure(this.uom, need, Uint16Array);
      this.flags = ensure(this.flags, need, Uint8Array);
    }
    this.src[e] = s;
    this.dst[e] = d;
    this.kind[e] = k;
    this.setAttrs(e, at, until, qty, uom);
    this.flags[e] = 0;
    this.hash.add(e, s, d, k, this.rehash);
    this.edgesByKind[k]!++;
    this.toDelta(e);
    return e;
  }

  /** Sets times, quantity and unit of an edge. */
  setAttrs(e: number, at: number | null, until: number | null, qty: number | null, uom: string | null): void {
    this.at[e] = at ?? Number.NaN;
    this.until[e] = until ?? Number.NaN;
    this.qty[e] = qty ?? Number.NaN;
    this.uom[e] = this.uomCode(uom);
  }

  /** Marks an edge deleted (traversals skip it; the next compaction drops it from the CSR). */
  deleteEdge(e: number): void {
    if (!this.isLive(e)) return;
    this.flags[e]! |= DELETED;
    this.edgesByKind[this.kind[e]!]!--;
  }

  /** Brings a deleted edge back with new attributes. */
  reviveEdge(e: number, at: number | null, until: number | null, qty: number | null, uom: string | null): void {
    this.setAttrs(e, at, until, qty, uom);
    if (this.isLive(e)) return;
    this.flags[e]! &= ~DELETED;
    this.edgesByKind[this.kind[e]!]!++;
    if ((this.flags[e]! & (IN_CSR | IN_DELTA)) === 0) this.toDelta(e);
  }

  private toDelta(e: number): void {
    if (this.bulk) return;
    push(this.deltaOut, this.src[e]!, e);
    push(this.deltaIn, this.dst[e]!, e);
    this.flags[e]! |= IN_DELTA;
    this.deltaCount++;
  }

  uomCode(u: string | null): number {
    if (!u) return 0;
    let c = this.uomIndex.get(u);
    if (c === undefined) {
      c = this.uoms.length;
      this.uoms.push(u);
      this.uomIndex.set(u, c);
    }
    return c;
  }

  /** True when the delta is big enough that merging it into the CSR pays off. */
  shouldCompact(): boolean {
    return this.deltaCount > 65_536 && this.deltaCount * 4 > this.m;
  }

  /** Merges the delta (and drops deleted edges) into fresh CSR arrays in O(n + m). */
  compact(): void {
    const live = (e: number) => (this.flags[e]! & DELETED) === 0;
    this.fwd = buildCsr(this.n, this.m, this.src, this.dst, live);
    this.rev = buildCsr(this.n, this.m, this.dst, this.src, live);
    this.csrN = this.n;
    for (let e = 0; e < this.m; e++) this.flags[e] = live(e) ? IN_CSR : DELETED;
    this.deltaOut.clear();
    this.deltaIn.clear();
    this.deltaCount = 0;
  }

  /** Number of live edges. */
  get liveEdges(): number {
    return this.edgesByKind.reduce((a, b) => a + b, 0);
  }

  /** Bytes of the trace index proper (CSR both ways) and of everything held per edge. */
  memory(): { adjacencyBytes: number; edgeDataBytes: number; hashBytes: number } {
    const per = this.m * (4 + 4 + 1 + 8 + 8 + 8 + 2 + 1);
    return { adjacencyBytes: csrBytes(this.fwd) + csrBytes(this.rev), edgeDataBytes: per, hashBytes: this.hash.bytes };
  }
}

function push(m: Map<number, number[]>, k: number, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
