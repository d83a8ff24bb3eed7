/**
 * Validation and normalisation of a write batch, shared by every adapter: kinds, keys, endpoint
 * kinds, times and quantities. Nothing is written when any item is wrong.
 */
import { LgError } from '../lib/errors.ts';
import { parseOptionalInstant } from '../lib/time.ts';
import { kindOfKey } from './keys.ts';
import { EDGE_ENDPOINTS, EDGE_EXCLUDED_PAIRS, EDGE_KINDS, NODE_KINDS, type Batch, type EdgeKind, type EdgeRef, type NodeKind, type Props } from './model.ts';

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
  /** PACKED_INTO only: the end of the containment (null: open). */
  until: number | null;
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

const NODE_KIND_SET = new Set<unknown>(NODE_KINDS);
const EDGE_KIND_SET = new Set<unknown>(EDGE_KINDS);
/** EDGE_ENDPOINTS as sets (checked for every edge of every write). */
const ENDS = Object.fromEntries(EDGE_KINDS.map((k) => [k, { from: new Set(EDGE_ENDPOINTS[k].from), to: new Set(EDGE_ENDPOINTS[k].to) }])) as Record<EdgeKind, { from: Set<NodeKind>; to: Set<NodeKind> }>;

/**
 * Validates a batch; nodes given twice are merged in order (later fields win), edges given twice
 * keep the last. `known` lets a store skip parsing the keys it already holds (the common case on
 * a bulk load, where most edge ends exist). `signedQty`: an ingest record's batch, where a reversal
 * posts a negative quantity (a store batch never carries one). Written for bulk loads: nothing is allocated per item
 * that the result does not keep (positions are formatted only for an error).
 */
export function validateBatch(batch: Batch, known: KnownKind = () => undefined, o: { signedQty?: boolean } = {}): CleanBatch {
  const minQty = o.signedQty === true ? -Infinity : 0;
  if (typeof batch !== 'object' || batch === null) bad('batch', 'must be an object');
  const parsed = new Map<string, NodeKind>();
  const keyKind = (list: string, i: number, key: unknown, field: string): NodeKind => {
    if (typeof key !== 'string' || key === '') bad(`${list}[${i}]`, `${field} must be a non-empty key`, field);
    const k = parsed.get(key) ?? known(key);
    if (k !== undefined) return k;
    try {
      const kind = kindOfKey(key);
      parsed.set(key, kind);
      return kind;
    } catch (e) {
      bad(`${list}[${i}]`, (e as Error).message, field);
    }
  };
  const nodes = new Map<string, CleanNode>();
  const inNodes = batch.nodes ?? [];
  for (let i = 0; i < inNodes.length; i++) {
    const n = inNodes[i]!;
    if (!NODE_KIND_SET.has(n?.kind)) bad(`nodes[${i}]`, `unknown node kind '${String(n?.kind)}'`, 'kind');
    const kind = keyKind('nodes', i, n.key, 'key');
    if (kind !== n.kind) bad(`nodes[${i}]`, `key '${n.key}' is a ${kind} key, not a ${n.kind}`, 'key');
    if (n.ids !== undefined && (!Array.isArray(n.ids) || n.ids.some((s) => typeof s !== 'string'))) bad(`nodes[${i}]`, 'ids must be a list of strings', 'ids');
    if (n.props !== undefined && (typeof n.props !== 'object' || n.props === null || Array.isArray(n.props))) bad(`nodes[${i}]`, 'props must be an object', 'props');
    const prev = nodes.get(n.key);
    const given = cleanIds(n.ids);
    const ids = prev === undefined ? given : [...new Set([...prev.ids, ...given])];
    const props = n.props === undefined ? {} : stripUndefined(n.props);
    nodes.set(n.key, { kind, key: n.key, ids, props: prev === undefined ? props : { ...prev.props, ...props } });
  }
  const edges = new Map<string, CleanEdge>();
  const inEdges = batch.edges ?? [];
  for (let i = 0; i < inEdges.length; i++) {
    const e = inEdges[i]!;
    if (!EDGE_KIND_SET.has(e?.kind)) bad(`edges[${i}]`, `unknown edge kind '${String(e?.kind)}'`, 'kind');
    const fk = keyKind('edges', i, e.from, 'from');
    const tk = keyKind('edges', i, e.to, 'to');
    const ends = ENDS[e.kind];
    if (!ends.from.has(fk)) bad(`edges[${i}]`, `${e.kind} cannot start at a ${fk} (allowed: ${EDGE_ENDPOINTS[e.kind].from.join(', ')})`, 'from');
    if (!ends.to.has(tk)) bad(`edges[${i}]`, `${e.kind} cannot end at a ${tk} (allowed: ${EDGE_ENDPOINTS[e.kind].to.join(', ')})`, 'to');
    const excluded = EDGE_EXCLUDED_PAIRS[e.kind];
    if (excluded && excluded.some(([f, t]) => f === fk && t === tk)) bad(`edges[${i}]`, `${e.kind} cannot join a ${fk} to a ${tk}${fk === 'Lot' && tk === 'Serial' ? ' (a lot packs into the case\'s Container; Lot -> Serial is HAS_UNIT)' : ''}`, 'to');
    let at: number | null;
    try {
      at = parseOptionalInstant(e.at, 'at');
    } catch (err) {
      bad(`edges[${i}]`, (err as Error).message, 'at');
    }
    let until: number | null;
    try {
      until = parseOptionalInstant(e.until, 'until');
    } catch (err) {
      bad(`edges[${i}]`, (err as Error).message, 'until');
    }
    if (until !== null && e.kind !== 'PACKED_INTO') bad(`edges[${i}]`, `until is for PACKED_INTO only (the end of a containment), not ${e.kind}`, 'until');
    if (until !== null && at !== null && until < at) bad(`edges[${i}]`, `until (${new Date(until).toISOString()}) is before at (${new Date(at).toISOString()})`, 'until');
    if (e.qty !== undefined && e.qty !== null && (typeof e.qty !== 'number' || !Number.isFinite(e.qty) || e.qty < minQty)) bad(`edges[${i}]`, `qty must be a ${minQty === 0 ? 'non-negative' : 'finite'} number, got ${String(e.qty)}`, 'qty');
    if (e.uom !== undefined && e.uom !== null && typeof e.uom !== 'string') bad(`edges[${i}]`, 'uom must be a string', 'uom');
    edges.set(`${e.kind}|${e.from}|${e.to}`, { kind: e.kind, from: e.from, to: e.to, at, until, qty: e.qty ?? null, uom: e.uom ?? null });
  }
  const removeEdges = (batch.removeEdges ?? []).map((r, i) => {
    if (!EDGE_KIND_SET.has(r?.kind)) bad(`removeEdges[${i}]`, `unknown edge kind '${String(r?.kind)}'`, 'kind');
    keyKind('removeEdges', i, r.from, 'from');
    keyKind('removeEdges', i, r.to, 'to');
    return { kind: r.kind, from: r.from, to: r.to };
  });
  return { nodes: [...nodes.values()], edges: [...edges.values()], removeEdges };
}

/** Aliases trimmed, empty ones dropped, each once (a new array: the input is never kept). */
function cleanIds(ids: string[] | undefined): string[] {
  if (ids === undefined || ids.length === 0) return [];
  if (ids.length === 1) {
    const s = ids[0]!.trim();
    return s === '' ? [] : [s];
  }
  const out: string[] = [];
  for (const x of ids) {
    const s = x.trim();
    if (s !== '' && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Props without undefined values (the input itself when it has none: props are only read, never changed). */
function stripUndefined(p: Record<string, unknown>): Props {
  for (const k in p) {
    if (p[k] === undefined) {
      const out: Props = {};
      for (const [key, v] of Object.entries(p)) if (v !== undefined) out[key] = v as Props[string];
      return out;
    }
  }
  return p as Props;
}
