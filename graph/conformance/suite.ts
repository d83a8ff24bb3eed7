/** How a scenario gets its store: one store per scenario group, from the adapter's factory. */
import { afterAll, beforeAll, it } from 'vitest';
import type { GraphStore } from '../store.ts';
import { miniPlant, runPrefix, type Plant } from './fixtures.ts';

/** What an adapter hands the suite. `teardown` replaces the default `store.close()`. */
export interface Suite {
  name: string;
  factory: () => Promise<GraphStore>;
  teardown?: ((s: GraphStore) => Promise<void>) | undefined;
  /** Scenarios (by test name) this adapter cannot pass, each with the reason; see `scenarioIt`. */
  exclude?: ReadonlyMap<string, string> | undefined;
  /** Every scenario name met while declaring the suite (filled by `scenarioIt`). */
  seen?: Set<string> | undefined;
}

/**
 * The `it` of a scenario file. A scenario the adapter excluded by name (an ingest format that cannot
 * express its data says which and why) runs as an expected failure (`it.fails`): it must still fail
 * on this adapter, so an exclusion that is no longer needed fails the run and gets removed.
 */
export function scenarioIt(suite: Suite): (name: string, fn: () => Promise<void>) => void {
  return (name, fn) => {
    if (suite.seen?.has(name)) throw new Error(`conformance: two scenarios are named '${name}' (exclusions go by name)`);
    suite.seen?.add(name);
    const why = suite.exclude?.get(name);
    if (why === undefined) it(name, fn);
    else it.fails(`${name} [excluded, must fail: ${why}]`, fn);
  };
}

/** A store opened before the group's tests and released after them; `get()` inside a test. */
export interface Handle {
  get(): GraphStore;
}

/** Opens a store for the enclosing describe block (call it at describe level). */
export function useStore(suite: Suite, seed?: (s: GraphStore) => Promise<void>): Handle {
  let store: GraphStore | undefined;
  // A seed that fails fails every test of the group with its error (through `get()`), rather than the
  // hook: an excluded scenario (`scenarioIt`) then still runs, and fails, as expected.
  let seedError: unknown;
  beforeAll(async () => {
    store = await suite.factory();
    if (seed) {
      try {
        await seed(store);
      } catch (e) {
        seedError = e;
      }
    }
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
      if (seedError !== undefined) throw seedError;
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
