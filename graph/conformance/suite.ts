/** How a scenario gets its store: one store per scenario group, from the adapter's factory. */
import { afterAll, beforeAll } from 'vitest';
import type { GraphStore } from '../store.ts';
import { miniPlant, runPrefix, type Plant } from './fixtures.ts';

/** What an adapter hands the suite. `teardown` replaces the default `store.close()`. */
export interface Suite {
  name: string;
  factory: () => Promise<GraphStore>;
  teardown?: ((s: GraphStore) => Promise<void>) | undefined;
}

/** A store opened before the group's tests and released after them; `get()` inside a test. */
export interface Handle {
  get(): GraphStore;
}

/** Opens a store for the enclosing describe block (call it at describe level). */
export function useStore(suite: Suite, seed?: (s: GraphStore) => Promise<void>): Handle {
  let store: GraphStore | undefined;
  beforeAll(async () => {
    store = await suite.factory();
    if (seed) await seed(store);
  });
  afterAll(async () => {
    if (!store) return;
    const s = store;
    store = undefined;
    await (suite.teardown ? suite.teardown(s) : s.close());
  });
  return {
    get() {
      if (!store) throw new Error(`conformance(${suite.name}): the store is not open (factory failed?)`);
      return store;
    },
  };
}

/** A store loaded with a fresh mini plant (own prefix) for the enclosing describe block. */
export function usePlant(suite: Suite): Handle & { fx: Plant } {
  const fx = miniPlant(runPrefix());
  const h = useStore(suite, async (s) => {
    await s.upsert(fx.batch);
  });
  return { fx, get: h.get };
}
