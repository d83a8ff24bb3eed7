/** Collects the nodes and edges one event asserts: nodes merged by key, edges by identity, in first-seen order. */
import { materialKey } from '../../graph/keys.ts';
import { hasOwnKeys } from '../../lib/objects.ts';
import type { Batch, EdgeInput, EdgeKind, EdgeRef, NodeInput, NodeKind, Props } from '../../graph/model.ts';
import type { Obj } from './objects.ts';

export class BatchBuilder {
  private readonly nodes = new Map<string, NodeInput>();
  private readonly edges = new Map<string, EdgeInput>();
  private readonly removed = new Map<string, EdgeRef>();
  /** Identifiers kept as given that GS1 does not allow, from the objects added. */
  readonly warnings: NonNullable<Obj['warnings']> = [];

  /** Adds (or merges into) a node: ids are unioned, props shallow-merged. */
  node(kind: NodeKind, key: string, ids?: string[], props?: Props): void {
    const n = this.nodes.get(key);
    if (n === undefined) {
      // the common case, a node the event names once: copies made directly, no merge
      const fresh: NodeInput = { kind, key };
      if (ids && ids.length > 0) fresh.ids = ids.length === 1 ? [ids[0]!] : [...new Set(ids)];
      if (props && hasOwnKeys(props)) fresh.props = { ...props };
      this.nodes.set(key, fresh);
      return;
    }
    if (ids && ids.length > 0) n.ids = [...new Set([...(n.ids ?? []), ...ids])];
    if (props && hasOwnKeys(props)) n.props = { ...(n.props ?? {}), ...props };
  }

  /** Adds a tracked object, with its material (GTIN-14) and the OF_MATERIAL reference edge. */
  object(o: Obj, props?: Props): void {
    if (o.warnings) for (const w of o.warnings) if (!this.warnings.some((x) => x.field === w.field && x.reason === w.reason)) this.warnings.push(w);
    this.node(o.kind, o.key, o.id === undefined ? undefined : [o.id], props);
    if (o.gtin !== undefined && o.kind !== 'Container') {
      const m = materialKey(o.gtin);
      this.node('Material', m, undefined, { gtin: o.gtin });
      this.edge('OF_MATERIAL', o.key, m);
    }
  }

  /** Adds an edge; the same identity given again keeps the last time and quantity. */
  edge(kind: EdgeKind, from: string, to: string, at?: number | null, qty?: number | null, uom?: string | null): void {
    const e: EdgeInput = { kind, from, to };
    if (at !== undefined && at !== null) e.at = at;
    if (qty !== undefined && qty !== null) e.qty = qty;
    if (uom !== undefined && uom !== null) e.uom = uom;
    this.edges.set(`${kind}\u0000${from}\u0000${to}`, e);
  }

  /** An unpacking: `from` taken out of `to` at `until` (a PACKED_INTO posting without a packing time). */
  unpack(from: string, to: string, until: number): void {
    this.edges.set(`PACKED_INTO\u0000${from}\u0000${to}`, { kind: 'PACKED_INTO', from, to, until });
  }

  /** Containers an unpacking empties without naming the children (a DELETE without childEPCs). */
  readonly emptied: string[] = [];

  /** A container emptied at the event time, its children left to the pipeline to find (what it held then). */
  empty(container: string): void {
    if (!this.emptied.includes(container)) this.emptied.push(container);
  }

  /** Names an edge to remove (applied after the edges). */
  remove(kind: EdgeKind, from: string, to: string): void {
    this.removed.set(`${kind}\u0000${from}\u0000${to}`, { kind, from, to });
  }

  /** The batch: nodes and edges always, removeEdges only when there are some. */
  build(): Batch {
    const b: Batch = { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
    if (this.removed.size > 0) b.removeEdges = [...this.removed.values()];
    return b;
  }
}
