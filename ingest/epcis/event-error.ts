/** A field-level problem with one EPCIS event: the parser turns it into a positioned reject. */
import { LgError } from '../../lib/errors.ts';

/** Throws LG_INVALID_RECORD naming the field and the offending value. */
export function badField(field: string, reason: string, value?: unknown): never {
  const v = value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  throw new LgError('LG_INVALID_RECORD', `${field}: ${reason}`, { field, ...(v === undefined ? {} : { value: v.slice(0, 500) }) });
}
