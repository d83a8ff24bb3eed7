/** Validation of query parameters shared by every adapter, so all stores reject the same inputs the same way. */
import { LgError } from '../lib/errors.ts';
import { parseInstant } from '../lib/time.ts';
import { NODE_KINDS, type NodeKind } from './model.ts';
import { LIMITS, type Direction, type RecallQuery, type TraceQuery } from './store.ts';

/** A trace query after validation: numbers in range, asOf in epoch ms. */
export interface CheckedTrace {
  origin: string;
  direction: Direction;
  maxDepth: number;
  asOf: number | undefined;
  kinds: ReadonlySet<NodeKind> | undefined;
  limit: number;
}

/** Checks an integer parameter is within [min, max], or throws LG_BAD_PARAM naming it. */
export function intParam(name: string, v: unknown, min: number, max: number, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new LgError('LG_BAD_PARAM', `${name} must be an integer from ${min} to ${max}, got ${String(v)}`, { field: name, value: String(v) });
  }
  return v;
}

/** Checks node kinds against the vocabulary. */
export function kindsParam(kinds: unknown): ReadonlySet<NodeKind> | undefined {
  if (kinds === undefined || kinds === null) return undefined;
  if (!Array.isArray(kinds) || kinds.length === 0) throw new LgError('LG_BAD_PARAM', 'kinds must be a non-empty list of node kinds', { field: 'kinds' });
  for (const k of kinds) {
    if (!NODE_KINDS.includes(k as NodeKind)) {
      throw new LgError('LG_BAD_PARAM', `unknown node kind '${String(k)}': expected one of ${NODE_KINDS.join(', ')}`, { field: 'kinds', value: String(k) });
    }
  }
  return new Set(kinds as NodeKind[]);
}

/** Validates a trace query. */
export function checkTrace(q: TraceQuery): CheckedTrace {
  if (typeof q.origin !== 'string' || q.origin.trim() === '') throw new LgError('LG_BAD_ID', 'origin id is required', { field: 'origin' });
  if (q.direction !== 'forward' && q.direction !== 'backward') {
    throw new LgError('LG_BAD_PARAM', `direction must be 'forward' or 'backward', got '${String(q.direction)}'`, { field: 'direction' });
  }
  return {
    origin: q.origin.trim(),
    direction: q.direction,
    maxDepth: intParam('maxDepth', q.maxDepth, 0, LIMITS.maxDepth, LIMITS.maxDepth),
    asOf: q.asOf === undefined || q.asOf === null ? undefined : parseInstant(q.asOf, 'asOf'),
    kinds: kindsParam(q.kinds),
    limit: intParam('limit', q.limit, 1, LIMITS.maxNodeCap, LIMITS.defaultNodeCap),
  };
}

/** A recall query after validation. */
export interface CheckedRecall {
  suspects: string[];
  equipment?: { id: string; from: number; to: number };
  supplier?: { id: string; from: number; to: number };
  asOf: number | undefined;
  limit: number;
}

function window(name: 'equipment' | 'supplier', w: { id: string; from: number | string; to: number | string }) {
  if (typeof w.id !== 'string' || w.id.trim() === '') throw new LgError('LG_BAD_ID', `${name}.id is required`, { field: `${name}.id` });
  const from = parseInstant(w.from, `${name}.from`);
  const to = parseInstant(w.to, `${name}.to`);
  if (from > to) throw new LgError('LG_BAD_PARAM', `${name}.from must not be after ${name}.to`, { field: `${name}.from` });
  return { id: w.id.trim(), from, to };
}

/** Validates a recall query: at least one suspect, a well-formed window. */
export function checkRecall(q: RecallQuery): CheckedRecall {
  const suspects = (q.suspects ?? []).map((s) => (typeof s === 'string' ? s.trim() : ''));
  if (suspects.some((s) => s === '')) throw new LgError('LG_BAD_ID', 'suspect ids must be non-empty strings', { field: 'suspects' });
  if (suspects.length === 0 && !q.equipment && !q.supplier) {
    throw new LgError('LG_EMPTY_RECALL', 'a recall needs suspects: lot or serial ids, an equipment window or a supplier window');
  }
  return {
    suspects: [...new Set(suspects)],
    ...(q.equipment ? { equipment: window('equipment', q.equipment) } : {}),
    ...(q.supplier ? { supplier: window('supplier', q.supplier) } : {}),
    asOf: q.asOf === undefined || q.asOf === null ? undefined : parseInstant(q.asOf, 'asOf'),
    limit: intParam('limit', q.limit, 1, LIMITS.maxNodeCap, LIMITS.defaultNodeCap),
  };
}
