// Concurrent merges into one stored node through the plain-Cypher write path (no plugin): each
// batch adds its own id and prop to the same key, in its own transaction, all at once. The node
// phase reads the stored ids, merges them here and writes the union, so without a lock on the
// node two of them can read the same ids and the second write drops the first one's (props are
// written key by key, `n += props`: they survived even then; checked all the same).
// Keys get a per-run prefix, so the data never meets other tests' on a shared server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

let cypher: Neo4jStore;
beforeAll(async () => {
  cypher = await openNeo4jStore(cfgFromEnv(), { procedures: false });
});
afterAll(async () => {
  await cypher?.close();
});

const WRITERS = 16;
const ROUNDS = 5;

describe('plain-Cypher upsert, concurrent merges into one stored node', () => {
  it('keeps every id and every prop (upsert and load)', async () => {
    expect(cypher.writer).toBe('cypher');
    const P = runPrefix();
    for (let round = 0; round < ROUNDS; round++) {
      const key = `lot:${P}:R${round}`;
      const id = (i: number | string) => `${P}-R${round}-I${i}`;
      await cypher.upsert({ nodes: [{ kind: 'Lot', key, ids: [id('base')], props: { base: 0 } }] });
      const ws = Array.from({ length: WRITERS }, (_, i) => i);
      // Half through upsert (node and edge phase in one transaction), half through load (the node phase alone).
      const rs = await Promise.all(ws.map((i) => {
        const b = { nodes: [{ kind: 'Lot' as const, key, ids: [id(i)], props: { [`w${i}`]: i } }] };
        return i % 2 === 0 ? cypher.upsert(b) : cypher.load([b]);
      }));
      expect(rs.reduce((n, r) => n + r.nodesUpdated, 0), `round ${round}: every batch merged`).toBe(WRITERS);
      const n = await cypher.lookup(key);
      expect.soft(n.ids.slice().sort(), `round ${round}: ids`).toEqual([id('base'), ...ws.map(id)].sort());
      expect.soft(n.props, `round ${round}: props`).toEqual({ base: 0, ...Object.fromEntries(ws.map((i) => [`w${i}`, i])) });
      // Every id stays searchable (its alias linked once).
      for (const i of [0, WRITERS - 1]) expect((await cypher.search(id(i))).map((x) => x.key)).toEqual([key]);
    }
  });
});
