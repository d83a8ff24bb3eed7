/** Per-record validation before anything is logged: the batch's shape, kinds, keys, times and quantities. */
import { validateBatch } from '../../graph/validate-batch.ts';
import { isLgError } from '../../lib/errors.ts';
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
