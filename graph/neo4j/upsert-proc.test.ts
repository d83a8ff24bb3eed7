// The write procedure lotgraph.upsert (plugin) against the Cypher writes it replaces: the same batches
// give the same counts and the same stored nodes, aliases and edges, through upsert and both load
// modes; a concurrent creator of the same key is a retried conflict; an older plugin is detected.
// Keys get a per-run prefix, so the data never meets other tests' on a shared server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../model.ts';
import type { UpsertResult } from '../store.ts';
import { hasWriteProcedures, upsertProcProbe } from './cypher/upsert-proc.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

let proc: Neo4jStore;
let cypher: Neo4jStore;
beforeAll(async () => {
  proc = await openNeo4jStore(cfgFromEnv());
  cypher = await openNeo4jStore(cfgFromEnv(), { procedures: false });
});
afterAll(async () => {
  await proc?.close();
  await cypher?.close();
});

/** Prefixes every key's first part and every id with P. */
function prefixer(P: string) {
  const pk = (key: string): string => key.slice(0, key.indexOf(':') + 1) + P + key.slice(key.indexOf(':') + 1);
  return (b: Batch): Batch => ({
    ...(b.nodes ? { nodes: b.nodes.map((n) => ({ ...n, key: pk(n.key), ...(n.ids ? { ids: n.ids.map((i) => P + i) } : {}) })) } : {}),
    ...(b.edges ? { edges: b.edges.map((e) => ({ ...e, from: pk(e.from), to: pk(e.to) })) } : {}),
    ...(b.removeEdges ? { removeEdges: b.removeEdges.map((e) => ({ ...e, from: pk(e.from), to: pk(e.to) })) } : {}),
  });
}

/** Non-ASCII keys and ids (lowercased by the client), case-only id changes, a changed and an unchanged prop, fractional `at`, empty uom, an edge created and removed in one batch, removals of absent edges and ends. */
const tricky: Batch[] = [
  {
    nodes: [
      { kind: 'Lot', key: 'lot:MÄT:ΣIGMA', ids: ['ΣIGMA', 'Straße', 'X1'], props: { q: 1, nested: { a: [1, null] } } },
      { kind: 'Operation', key: 'op:W1', ids: ['w1', 'WORK-1'] },
    ],
    edges: [
      { kind: 'CONSUMED_BY', from: 'lot:MÄT:ΣIGMA', to: 'op:W1', at: 1000.7, qty: 2, uom: 'kg' },
      { kind: 'USED_IN', from: 'equipment:E1', to: 'op:W1', at: 1000, uom: '' },
      { kind: 'PRODUCED', from: 'op:W1', to: 'lot:M2:TEMP' },
    ],
    removeEdges: [{ kind: 'PRODUCED', from: 'op:W1', to: 'lot:M2:TEMP' }, { kind: 'PRODUCED', from: 'op:W1', to: 'lot:M2:NONE' }],
  },
  {
    nodes: [
      { kind: 'Lot', key: 'lot:MÄT:ΣIGMA', ids: ['x1', 'Y2'], props: { q: 1, r: 'x' } },
      { kind: 'Operation', key: 'op:W1', ids: ['WORK-1'], props: { nested: { a: 1 } } },
    ],
    edges: [
      { kind: 'CONSUMED_BY', from: 'lot:MÄT:ΣIGMA', to: 'op:W1', at: 1000.7, qty: 2, uom: 'kg' },
      { kind: 'USED_IN', from: 'equipment:E1', to: 'op:W1', at: 2000, qty: 1.5 },
      { kind: 'PRODUCED', from: 'op:W1', to: 'lot:M2:B', at: '2026-01-01T00:00:00Z' },
    ],
  },
  { edges: [{ kind: 'USED_IN', from: 'equipment:E1', to: 'op:W1', at: 2000, qty: 1.5 }], removeEdges: [{ kind: 'PRODUCED', from: 'op:W1', to: 'lot:M2:B' }] },
  { nodes: [{ kind: 'Lot', key: 'lot:MÄT:ΣIGMA', ids: ['ΣIGMA'], props: { q: 1 } }], edges: [{ kind: 'PRODUCED', from: 'op:W1', to: 'lot:M2:B', at: 5 }] },
];

const KEYS = ['lot:MÄT:ΣIGMA', 'op:W1', 'equipment:E1', 'lot:M2:B', 'lot:M2:TEMP'];

/** What the store holds around the tricky keys, prefixes taken out: node views, aliases (by search), edges. */
async function stored(s: Neo4jStore, P: string) {
  const p = prefixer(P);
  const plain = (x: string) => x.replaceAll(P, '').replaceAll(P.toLowerCase(), '');
  const out: unknown[] = [];
  for (const k of KEYS) {
    const key = p({ nodes: [{ kind: 'Lot', key: k }] }).nodes![0]!.key;
    const g = await s.neighbourhood(key, { hops: 1 }).catch((e: { code?: string }) => String(e.code));
    if (typeof g === 'string') {
      out.push([k, g]);
      continue;
    }
    out.push({
      nodes: g.nodes.map((n) => ({ ...n, key: plain(n.key), ids: n.ids.map(plain) })).sort((x, y) => x.key.localeCompare(y.key)),
      edges: g.edges.map((e) => ({ ...e, from: plain(e.from), to: plain(e.to) })).sort((x, y) => `${x.kind}${x.from}${x.to}`.localeCompare(`${y.kind}${y.from}${y.to}`)),
    });
  }
  for (const alias of ['σigma', 'straße', 'x1', 'y2', 'w1', 'work-1']) {
    out.push([alias, (await s.search(P.toLowerCase() + alias)).map((n) => plain(n.key)).sort()]);
  }
  const [row] = await s.conn.read({ text: 'MATCH (n:Node) WHERE n.key CONTAINS $c RETURN collect([n.key, n.ids, n.llabel, n.lkey]) AS l', params: { c: ':' + P } }, 'reading');
  out.push((row!.l as unknown[][]).map((r) => plain(JSON.stringify(r))).sort());
  return out;
}

async function viaUpsert(s: Neo4jStore, P: string): Promise<UpsertResult[]> {
  const rs: UpsertResult[] = [];
  for (const b of tricky) rs.push(await s.upsert(prefixer(P)(b)));
  return rs;
}

async function viaLoad(s: Neo4jStore, P: string, mode: 'batch' | 'phases'): Promise<UpsertResult[]> {
  const rs: UpsertResult[] = [];
  s.loadMode = mode;
  await s.load(tricky.map(prefixer(P)), (_, r) => rs.push(r));
  return rs;
}

describe('lotgraph.upsert (write procedure)', () => {
  it('the test server has it; a plugin without all three write procedures, or with other signatures, is not taken for it', async () => {
    expect(proc.writer).toBe('procedure');
    const rows = await proc.conn.readOnce(upsertProcProbe(), 'probing');
    expect(hasWriteProcedures(rows)).toBe(true);
    expect(hasWriteProcedures([])).toBe(false); // a jar with lotgraph.trace only
    expect(hasWriteProcedures(rows.slice(1))).toBe(false);
    expect(hasWriteProcedures(rows.map((r) => ({ ...r, signature: String(r.signature).replace('batch :: STRING', 'rows :: LIST<MAP>') })))).toBe(false);
  });

  it('stores and counts what the Cypher writes do, through upsert and both load modes, the second time too', async () => {
    const [Pc, Pu, Pb, Pp] = [runPrefix(), runPrefix(), runPrefix(), runPrefix()];
    for (let round = 1; round <= 2; round++) {
      const want = await viaUpsert(cypher, Pc);
      expect(await viaUpsert(proc, Pu), `upsert, round ${round}`).toEqual(want);
      expect(await viaLoad(proc, Pb, 'batch'), `load (batch), round ${round}`).toEqual(want);
      expect(await viaLoad(proc, Pp, 'phases'), `load (phases), round ${round}`).toEqual(want);
    }
    const ref = await stored(cypher, Pc);
    expect(await stored(proc, Pu)).toEqual(ref);
    expect(await stored(proc, Pb)).toEqual(ref);
    expect(await stored(proc, Pp)).toEqual(ref);
  });

  it("writes a containment's `until` like `at`: set, replaced, removed when null; unchanged only when all four are equal", async () => {
    const edgeTimes = async (P: string) => {
      const [row] = await proc.conn.readOnce({
        text: 'MATCH (a:Node)-[r:PACKED_INTO]->(b:Node) WHERE a.key STARTS WITH $p RETURN collect([a.key, r.at, r.until, r.qty]) AS l',
        params: { p: `lot:${P}` },
      }, 'reading');
      return (row!.l as unknown[][]).map(([k, ...rest]) => [String(k).slice(String(k).lastIndexOf(':') + 1), ...rest]).sort();
    };
    const rounds: [Batch, Partial<UpsertResult>, unknown[][]][] = [];
    const edge = (lot: string, until: number | null, qty?: number) => ({ kind: 'PACKED_INTO' as const, from: lot, to: 'container:TOTE', at: 1000, until, ...(qty === undefined ? {} : { qty }) });
    rounds.push([{ edges: [edge('lot:M:A', 2000), edge('lot:M:B', null)] }, { edgesCreated: 2 }, [['A', 1000, 2000, null], ['B', 1000, null, null]]]);
    rounds.push([{ edges: [edge('lot:M:A', 2000), edge('lot:M:B', null)] }, { edgesCreated: 0, edgesUpdated: 0, unchanged: 2 }, [['A', 1000, 2000, null], ['B', 1000, null, null]]]);
    rounds.push([{ edges: [edge('lot:M:A', 3000), edge('lot:M:B', 5000, 2)] }, { edgesUpdated: 2 }, [['A', 1000, 3000, null], ['B', 1000, 5000, 2]]]);
    rounds.push([{ edges: [edge('lot:M:A', null), edge('lot:M:B', 5000, 2)] }, { edgesUpdated: 1, unchanged: 1 }, [['A', 1000, null, null], ['B', 1000, 5000, 2]]]);
    for (const mode of ['upsert', 'batch', 'phases'] as const) {
      const P = runPrefix();
      for (const [i, [b, counts, want]] of rounds.entries()) {
        let r: UpsertResult | undefined;
        if (mode === 'upsert') r = await proc.upsert(prefixer(P)(b));
        else {
          proc.loadMode = mode;
          await proc.load([prefixer(P)(b)], (_, x) => (r = x));
        }
        expect(r, `${mode}, round ${i}`).toMatchObject(counts);
        expect(await edgeTimes(P), `${mode}, round ${i}`).toEqual(want);
      }
    }
  });

  // The procedure reads a stored node's ids and props under a write lock on it, so concurrent merges
  // into one node all survive (the Cypher writes lock the node too: cypher-merge.test.ts).
  it('a key created concurrently is a conflict the store retries: every batch lands, every id is kept', async () => {
    const P = runPrefix();
    for (let round = 0; round < 3; round++) {
      const op = `op:${P}-R${round}`;
      const rs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => proc.upsert({
        nodes: [{ kind: 'Operation', key: op, ids: [`${P}-I${i}`] }],
        edges: [{ kind: 'CONSUMED_BY', from: `lot:${P}-M:L${round}-${i}`, to: op }],
      })));
      expect(rs.reduce((n, r) => n + r.edgesCreated, 0)).toBe(6);
      expect(rs.filter((r) => r.nodesCreated === 2)).toHaveLength(1);
      expect((await proc.lookup(op)).ids.sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${P}-I${i}`).sort());
    }
  });
});

describe('lotgraph.upsert refuses what the adapter never sends (a direct caller of the procedure)', () => {
  const call = (batch: string) => proc.conn.autoCommit({ text: 'CALL lotgraph.upsert($batch) YIELD nodesCreated RETURN nodesCreated', params: { batch } }, 'writing a batch');
  const P = runPrefix();
  it.each([
    ['a store label as a node kind', { n: [[`lot:${P}:A`, 'Alias', [], [], {}, null]] }, /not a lotgraph node or edge kind: Alias/],
    ['a kind that is not an identifier', { b: [[`lot:${P}:B`, 'Lot`) DETACH DELETE n //', null]] }, /not a lotgraph node or edge kind/],
    ['the alias relationship as an edge kind', { e: [['ALIAS_OF', `lot:${P}:A`, `lot:${P}:B`, null, null, null]] }, /not a lotgraph node or edge kind: ALIAS_OF/],
    ['a prop that would overwrite the key', { n: [[`lot:${P}:C`, 'Lot', [], [], { key: '"x"' }, null]] }, /prop name must start with 'p\.'/],
    ['a prop without a value', { n: [[`lot:${P}:D`, 'Lot', [], [], { 'p.q': null }, null]] }, /prop 'p\.q' has no value/],
    ['a null among the ids', { n: [[`lot:${P}:E`, 'Lot', ['a', null, 'b'], ['a', 'b'], {}, null]] }, /expected a list of strings/],
  ])('%s', async (_, batch, message) => {
    await expect(call(JSON.stringify(batch))).rejects.toThrow(message);
  });

  it('a truncated batch', async () => {
    await expect(call('{"n": [["lot:x:A", "Lot", [], [], {}, null]')).rejects.toThrow(/Unexpected end-of-input|malformed batch/);
  });

  it('wrote nothing for any of them', async () => {
    const [row] = await proc.conn.readOnce({ text: 'MATCH (n:Node) WHERE n.key STARTS WITH $p RETURN count(n) AS n', params: { p: `lot:${P}` } }, 'counting');
    expect(Number(row!.n)).toBe(0);
  });
});
