/** Growable typed arrays: amortised O(1) append, no per-element objects (the index must fit L scale in RAM). */

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
type Ctor<T extends TypedArray> = new (n: number) => T;

/** Returns `a` or a copy with capacity for at least `need` elements (doubling). */
export function ensure<T extends TypedArray>(a: T, need: number, ctor: Ctor<T>, fill?: number): T {
  if (need <= a.length) return a;
  let cap = Math.max(16, a.length);
  while (cap < need) cap *= 2;
  const b = new ctor(cap);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}
