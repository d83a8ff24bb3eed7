// The shared GraphStore conformance suite on a real Neo4j (NEO4J_URI; never skipped: see test-env.ts).
import { describe, expect, it } from 'vitest';
import { runConformance } from '../conformance/index.ts';
import { openNeo4jStore } from './index.ts';
import { cfgFromEnv } from './test-env.ts';

// Without a server the suite's hooks fail; this test fails by name too, so no run can look skipped.
describe('neo4j test server', () => {
  it('is configured (NEO4J_URI)', () => {
    expect(() => cfgFromEnv()).not.toThrow();
  });
});

runConformance('neo4j', () => openNeo4jStore(cfgFromEnv()));
