/** Parties of a source/destination list: the owning party first, else the possessing party. */
import { isLgError } from '../../lib/errors.ts';
import { parseIdentifier } from '../gs1/index.ts';
import type { Typed } from './event-fields.ts';

/**
 * The party's id: its GLN when the value is a PGLN/SGLN (or Digital Link /417/, /414/), else the
 * value as given (a private party URI). Locations (`location` type) are not parties.
 */
export function partyId(list: Typed[]): { id: string; original: string } | undefined {
  const t = list.find((x) => x.type === 'owning_party') ?? list.find((x) => x.type === 'possessing_party');
  if (!t) return undefined;
  try {
    const r = parseIdentifier(t.value);
    if (r.gln !== undefined) return { id: r.gln, original: t.value };
  } catch (e) {
    if (!isLgError(e)) throw e;
  }
  return { id: t.value, original: t.value };
}
