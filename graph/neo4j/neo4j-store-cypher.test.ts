// The conformance suite again with the plugin switched off: the plain-Cypher path a stock Neo4j (no lotgraph plugin) takes.
import { describe, expect, it } from 'vitest';
import { runConformance } from '../conformance/index.ts';
import { openNeo4jStore } from './index.ts';
import { cfgFromEnv } from './test-env.ts';

describe('neo4j trace engines', () => {
  it('the test server has the lotgraph plugin (trace and upsert), and procedures: false turns it off', async () => {
    const [a, b] = [await openNeo4jStore(cfgFromEnv()), await openNeo4jStore(cfgFromEnv(), { procedures: false })];
    try {
      expect(a.engine).toBe('procedure');
      expect(a.writer).toBe('procedure');
      expect(b.engine).toBe('cypher');
      expect(b.writer).toBe('cypher');
    } finally {
      await a.close();
      await b.close();
    }
  });
});

runConformance('neo4j (plain Cypher, no plugin)', () => openNeo4jStore(cfgFromEnv(), { procedures: false }));
