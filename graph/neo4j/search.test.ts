// Search and lookup on Neo4j against the embedded store, on keys and ids whose case matters: mixed
// case, non-ASCII letters (and the Kelvin sign, whose lowercase is ASCII 'k'), long runs of letters
// (more case variants than one search seeks), percent-encoded parts, and nodes whose ids are, or are
// not, just their label (Neo4j leaves `ids` out for the former: props-codec.ts idsToStore). Both
// Neo4j write paths (procedures and Cypher) must store what the other reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../embedded/index.ts';
import type { Batch, NodeView } from '../model.ts';
import type { GraphStore } from '../store.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

const P = runPrefix();
// Keys written as they come (keys.ts would percent-encode the non-ASCII letters; a key given raw keeps them)
const mat = `${P}WidGet-Σigma`;
// every label starts with the run's prefix (lowercase letters and digits), so the server's other data never matches
const lots = ['AbC-001', 'abc-002', 'ABC-003', 'Straße-7', 'ÉCLAIR-1', 'k\u212aX-9', 'a%2Fb%20c%25d', 'QWERTYUIOPASDFGH-1'].map((l) => P + l);
const lotIds = (l: string): string[] => [decodeURIComponent(l)];
const lotK = (l: string): string => `lot:${mat}:${l}`;
const serial = `serial:${mat}:${P}SN-Ω1`;
const op = `op:${P}Wo-1`;
const batch: Batch = {
  nodes: [
    { kind: 'Material', key: `material:${mat}`, ids: [mat], props: { name: 'Widget' } },
    ...lots.map((l, i) => ({ kind: 'Lot' as const, key: lotK(l), ids: i % 3 === 0 ? [...lotIds(l), `${P}ERP-${i}`] : lotIds(l), props: { n: i } })),
    { kind: 'Serial', key: serial, ids: [], props: {} },
    { kind: 'Operation', key: op, ids: [`${P}Wo-1`], props: {} },
  ],
  edges: lots.map((l) => ({ kind: 'CONSUMED_BY' as const, from: lotK(l), to: op })),
};
const later: Batch = { nodes: [{ kind: 'Lot', key: lotK(`${P}abc-002`), ids: [`${P}ERP-late`] }, { kind: 'Serial', key: serial, ids: [`${P}SN-Ω1`] }] };

const queries = [
  `lot:${mat}:`, `LOT:${mat.toUpperCase()}:`, `lot:${mat.toLowerCase()}:${P}abc`, `lot:${mat.toLowerCase()}:${P}ABC-00`, `lot:${mat}:${P}straSSe`,
  `lot:${mat}:${P}straße`, `lot:${mat}:${P}éclair`, `lot:${mat}:${P}kkx`, `lot:${mat}:${P}KKX-9`, `lot:${mat}:${P}a%2Fb`, `lot:${mat}:${P}A%2FB%20C%25`,
  `lot:${mat}:${P}qwertyuiopasdfgh`, `lot:${mat}:${P}QWERTYUIOPASDFGH-1`, `lot:${mat}:${P}qwertyuiopasdfgx`, `${P}abc-00`, `${P}ABC-003`, `${P}éclair`, `${P}KKX`,
  `${P}erp-`, `${P.toUpperCase()}ERP-LATE`, `material:${mat.toLowerCase()}`, `SERIAL:${mat}:${P}sn-ω`, `${P}sn-ω1`, `${P}widget-σ`, `op:${P}wo`, `${P}WO-1`,
];

let neo: Neo4jStore;
let neoCypher: Neo4jStore;
let emb: EmbeddedStore;
let db: Db;

beforeAll(async () => {
  neo = await openNeo4jStore(cfgFromEnv());
  neoCypher = await openNeo4jStore(cfgFromEnv(), { procedures: false });
  db = await openDb(':memory:');
  emb = await openEmbeddedStore(db);
  await emb.upsert(batch);
  await emb.upsert(later);
});

afterAll(async () => {
  await neo?.close();
  await neoCypher?.close();
  await emb?.close();
  await db?.close();
});

const sortedViews = (vs: NodeView[]) => vs.map((v) => ({ ...v, ids: [...v.ids].sort() })).sort((a, b) => a.key.localeCompare(b.key));

async function answers(s: GraphStore): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of queries) out.push([q, sortedViews(await s.search(q, 50))]);
  for (const l of lots) out.push(await s.lookup(lotK(l)));
  out.push(await s.lookup(`${P}ERP-late`), await s.lookup(`${P}SN-Ω1`), await s.lookup(serial));
  return out;
}

describe('search and lookup on Neo4j', () => {
  it('answer as the embedded store does, through either write path', async () => {
    const want = await answers(emb);
    // the queries are not vacuous: every lot is found by some key-prefix query, case-insensitively
    expect((want[1] as [string, NodeView[]])[1]).toHaveLength(lots.length);
    expect((want[2] as [string, NodeView[]])[1].map((v) => v.key)).toHaveLength(3);
    await neo.upsert(batch);
    await neo.upsert(later);
    expect(await answers(neo)).toEqual(want);
    expect(await answers(neoCypher)).toEqual(want);
    // the Cypher path stores what the procedures stored (the same batches under another prefix)
    const copy = (b: Batch): Batch => ({ ...b, nodes: b.nodes!.map((n) => ({ ...n, key: n.key.replaceAll(P, `${P}c`), ids: n.ids!.map((i) => i.replaceAll(P, `${P}c`)) })), edges: (b.edges ?? []).map((e) => ({ ...e, from: e.from.replaceAll(P, `${P}c`), to: e.to.replaceAll(P, `${P}c`) })) });
    await neoCypher.upsert(copy(batch));
    await neoCypher.upsert(copy(later));
    const stored = async (p: string) => (await neo.conn.read({ text: 'MATCH (n:Node) WHERE n.key CONTAINS $p RETURN n.key AS key, n.ids AS ids, n.llabel AS llabel, n.lkey AS lkey ORDER BY key', params: { p: `:${p}W` } }, 'reading'))
      .map((r) => JSON.parse(JSON.stringify(r).replaceAll(p, P)) as Record<string, unknown>);
    const byProc = await stored(P);
    expect(byProc).toHaveLength(batch.nodes!.length);
    expect(await stored(`${P}c`)).toEqual(byProc);
    // ids left out only where they are just the label as written; no lowercased key is stored
    const lot1 = byProc.find((r) => r.key === lotK(`${P}abc-002`))!;
    expect(lot1.ids).toEqual([`${P}abc-002`, `${P}ERP-late`]);
    expect(byProc.find((r) => r.key === lotK(`${P}ÉCLAIR-1`))!.ids).toBeNull();
    expect(byProc.find((r) => r.key === lotK(`${P}a%2Fb%20c%25d`))!.ids).toEqual([`${P}a/b c%d`, `${P}ERP-6`]);
    expect(byProc.every((r) => r.lkey === null)).toBe(true);
  });
});
