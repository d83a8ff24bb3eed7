/**
 * A genealogy batch read the way a format translator needs it: nodes by key, the parts of each
 * key, edge times as epoch ms, and which props of a node a format has said (to refuse the rest).
 */
import { parseKey } from '../../graph/keys.ts';
import type { Batch, EdgeRef, NodeKind, Props } from '../../graph/model.ts';
import { validateBatch, type CleanEdge, type CleanNode } from '../../graph/validate-batch.ts';
import { NotExpressible } from './not-expressible.ts';

/** A lot, serial or container as the item columns of a CSV row (or an EPC) name it. */
export interface ItemRef {
  kind: NodeKind;
  key: string;
  material?: string;
  lot?: string;
  serial?: string;
  container?: string;
}

/** The item a key names (a lot, serial or container); the format cannot say anything else. */
export function itemOf(format: string, key: string): ItemRef {
  const { kind, parts } = parseKey(key);
  if (kind === 'Lot') return { kind, key, material: parts[0]!, lot: parts[1]! };
  if (kind === 'Serial') return { kind, key, material: parts[0]!, serial: parts[1]! };
  if (kind === 'Container') return { kind, key, container: parts[0]! };
  throw new NotExpressible(format, `a ${kind} (${key}) where a lot, serial or container goes`);
}

/** The single id part of a simple key (material, supplier, operation...). */
export const idOf = (key: string): string => parseKey(key).parts[0]!;

/** The batch, checked and indexed once. */
export class BatchIndex {
  /** Nodes by key (given twice: merged, later fields win). */
  readonly nodes = new Map<string, CleanNode>();
  /** Edges (given twice: the last), times in epoch ms. */
  readonly edges: CleanEdge[];
  /** Props each node has had expressed, by key (the translator marks them; `unsaid` lists the rest). */
  private readonly said = new Map<string, Set<string>>();

  /** Edges the batch removes (only when the format can say so: `removals`). */
  readonly removeEdges: EdgeRef[];

  constructor(readonly format: string, batch: Batch, removals = false) {
    // A batch the store would refuse is a test of the store's own validation: no format carries it.
    let clean;
    try {
      clean = validateBatch(batch);
    } catch (e) {
      throw new NotExpressible(format, `an invalid batch (${(e as Error).message})`);
    }
    if (clean.removeEdges.length && !removals) throw new NotExpressible(format, `edge removals (${clean.removeEdges.length})`);
    this.removeEdges = clean.removeEdges;
    for (const n of clean.nodes) this.nodes.set(n.key, n);
    this.edges = clean.edges;
  }

  /** Props of a node given in the batch ({} when none or not given). */
  props(key: string): Props {
    return this.nodes.get(key)?.props ?? {};
  }

  /** Marks props of `key` as expressed by some row or event. */
  say(key: string, ...names: string[]): void {
    const s = this.said.get(key) ?? new Set<string>();
    for (const n of names) s.add(n);
    this.said.set(key, s);
  }

  private readonly taken = new Set<CleanEdge>();

  /** Marks an edge as expressed. */
  take(e: CleanEdge): void {
    this.taken.add(e);
  }

  /** Throws when an edge or a node's prop was expressed by no row or event. */
  checkAllTaken(): void {
    const left = this.edges.find((e) => !this.taken.has(e));
    if (left) throw new NotExpressible(this.format, `a ${left.kind} edge ${left.from} -> ${left.to}`);
    this.checkAllSaid();
  }

  /** Throws when a node has props no row or event expressed. */
  checkAllSaid(): void {
    for (const n of this.nodes.values()) {
      const s = this.said.get(n.key);
      const left = Object.keys(n.props).filter((p) => !s?.has(p));
      if (left.length) throw new NotExpressible(this.format, `${n.kind} ${n.key} props ${left.join(', ')}`);
    }
  }

  /** An edge's time, required by the format. */
  timeOf(e: CleanEdge): number {
    if (e.at === null) throw new NotExpressible(this.format, `a ${e.kind} edge without a time (${e.from} -> ${e.to})`);
    return e.at;
  }
}
