/**
 * The slice of the graph a recall summary reads, fetched in a few bulk queries (never one per
 * node): adjacency of chosen kinds for chosen nodes, and node properties.
 */
import type { EdgeKind, NodeKind, Props } from '../model.ts';
import type { Tx } from './connection.ts';
import { expandLevel } from './cypher/expand.ts';
import { nodesById, nodesByKeys } from './cypher/lookup.ts';
import { decodeProps } from './props-codec.ts';

/** An edge seen from one of its ends. */
export interface Adj {
  e: number;
  other: number;
  key: string;
  kind: NodeKind;
  at: number | null;
  qty: number | null;
  uom: string | null;
}

export class RecallData {
  private readonly adj = new Map<string, Adj[]>();
  private readonly fetched = new Set<string>();
  readonly props = new Map<number, Props>();
  readonly keyOf = new Map<number, string>();

  constructor(private readonly tx: Tx, private readonly asOf: number | undefined) {}

  /** Loads `way` edges of `kinds` for `ids` (those not loaded yet). */
  async load(ids: Iterable<number>, way: 'out' | 'in', kinds: EdgeKind[]): Promise<void> {
    const todo = [...new Set(ids)].filter((id) => !this.fetched.has(`${way}|${kinds.join(',')}|${id}`));
    if (todo.length === 0) return;
    for (const id of todo) {
      this.fetched.add(`${way}|${kinds.join(',')}|${id}`);
      for (const k of kinds) this.adj.set(`${way}|${k}|${id}`, []);
    }
    const rows = await this.tx.run(expandLevel(todo, { way, asOf: this.asOf, kinds, attrs: true }));
    rows.sort((a, b) => (a.e as number) - (b.e as number));
    for (const r of rows) {
      this.keyOf.set(r.v as number, r.key as string);
      this.adj.get(`${way}|${r.t as string}|${r.p as number}`)!.push({
        e: r.e as number, other: r.v as number, key: r.key as string, kind: r.kind as NodeKind,
        at: (r.at as number | null) ?? null, qty: (r.qty as number | null) ?? null, uom: (r.uom as string | null) || null,
      });
    }
  }

  /** Loaded edges of kind `k` leaving (`out`) or entering (`in`) `id`, by creation order. */
  edges(id: number, way: 'out' | 'in', k: EdgeKind): Adj[] {
    const l = this.adj.get(`${way}|${k}|${id}`);
    if (!l) throw new Error(`recall data: ${way} ${k} edges of node ${id} were not loaded`);
    return l;
  }

  /** Loads the properties of nodes by id. */
  async loadProps(ids: Iterable<number>): Promise<void> {
    const todo = [...new Set(ids)].filter((id) => !this.props.has(id));
    if (todo.length === 0) return;
    for (const r of await this.tx.run(nodesById(todo))) this.props.set(r.id as number, decodeProps(r.p as Record<string, unknown>));
  }

  /** Properties of nodes by key (absent keys are missing from the map). */
  async propsByKey(keys: string[]): Promise<Map<string, Props>> {
    const out = new Map<string, Props>();
    if (keys.length === 0) return out;
    for (const r of await this.tx.run(nodesByKeys(keys))) out.set(r.key as string, decodeProps(r.p as Record<string, unknown>));
    return out;
  }
}
