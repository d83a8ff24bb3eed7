import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Batch } from '../../graph/model.ts';
import type { GraphStore } from '../../graph/store.ts';
import { LgError } from '../../lib/errors.ts';
import { parseNdjson } from '../ndjson/index.ts';
import { ingest } from './pipeline.ts';
import { memoryStore } from './test-kit.ts';

/** The store, refusing any batch that names `lot:M:BAD` (as Neo4j refuses a batch it cannot hold). */
function refusing(store: GraphStore): GraphStore {
  const s = Object.create(store) as GraphStore;
  s.upsert = async (b: Batch) => {
    if (b.edges?.some((e) => e.from === 'lot:M:BAD')) throw new LgError('LG_INVALID_BATCH', 'refused for the test');
    return store.upsert(b);
  };
  return s;
}

describe('rejects of records the store refuses name the record in the source, not the log seq', () => {
  let env: Awaited<ReturnType<typeof memoryStore>>;
  beforeEach(async () => {
    env = await memoryStore({ apart: true });
  });
  afterEach(async () => {
    await env.close();
  });

  const edge = (id: string, lot: string) => JSON.stringify({ type: 'graph', id, edges: [{ kind: 'CONSUMED_BY', from: lot, to: 'op:O1', at: '2026-03-01T10:00:00Z' }] });

  it.each([{ strict: false }, { strict: true }])('apart store (as Neo4j), strict $strict', async ({ strict }) => {
    // an earlier file fills the log, so seqs and line numbers differ
    await ingest(parseNdjson(Readable.from([[edge('a1', 'lot:M:A1'), edge('a2', 'lot:M:A2'), edge('a3', 'lot:M:A3')].join('\n')]), { source: 'first.ndjson' }), { db: env.db, store: env.store });
    const lines = [edge('b1', 'lot:M:B1'), edge('b2', 'lot:M:BAD')].join('\n');
    const s = await ingest(parseNdjson(Readable.from([lines]), { source: 'second.ndjson' }), { db: env.db, store: refusing(env.store), strict });
    expect(s.rejected).toBe(1);
    expect(s.rejects[0]!.pos).toEqual({ source: 'second.ndjson', line: 2, record: 2 }); // the log seq would be 5
    expect(s.rejects[0]!.reason).toMatch(/^the store refused record b2: /);
  });
});
