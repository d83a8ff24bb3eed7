/** Parsing of CLI option values that commander hands over as strings. */
import { LgError } from '../lib/errors.ts';

/** An integer flag (range is checked by the store/API, which names the limits), or undefined. */
export function intOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v.trim())) throw new LgError('LG_BAD_PARAM', `--${name} must be an integer, got '${v}'`, { field: name, value: v });
  return Number(v);
}
