/** Per-record validation before anything is logged: the batch's shape, kinds, keys, times and quantities. */
import { validateBatch } from '../../graph/validate-batch.ts';
import { isLgError } from '../../lib/errors.ts';
import { parseOptionalInstant } from '../../lib/time.ts';
import type { IngestRecord, RecordError } from '../record.ts';

/** The reason `r` cannot be applied (positioned), or null. */
export function checkRecord(r: IngestRecord): RecordError | null {
  if (typeof r.id !== 'string' || r.id === '') return { pos: r.pos, reason: 'record has no idempotency key' };
  try {
    validateBatch(r.batch);
    return null;
  } catch (e) {
    if (!isLgError(e)) throw e;
    const field = typeof e.details?.field === 'string' ? e.details.field : undefined;
    return { pos: { ...r.pos, ...(r.pos.field || !field ? {} : { field }) }, reason: e.message };
  }
}

/**
 * Rewrites the batch's edge times as epoch ms (ISO text parsed once, here, rather than by the time
 * order check, the fact table and the store in turn); the reason when one is not a time, else null.
 */
export function normaliseTimes(r: IngestRecord): RecordError | null {
  const edges = r.batch.edges ?? [];
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    if (typeof e.at === 'number' && Number.isInteger(e.at)) continue;
    try {
      const at = parseOptionalInstant(e.at, 'at');
      if (at === null) delete e.at;
      else e.at = at;
    } catch (err) {
      if (!isLgError(err)) throw err;
      return { pos: { ...r.pos, ...(r.pos.field ? {} : { field: 'at' }) }, reason: `edges[${i}]: ${err.message}`, value: String(e.at) };
    }
  }
  return null;
}
