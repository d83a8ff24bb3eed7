// The plugin's in-memory projection (graph/neo4j/server, Projection.java) must answer every trace
// exactly as the store cursors do, after any mix of committed writes: edges created and deleted,
// `at` set, changed and removed, keys changed, nodes deleted and created (ids reused), bulk
// deletions in many inner transactions (the shape of clearAll, limited to this run's keys so that
// the test files sharing the server keep their data), and concurrent writers. Real Neo4j, no
// mocks: each trace runs twice, engine 'projection' (fails unless the projection answers) and
// engine 'store' (the kernel-cursor path).
import neo4j, { type Driver, type Session } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNeo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

let driver: Driver;
let session: Session;
beforeAll(async () => {
  const cfg = cfgFromEnv();
  driver = neo4j.driver(cfg.uri, neo4j.auth.basic(cfg.user, cfg.password), { disableLosslessIntegers: true, logging: { level: 'error', logger: () => undefined } });
  session = driver.session({ database: cfg.database ?? 'neo4j' });
});
afterAll(async () => {
  await session?.close();
  await driver?.close();
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['CONSUMED_BY', 'PRODUCED'];
const ALL_TYPES = [...TYPES, 'LG_TEST_OTHER'];

interface Status { state: string; buildId: number; replayed: number; ready: boolean; txId: number; nodes: number; relationships: number; bytes: number; buildMillis: number; traces: number; storeTraces: number }

async function status(): Promise<Status> {
  const r = await session.run('CALL lotgraph.projection()');
  return r.records[0]!.toObject() as unknown as Status;
}

async function run(q: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  return (await session.run(q, params)).records.map((r) => r.toObject());
}

/** The projection's state once it is neither suspended nor building (at most 20 s). */
async function stateAfterRebuild(): Promise<string> {
  const until = Date.now() + 20_000;
  let state = (await status()).state;
  while ((state === 'SUSPENDED' || state === 'BUILDING') && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    state = (await status()).state;
  }
  return state;
}

const TRACE = `CALL lotgraph.trace($seeds, $types, $way, $maxDepth, $asOf, $limit, false, [], [], $engine)
YIELD keys, parents, truncated RETURN keys, parents, truncated`;

describe('lotgraph.trace on the in-memory projection', () => {
  it('is built and used by the server the tests run against', async () => {
    const s = await status();
    expect(s.state, 'start the server with the projection on (LOTGRAPH_PROJECTION unset)').toBe('READY');
    expect(s.ready).toBe(true);
    // engine 'projection' fails unless the projection answered
    const r = await run(TRACE, { seeds: [], types: TYPES, way: 'out', maxDepth: 3, asOf: null, limit: 10, engine: 'projection' });
    expect(r).toEqual([{ keys: '', parents: '', truncated: false }]);
  });

  it("answers the adapter's traces (written through the adapter a moment before)", async () => {
    const store = await openNeo4jStore(cfgFromEnv());
    try {
      const P = runPrefix();
      const [a, op, b] = [`lot:${P}M1:A`, `op:${P}W1`, `lot:${P}M2:B`];
      await store.upsert({
        nodes: [{ kind: 'Lot', key: a }, { kind: 'Operation', key: op }, { kind: 'Lot', key: b }],
        edges: [{ kind: 'CONSUMED_BY', from: a, to: op, at: 1000 }, { kind: 'PRODUCED', from: op, to: b, at: 2000 }],
      });
      const before = await status();
      const r = await store.trace({ origin: a, direction: 'forward' });
      expect(r.nodes.map((n) => [n.key, n.depth, n.parent])).toEqual([[a, 0, null], [op, 1, a], [b, 2, op]]);
      expect((await store.trace({ origin: a, direction: 'forward', asOf: 1500 })).nodes.map((n) => n.key)).toEqual([a, op]);
      const after = await status();
      // the counters are the server's (other test files trace too): at least ours went there
      expect(after.traces - before.traces).toBeGreaterThanOrEqual(2);
      await store.upsert({ removeEdges: [{ kind: 'PRODUCED', from: op, to: b }] });
      expect((await store.trace({ origin: b, direction: 'backward' })).nodes.map((n) => n.key)).toEqual([b]);
    } finally {
      await store.close();
    }
  });

  it('a bulk load suspends it (traces read the store meanwhile) and rebuilds it before load() resolves', async () => {
    const store = await openNeo4jStore(cfgFromEnv());
    try {
      const P = runPrefix();
      const before = await status();
      const lots = Array.from({ length: 6 }, (_, i) => `lot:${P}M:L${i}`);
      const ops = Array.from({ length: 5 }, (_, i) => `op:${P}W${i}`);
      // a chain L0 -> W0 -> L1 -> W1 -> ... in five batches
      const batches = ops.map((op, i) => ({
        nodes: [{ kind: 'Lot' as const, key: lots[i]! }, { kind: 'Operation' as const, key: op }, { kind: 'Lot' as const, key: lots[i + 1]! }],
        edges: [{ kind: 'CONSUMED_BY' as const, from: lots[i]!, to: op, at: 1000 + i }, { kind: 'PRODUCED' as const, from: op, to: lots[i + 1]!, at: 1000 + i }],
      }));
      const during: { state: string; traced: string[] }[] = [];
      async function* observed() {
        for (const [i, b] of batches.entries()) {
          const traced = i === 0 ? [] : (await store.trace({ origin: lots[0]!, direction: 'forward' })).nodes.map((n) => n.key);
          during.push({ state: (await status()).state, traced });
          yield b;
        }
      }
      await store.load(observed(), undefined, { suspendProjection: true });
      expect(during.map((d) => d.state)).toEqual(['SUSPENDED', 'SUSPENDED', 'SUSPENDED', 'SUSPENDED', 'SUSPENDED']);
      // while suspended, traces read the store: they see the batches as they land (a batch's edges
      // are written while the next batch is read, so an observation may lag one batch behind)
      const seen = during.map((d) => d.traced.length);
      seen.forEach((n, i) => expect(n).toBeLessThanOrEqual([0, 3, 5, 7, 9][i]!));
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      expect(seen[4]).toBeGreaterThanOrEqual(5);
      const after = await status();
      expect(after.state).toBe('READY');
      expect(after.buildId).toBeGreaterThan(before.buildId);
      const t = await store.trace({ origin: lots[0]!, direction: 'forward' });
      expect(t.nodes.map((n) => n.key)).toEqual([lots[0], ops[0], lots[1], ops[1], lots[2], ops[2], lots[3], ops[3], lots[4], ops[4], lots[5]]);
      const seed = (await run('MATCH (n:Node {key: $k}) RETURN id(n) AS id', { k: lots[0] }))[0]!.id as number;
      const args = { seeds: [seed], types: TYPES, way: 'out', maxDepth: 20, asOf: 1002, limit: 100 };
      expect(await run(TRACE, { ...args, engine: 'projection' })).toEqual(await run(TRACE, { ...args, engine: 'store' }));
    } finally {
      await store.close();
    }
  });

  it('a suspension that lands while a build runs discards that build (it would publish a projection nobody keeps current)', async () => {
    await run('CALL lotgraph.projection.rebuild()');
    // the rebuild's thread waits ~200 ms before it scans: the suspension comes in the middle of it
    const [s] = await run('CALL lotgraph.projection.suspend(60) YIELD state RETURN state');
    expect(s!.state).toBe('SUSPENDED');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await status()).state).toBe('SUSPENDED');
    await run('CALL lotgraph.projection.resume()');
    expect(await stateAfterRebuild()).toBe('READY');
  });

  it('a suspension whose lease is not renewed ends by itself with a rebuild', async () => {
    const [s] = await run('CALL lotgraph.projection.suspend(1) YIELD state RETURN state');
    expect(s!.state).toBe('SUSPENDED');
    expect(await stateAfterRebuild()).toBe('READY');
    await expect(run('CALL lotgraph.projection.suspend(0)')).rejects.toThrow(/seconds must be between 1 and 3600/);
  });

  it('answers as the store after interleaved writes, deletions, at changes and key changes', async () => {
    const P = runPrefix();
    const rand = rng(20261123);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    let version = 0;
    const nodeKey = (i: number) => `${P}:n${i}:v${version}`;
    let nodes = 0;
    const createNodes = async (k: number) => {
      const keys = Array.from({ length: k }, () => nodeKey(nodes++));
      await run('UNWIND $keys AS k CREATE (:LgProjTest {key: k, run: $P})', { keys, P });
    };
    const ids = async (): Promise<number[]> =>
      (await run('MATCH (n:LgProjTest {run: $P}) RETURN id(n) AS id ORDER BY id(n)', { P })).map((r) => r.id as number);
    const relIds = async (): Promise<number[]> =>
      (await run('MATCH (a:LgProjTest {run: $P})-[r]->() RETURN id(r) AS id', { P })).map((r) => r.id as number);
    const createEdges = async (k: number) => {
      const ns = await ids();
      if (ns.length === 0) return;
      const edges = Array.from({ length: k }, () => ({ a: pick(ns), b: pick(ns), t: pick(ALL_TYPES), at: rand() < 0.3 ? null : Math.floor(rand() * 100) }));
      for (const t of ALL_TYPES) {
        await run(`UNWIND $edges AS e MATCH (a) WHERE id(a) = e.a MATCH (b) WHERE id(b) = e.b CREATE (a)-[r:${t}]->(b) SET r.at = e.at`, { edges: edges.filter((e) => e.t === t) });
      }
    };
    let traces = 0;
    let deep = 0;
    let capped = 0;
    const compare = async (label: string) => {
      const ns = await ids();
      for (let i = 0; i < 6; i++) {
        const seeds = ns.length === 0 ? [] : Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(ns));
        if (rand() < 0.1) seeds.push(-1, 1e12); // negative and unknown ids are skipped
        const params = {
          seeds, types: rand() < 0.1 ? ['LG_TEST_NO_SUCH_TYPE'] : TYPES, way: rand() < 0.5 ? 'out' : 'in',
          maxDepth: Math.floor(rand() * 6), asOf: rand() < 0.5 ? null : Math.floor(rand() * 110), limit: 1 + Math.floor(rand() * 40),
        };
        const [p, s] = [await run(TRACE, { ...params, engine: 'projection' }), await run(TRACE, { ...params, engine: 'store' })];
        expect(p, `${label}: ${JSON.stringify(params)}`).toEqual(s);
        traces++;
        if (String(s[0]!.keys).split('\n').length > 3) deep++;
        if (s[0]!.truncated) capped++;
      }
    };

    await createNodes(30);
    await createEdges(80);
    await compare('initial');
    for (let round = 0; round < 25; round++) {
      const op = round % 8;
      if (op === 0) await createEdges(1 + Math.floor(rand() * 30));
      if (op === 1) {
        const rs = await relIds();
        const gone = rs.filter(() => rand() < 0.3);
        await run('MATCH ()-[r]->() WHERE id(r) IN $gone DELETE r', { gone });
      }
      if (op === 2) {
        // at set, changed and removed, in one transaction
        const rs = await relIds();
        const changes = rs.filter(() => rand() < 0.4).map((id) => ({ id, at: rand() < 0.3 ? null : Math.floor(rand() * 100) }));
        await run('UNWIND $changes AS c MATCH ()-[r]->() WHERE id(r) = c.id SET r.at = c.at', { changes });
        const text = rs.filter(() => rand() < 0.1);
        await run("MATCH ()-[r]->() WHERE id(r) IN $text SET r.at = 'not a number'", { text });
      }
      if (op === 3) {
        // keys renamed (the trace answers keys), one key removed, one made a number
        version++;
        await run("MATCH (n:LgProjTest {run: $P}) SET n.key = $P + ':n' + toString(id(n)) + ':v' + $v", { P, v: version });
        const ns = await ids();
        await run('MATCH (n) WHERE id(n) = $id SET n.key = 42', { id: ns[0] });
      }
      if (op === 4) {
        // nodes deleted with their edges, new ones created (their ids may be reused)
        const ns = await ids();
        const gone = ns.filter(() => rand() < 0.2);
        await run('MATCH (n) WHERE id(n) IN $gone DETACH DELETE n', { gone });
        await createNodes(gone.length + 2);
        await createEdges(20);
      }
      if (op === 5) {
        // create and delete within one transaction, plus an edge created then its at changed
        await session.executeWrite(async (tx) => {
          await tx.run('CREATE (a:LgProjTest {key: $k1, run: $P})-[:CONSUMED_BY {at: 1}]->(b:LgProjTest {key: $k2, run: $P}) WITH a, b MATCH (a)-[r]->(b) DELETE r', { k1: nodeKey(nodes++), k2: nodeKey(nodes++), P });
          await tx.run('MATCH (a:LgProjTest {run: $P}) WITH a ORDER BY id(a) LIMIT 2 WITH collect(a) AS xs WITH xs[0] AS x, xs[-1] AS y CREATE (x)-[r:PRODUCED {at: 5}]->(y) SET r.at = 7', { P });
        });
      }
      if (op === 6) {
        // concurrent writers, each its own session
        const ns = await ids();
        await Promise.all(Array.from({ length: 4 }, async (_, w) => {
          const s = driver.session();
          try {
            for (let j = 0; j < 5; j++) {
              const a = pick(ns), b = pick(ns);
              // managed transactions: retried when the writers deadlock on shared nodes
              const t = pick(TYPES);
              await s.executeWrite((tx) => tx.run(`MATCH (a) WHERE id(a) = $a MATCH (b) WHERE id(b) = $b CREATE (a)-[:${t} {at: $at}]->(b)`, { a, b, at: w * 10 + j }));
              if (j % 2 === 1) await s.executeWrite((tx) => tx.run('MATCH (a:LgProjTest {run: $P})-[r]->() WITH r LIMIT 1 DELETE r', { P }));
            }
          } finally {
            await s.close();
          }
        }));
      }
      if (op === 7) {
        // clearAll's shape (cypher/schema.ts): relationships, then nodes, in many inner transactions
        await run('MATCH (a:LgProjTest {run: $P})-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 7 ROWS', { P });
        await run('MATCH (n:LgProjTest {run: $P}) CALL (n) { DELETE n } IN TRANSACTIONS OF 5 ROWS', { P });
        expect(await ids()).toEqual([]);
        await compare(`round ${round}: cleared`);
        await createNodes(25);
        await createEdges(60);
      }
      await compare(`round ${round} (op ${op})`);
    }
    // the traces compared were not all trivial
    expect(traces).toBeGreaterThan(100);
    expect(deep).toBeGreaterThan(traces / 4);
    expect(capped).toBeGreaterThan(5);
    const s = await status();
    expect(s.ready).toBe(true);
    await run('MATCH (n:LgProjTest {run: $P}) DETACH DELETE n', { P });
  });

  it("keeps a containment's `until` (containers in time): set, changed and removed after the build, seen by the next trace", async () => {
    const P = runPrefix();
    const types = ['PACKED_INTO', 'SHIPPED_IN'];
    // lot A packed into a tote at 8 (no end yet), lot B at 11; the tote shipped at 9 and at 12
    const [ids] = await run(`CREATE (a:LgProjTest {key: $P + ':A', run: $P}), (b:LgProjTest {key: $P + ':B', run: $P}),
      (t:LgProjTest {key: $P + ':T', run: $P}), (s1:LgProjTest {key: $P + ':S1', run: $P}), (s2:LgProjTest {key: $P + ':S2', run: $P}),
      (a)-[:PACKED_INTO {at: 8}]->(t), (b)-[:PACKED_INTO {at: 11}]->(t), (t)-[:SHIPPED_IN {at: 9}]->(s1), (t)-[:SHIPPED_IN {at: 12}]->(s2)
      RETURN id(a) AS a, id(s2) AS s2`, { P });
    const trace = async (seed: unknown, way: string) => {
      const args = { seeds: [seed], types, way, maxDepth: 10, asOf: null, limit: 100 };
      const [p] = await run(TRACE, { ...args, engine: 'projection' });
      expect(p, 'projection = store').toEqual((await run(TRACE, { ...args, engine: 'store' }))[0]);
      return String(p!.keys).split('\n').map((k) => k.slice(k.lastIndexOf(':') + 1)).sort();
    };
    expect(await trace(ids!.a, 'out')).toEqual(['A', 'S1', 'S2', 'T']);
    expect(await trace(ids!.s2, 'in')).toEqual(['A', 'B', 'S2', 'T']);
    // A unpacked at 10: a property change of an existing relationship
    await run("MATCH (:LgProjTest {key: $P + ':A'})-[r:PACKED_INTO]->() SET r.until = 10", { P });
    expect(await trace(ids!.a, 'out')).toEqual(['A', 'S1', 'T']);
    expect(await trace(ids!.s2, 'in')).toEqual(['B', 'S2', 'T']);
    await run("MATCH (:LgProjTest {key: $P + ':A'})-[r:PACKED_INTO]->() SET r.until = 13", { P });
    expect(await trace(ids!.s2, 'in')).toEqual(['A', 'B', 'S2', 'T']);
    await run("MATCH (:LgProjTest {key: $P + ':A'})-[r:PACKED_INTO]->() SET r.until = 10", { P });
    expect(await trace(ids!.s2, 'in')).toEqual(['B', 'S2', 'T']);
    await run("MATCH (:LgProjTest {key: $P + ':A'})-[r:PACKED_INTO]->() REMOVE r.until", { P });
    expect(await trace(ids!.a, 'out')).toEqual(['A', 'S1', 'S2', 'T']);
    // and a rebuild from the store reads it too
    await run("MATCH (:LgProjTest {key: $P + ':A'})-[r:PACKED_INTO]->() SET r.until = 10", { P });
    await run('CALL lotgraph.projection.rebuild()');
    expect(await stateAfterRebuild()).toBe('READY');
    expect(await trace(ids!.a, 'out')).toEqual(['A', 'S1', 'T']);
    await run('MATCH (n:LgProjTest {run: $P}) DETACH DELETE n', { P });
  });

  it('a rebuild while transactions commit ends exactly in step (the replay of what committed during the build)', async () => {
    const P = runPrefix();
    const rand = rng(7);
    const before = await status();
    let stop = false;
    let commits = 0;
    // Writers: nodes, edges with and without at, deletions and at changes, each its own transaction,
    // each writer on its own nodes (no deadlocks between them), retried on transient errors.
    const writer = async (w: number) => {
      const s = driver.session();
      const write = (q: string, params: Record<string, unknown>) => s.executeWrite((tx) => tx.run(q, { P, w, ...params }));
      try {
        for (let i = 0; !stop || i < 5; i++) {
          await write('UNWIND range(1, 3) AS j CREATE (:LgProjTest {key: $P + ":" + $w + ":" + $i + ":" + j, run: $P, w: $w})', { i });
          await write('MATCH (a:LgProjTest {run: $P, w: $w}) WITH a ORDER BY rand() LIMIT 4 MATCH (b:LgProjTest {run: $P, w: $w}) WITH a, b ORDER BY rand() LIMIT 4 CREATE (a)-[r:CONSUMED_BY]->(b) SET r.at = CASE WHEN rand() < 0.3 THEN null ELSE toInteger(rand() * 100) END', {});
          await write('MATCH (:LgProjTest {run: $P, w: $w})-[r]->() WITH r ORDER BY rand() LIMIT 1 DELETE r', {});
          await write('MATCH (:LgProjTest {run: $P, w: $w})-[r]->() WITH r ORDER BY rand() LIMIT 1 SET r.at = toInteger(rand() * 100)', {});
          if (i % 7 === 6) await write('MATCH (a:LgProjTest {run: $P, w: $w}) WITH a ORDER BY rand() LIMIT 1 DETACH DELETE a', {});
          commits += 5;
        }
      } finally {
        await s.close();
      }
    };
    const writers = [0, 1, 2].map(writer);
    await new Promise((r) => setTimeout(r, 300));
    // A big transaction whose commit has begun (its beforeCommit hooks ran, without the new build's
    // listener) when the rebuild starts, and takes a while (building its commands): the build must
    // wait for it before scanning, or miss it for good. The writers keep committing meanwhile: their
    // transactions are replayed.
    const bigSession = driver.session({ database: cfgFromEnv().database ?? 'neo4j' });
    const big = bigSession.beginTransaction();
    const BIG = 60_000;
    await big.run('UNWIND range(1, $n) AS i CREATE (:LgProjTest {key: $P + ":big:" + i, run: $P})-[:CONSUMED_BY]->(:LgProjTest {key: $P + ":bigz:" + i, run: $P})', { P, n: BIG });
    const committed = big.commit();
    await new Promise((r) => setTimeout(r, 20));
    await run('CALL lotgraph.projection.rebuild()');
    await committed;
    await bigSession.close();
    let now = await status();
    for (let i = 0; i < 600 && !(now.buildId > before.buildId && now.ready); i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = await status();
    }
    stop = true;
    await Promise.all(writers);
    expect(now.buildId).toBeGreaterThan(before.buildId);
    expect(now.state).toBe('READY');
    // Transactions committed between the listener's registration and the end of the scan were replayed.
    expect(now.replayed).toBeGreaterThan(0);
    expect(commits).toBeGreaterThan(30);
    // Every edge of the big transaction is in the projection.
    const bigIds = (await run('MATCH (n:LgProjTest {run: $P}) WHERE n.key STARTS WITH $p RETURN id(n) AS id', { P, p: `${P}:big:` })).map((r) => r.id as number);
    expect(bigIds.length).toBe(BIG);
    for (const seed of [bigIds[0], bigIds[Math.floor(BIG / 2)], bigIds[BIG - 1]]) {
      const params = { seeds: [seed], types: TYPES, way: 'out', maxDepth: 1, asOf: null, limit: 10, engine: 'projection' };
      expect((await run(TRACE, params))[0]!.keys).toMatch(/:bigz:/);
    }
    const ids = (await run('MATCH (n:LgProjTest {run: $P}) RETURN id(n) AS id', { P })).map((r) => r.id as number);
    for (let i = 0; i < 60; i++) {
      const params = { seeds: [ids[Math.floor(rand() * ids.length)]], types: TYPES, way: i % 2 ? 'out' : 'in', maxDepth: 1 + (i % 6), asOf: i % 3 ? null : 50, limit: 1000 };
      expect(await run(TRACE, { ...params, engine: 'projection' }), JSON.stringify(params)).toEqual(await run(TRACE, { ...params, engine: 'store' }));
    }
    await run('MATCH (n:LgProjTest {run: $P}) DETACH DELETE n', { P });
  });

  it('uses the store inside a transaction with changes of its own, and sees them', async () => {
    const P = runPrefix();
    await run('CREATE (:LgProjTest {key: $a})-[:CONSUMED_BY]->(:LgProjTest {key: $b})', { a: `${P}:a`, b: `${P}:b` });
    const tx = session.beginTransaction();
    try {
      const [{ id }] = (await tx.run('MATCH (a:LgProjTest {key: $a}), (b:LgProjTest {key: $b}) CREATE (b)-[:PRODUCED]->(:LgProjTest {key: $c}) RETURN id(a) AS id', { a: `${P}:a`, b: `${P}:b`, c: `${P}:c` })).records.map((r) => r.toObject());
      const params = { seeds: [id], types: TYPES, way: 'out', maxDepth: 5, asOf: null, limit: 10 };
      const auto = (await tx.run(TRACE, { ...params, engine: 'auto' })).records.map((r) => r.toObject());
      expect(auto).toEqual([{ keys: `${P}:a\n${P}:b\n${P}:c`, parents: '-1,0,1', truncated: false }]);
      await expect(tx.run(TRACE, { ...params, engine: 'projection' })).rejects.toThrow(/cannot answer/);
    } finally {
      await tx.close();
    }
    await run('MATCH (n:LgProjTest) WHERE n.key STARTS WITH $P DETACH DELETE n', { P });
  });
});
