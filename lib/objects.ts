/** Small object helpers for hot paths. */

/** True when `o` has an own enumerable key (without building the list of them, as `Object.keys(o).length > 0` does). */
export function hasOwnKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}
