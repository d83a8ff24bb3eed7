/**
 * Validation and normalisation of a write batch, shared by every adapter: kinds, keys, endpoint
 * kinds, times and quantities. Nothing is written when any item is wrong.
 */
import { LgError } from '../lib/errors.ts';
import { parseOptionalInstant } from '../lib/time.ts';
import { kindOfKey } from './keys.ts';
import { EDGE_ENDPOINTS, EDGE_KINDS, NODE_KINDS, type Batch, type EdgeKind, type EdgeRef, type NodeKind, type Props } from './model.ts';

export interface CleanNode {
  kind: NodeKind;
  key: string;
  ids: string[];
  props: Props;
}

export interface CleanEdge {
  kind: EdgeKind;
  from: string;
  to: string;
  at: number | null;
  qty: number | null;
  uom: string | null;
}

export interface CleanBatch {
  nodes: CleanNode[];
  edges: CleanEdge[];
  removeEdges: EdgeRef[];
}

function bad(where: string, msg: string, field?: string): never {
  throw new LgError('LG_INVALID_BATCH', `${where}: ${msg}`, { where, ...(field ? { field } : {}) });
}

/** The kind of a key a store already holds (so it was validated when it came in), else undefined. */
export type KnownKind = (key: string) => NodeKind | undefined;

/**
 * Validates a batch; nodes given twice are merged in order (later fields win), edges given twice
 * keep the last. `known` lets a store skip parsing the keys it already holds (the common case on
 * a bulk load, where most edge ends exist).
 */
export function validateBatch(batch: Batch, known: KnownKind = () => undefined): CleanBatch {
  if (typeof batch !== 'object' || batch === null) bad('batch', 'must be an object');
  const parsed = new Map<string, NodeKind>();
  const keyKind = (where: string, key: unknown, field: string): NodeKind => {
    if (typeof key !== 'string' || key === '') bad(where, `${field} must be a non-empty key`, field);
    const k = parsed.get(key) ?? known(key);
    if (k !== undefined) return k;
    try {
      const kind = kindOfKey(key);
      parsed.set(key, kind);
      return kind;
    } catch (e) {
      bad(where, (e as Error).message, field);
    }
  };
  const nodes = new Map<string, CleanNode>();
  (batch.nodes ?? []).forEach((n, i) => {
    const where = `nodes[${i}]`;
    if (!NODE_KINDS.includes(n?.kind)) bad(where, `unknown node kind '${String(n?.kind)}'`, 'kind');
    const kind = keyKind(where, n.key, 'key');
    if (kind !== n.kind) bad(where, `key '${n.key}' is a ${kind} key, not a ${n.kind}`, 'key');
    if (n.ids !== undefined && (!Array.isArray(n.ids) || n.ids.some((s) => typeof s !== 'string'))) bad(where, 'ids must be a list of strings', 'ids');
    if (n.props !== undefined && (typeof n.props !== 'object' || n.props === null || Array.isArray(n.props))) bad(where, 'props must be an object', 'props');
    const prev = nodes.get(n.key);
    const given = n.ids === undefined || n.ids.length === 0 ? [] : n.ids.map((s) => s.trim()).filter((s) => s !== '');
    const ids = prev === undefined ? (given.length > 1 ? [...new Set(given)] : given) : [...new Set([...prev.ids, ...given])];
    const props = n.props === undefined ? {} : stripUndefined(n.props);
    nodes.set(n.key, { kind, key: n.key, ids, props: prev === undefined ? props : { ...prev.props, ...props } });
  });
  const edges = new Map<string, CleanEdge>();
  (batch.edges ?? []).forEach((e, i) => {
    const where = `edges[${i}]`;
    if (!EDGE_KINDS.includes(e?.kind)) bad(where, `unknown edge kind '${String(e?.kind)}'`, 'kind');
    const fk = keyKind(where, e.from, 'from');
    const tk = keyKind(where, e.to, 'to');
    const ends = EDGE_ENDPOINTS[e.kind];
    if (!ends.from.includes(fk)) bad(where, `${e.kind} cannot start at a ${fk} (allowed: ${ends.from.join(', ')})`, 'from');
    if (!ends.to.includes(tk)) bad(where, `${e.kind} cannot end at a ${tk} (allowed: ${ends.to.join(', ')})`, 'to');
    let at: number | null;
    try {
      at = parseOptionalInstant(e.at, 'at');
    } catch (err) {
      bad(where, (err as Error).message, 'at');
    }
    if (e.qty !== undefined && e.qty !== null && (typeof e.qty !== 'number' || !Number.isFinite(e.qty) || e.qty < 0)) bad(where, `qty must be a non-negative number, got ${String(e.qty)}`, 'qty');
    if (e.uom !== undefined && e.uom !== null && typeof e.uom !== 'string') bad(where, 'uom must be a string', 'uom');
    edges.set(`${e.kind}|${e.from}|${e.to}`, { kind: e.kind, from: e.from, to: e.to, at, qty: e.qty ?? null, uom: e.uom ?? null });
  });
  const removeEdges = (batch.removeEdges ?? []).map((r, i) => {
    const where = `removeEdges[${i}]`;
    if (!EDGE_KINDS.includes(r?.kind)) bad(where, `unknown edge kind '${String(r?.kind)}'`, 'kind');
    keyKind(where, r.from, 'from');
    keyKind(where, r.to, 'to');
    return { kind: r.kind, from: r.from, to: r.to };
  });
  return { nodes: [...nodes.values()], edges: [...edges.values()], removeEdges };
}

function stripUndefined(p: Record<string, unknown>): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v as Props[string];
  return out;
}
