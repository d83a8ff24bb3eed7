/**
 * A GraphStore seen under other names: queries have the scenario's keys replaced by the keys the
 * data was written under (GS1 names for EPCIS), answers have them replaced back. Only whole strings
 * that are known keys (or GTINs) are replaced; anything else (unknown keys, aliases) passes as is.
 */
import type { GraphStore } from '../../graph/store.ts';

type Rename = (s: string) => string;

/** `v` with every string renamed, through arrays, plain objects, Maps and Sets. */
export function renameDeep<T>(v: T, f: Rename): T {
  const go = (x: unknown): unknown => {
    if (typeof x === 'string') return f(x);
    if (Array.isArray(x)) return x.map(go);
    if (x instanceof Map) return new Map([...x].map(([k, y]) => [go(k), go(y)]));
    if (x instanceof Set) return new Set([...x].map(go));
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, go(y)]));
    return x;
  };
  return go(v) as T;
}

/** `store` taking and giving the scenario's names: `forward` renames query strings, `back` answer strings. */
export function renamedStore<S extends GraphStore>(store: S, forward: Rename, back: Rename): GraphStore {
  const q = <T>(x: T): T => renameDeep(x, forward);
  const a = <T>(x: T): T => renameDeep(x, back);
  return {
    name: store.name,
    upsert: (b) => store.upsert(b),
    trace: async (x) => a(await store.trace(q(x))),
    recallImpact: async (x) => a(await store.recallImpact(q(x))),
    path: async (x, y, o) => a(await store.path(forward(x), forward(y), o)),
    neighbourhood: async (id, o) => a(await store.neighbourhood(forward(id), o)),
    lookup: async (id) => a(await store.lookup(forward(id))),
    search: async (s, l) => a(await store.search(forward(s), l)),
    stats: () => store.stats(),
    close: () => store.close(),
  };
}
