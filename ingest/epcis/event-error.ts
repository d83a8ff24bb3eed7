/** A field-level problem with one EPCIS event: the parser turns it into a positioned reject. */
import { LgError, isLgError } from '../../lib/errors.ts';
import type { ParseItem, SourcePos } from '../record.ts';

/** Throws LG_INVALID_RECORD naming the field and the offending value. */
export function badField(field: string, reason: string, value?: unknown): never {
  const v = value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  throw new LgError('LG_INVALID_RECORD', `${field}: ${reason}`, { field, ...(v === undefined ? {} : { value: v.slice(0, 500) }) });
}

/**
 * The error item for one event. An unexpected exception (a bug) is reported as `internal error`
 * rather than ending the document: its neighbours are still read (fuzz tests assert none occur).
 */
export function eventErrorItem(e: unknown, pos: SourcePos): ParseItem {
  if (!isLgError(e)) return { ok: false, error: { pos, reason: `internal error: ${(e as Error)?.message ?? String(e)}` } };
  const d = (e.details ?? {}) as { field?: string; value?: string };
  return { ok: false, error: { pos: d.field ? { ...pos, field: d.field } : pos, reason: e.message, ...(d.value === undefined ? {} : { value: d.value }) } };
}
