/**
 * The GraphStore conformance suite: one set of hand-checked scenarios every adapter must pass with
 * the same answers. An adapter's test file calls `runConformance` with a factory; each scenario
 * group opens its own store and writes its data under a fresh id prefix, so runs can share one
 * database (one Neo4j server) without seeing each other. Only the public GraphStore methods are used.
 */
import { describe, expect, it } from 'vitest';
import type { GraphStore } from '../store.ts';
import { asOfScenarios } from './scenarios/as-of.ts';
import { containerScenarios } from './scenarios/containers.ts';
import { containerTimeScenarios } from './scenarios/containers-in-time.ts';
import { deepChainScenarios } from './scenarios/deep-chain.ts';
import { errorScenarios } from './scenarios/errors.ts';
import { exploreScenarios } from './scenarios/explore.ts';
import { lookupSearchScenarios } from './scenarios/lookup-search.ts';
import { mergeSplitScenarios } from './scenarios/merge-split.ts';
import { recallQuantityScenarios } from './scenarios/recall-quantities.ts';
import { recallSuspectScenarios } from './scenarios/recall-suspects.ts';
import { recallWindowScenarios } from './scenarios/recall-windows.ts';
import { repeatedLotNumberScenarios } from './scenarios/repeated-lot-numbers.ts';
import { reworkScenarios } from './scenarios/rework.ts';
import { traceLimitScenarios } from './scenarios/trace-limits.ts';
import { upsertScenarios } from './scenarios/upsert.ts';
import type { Suite } from './suite.ts';

/** Options of a run: scenarios left out by name, each with its reason (the reason is for the reader). */
export interface ConformanceOptions {
  exclude?: Readonly<Record<string, string>>;
}

/**
 * Declares the suite for one adapter. `factory` is called once per scenario group; `teardown`, when
 * given, releases a store instead of the default `store.close()` (e.g. to close its database too).
 * `exclude` names scenarios the adapter cannot run; a name that matches no scenario fails the run.
 */
export function runConformance(name: string, factory: () => Promise<GraphStore>, teardown?: (s: GraphStore) => Promise<void>, opts: ConformanceOptions = {}): void {
  const exclude = new Map(Object.entries(opts.exclude ?? {}));
  const suite: Suite = { name, factory, teardown, exclude, seen: new Set() };
  describe(`GraphStore conformance: ${name}`, () => {
    upsertScenarios(suite);
    mergeSplitScenarios(suite);
    repeatedLotNumberScenarios(suite);
    reworkScenarios(suite);
    containerScenarios(suite);
    containerTimeScenarios(suite);
    asOfScenarios(suite);
    traceLimitScenarios(suite);
    recallSuspectScenarios(suite);
    recallWindowScenarios(suite);
    recallQuantityScenarios(suite);
    deepChainScenarios(suite);
    errorScenarios(suite);
    exploreScenarios(suite);
    lookupSearchScenarios(suite);
    if (exclude.size > 0) {
      it('excludes only scenarios that exist', () => {
        expect([...exclude.keys()].filter((n) => !suite.seen!.has(n))).toEqual([]);
      });
    }
  });
}

export { miniPlant, plantKeys, runPrefix } from './fixtures.ts';
