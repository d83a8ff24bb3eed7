/** Per-record validation before anything is logged: the batch's shape, kinds, keys, times and quantities. */
import { validateBatch } from '../../graph/validate-batch.ts';
import { isLgError, LgError } from '../../lib/errors.ts';
import { parseOptionalInstant } from '../../lib/time.ts';
import { TEMPLATE_NAMES } from '../csv/templates.ts';
import type { IngestRecord, RecordError } from '../record.ts';

/**
 * Record types whose batches our own adapters build from keys.ts (CSV/NDJSON templates, EPCIS
 * events): valid by construction, so checked once, by the store (a batch it refuses is retried
 * record by record and the culprit reported). `graph` events from outside are checked here first.
 */
export const TRUSTED = new Set([...TEMPLATE_NAMES, 'ObjectEvent', 'AggregationEvent', 'TransformationEvent', 'AssociationEvent', 'TransactionEvent']);

/** Record types whose rows may reverse a posting (a negative quantity: the templates' `reversal`). */
const SIGNED = new Set<string>(TEMPLATE_NAMES);

/** The reason `r` cannot be applied (positioned), or null. */
export function checkRecord(r: IngestRecord): RecordError | null {
  if (typeof r.id !== 'string' || r.id === '') return { pos: r.pos, reason: 'record has no idempotency key' };
  try {
    validateBatch(r.batch, undefined, { signedQty: SIGNED.has(r.type) });
    return null;
  } catch (e) {
    if (!isLgError(e)) throw e;
    const field = typeof e.details?.field === 'string' ? e.details.field : undefined;
    return { pos: { ...r.pos, ...(r.pos.field || !field ? {} : { field }) }, reason: e.message };
  }
}

/**
 * Gives the record a batch whose edge times are epoch ms (ISO text parsed once, here, rather than by
 * the time order check, the fact table and the store in turn); the reason when one is not a time or
 * lies outside what a date can hold (±8.64e15 ms), else null. New edge objects: the adapter's `raw`
 * may share the originals, and the log keeps `raw` as the source said it.
 */
export function normaliseTimes(r: IngestRecord): RecordError | null {
  const edges = r.batch.edges;
  if (!edges || edges.every(isNormal)) return null;
  const out: typeof edges = [];
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    try {
      const at = instant(e.at, 'at');
      const until = instant(e.until, 'until');
      const { at: _old, until: _oldUntil, ...rest } = e;
      out.push({ ...rest, ...(at === null ? {} : { at }), ...(until === null ? {} : { until }) });
    } catch (err) {
      if (!isLgError(err)) throw err;
      const field = typeof err.details?.field === 'string' ? err.details.field : 'at';
      return { pos: { ...r.pos, ...(r.pos.field ? {} : { field }) }, reason: `edges[${i}]: ${err.message}`, value: String(err.details?.value ?? '') };
    }
  }
  r.batch = { ...r.batch, edges: out };
  return null;
}

/** The largest epoch ms a Date can hold. */
const MAX_MS = 8.64e15;

/** An edge time as epoch ms (null when not given), or an LgError naming `field`. */
function instant(v: unknown, field: 'at' | 'until'): number | null {
  const t = parseOptionalInstant(v as string | number | null | undefined, field);
  if (t !== null && Math.abs(t) > MAX_MS) throw new LgError('LG_BAD_TIME', `${field} '${String(v)}' is outside the range of dates`, { field, value: String(t) });
  return t;
}

/** True when an edge's time is already what normaliseTimes makes of it: epoch ms, or not given (OF_MATERIAL edges have none). */
const isNormal = (e: { at?: unknown; until?: unknown }): boolean => normalTime(e.at) && normalTime(e.until);
const normalTime = (t: unknown): boolean => t === undefined || (typeof t === 'number' && Number.isInteger(t) && Math.abs(t) <= MAX_MS);
