// Deterministic checks of the lock the plain-Cypher write path takes before merging into a stored
// node (cypher-merge.test.ts races 16 writers and may pass by luck):
// - lockNodes itself: a second transaction running it on the same node waits until the first one
//   ends. This pins that `SET n.key = n.key` takes the exclusive lock in this Neo4j version: if a
//   later one skips a SET that changes nothing, the second locker is not held and this fails. A
//   plain read under the same harness is not held (the control: the harness can tell).
// - upsertNodes: concurrent writers that all read the node before any of them writes (a barrier
//   after their first read) still keep every id. Without the lock each writes the ids it read plus
//   its own, and all but one writer's id are lost, every time.
// Keys get a per-run prefix, so the data never meets other tests' on a shared server.
import neo4j, { type Driver, type Transaction } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Neo4jConnection, type Tx } from './connection.ts';
import { lockNodes, readNodes } from './cypher/upsert.ts';
import type { Statement } from './cypher/statement.ts';
import { isTimeout } from './errors.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';
import { checkBatch, upsertNodes } from './upsert.ts';

let store: Neo4jStore;
let driver: Driver;
let conn: Neo4jConnection;
const P = runPrefix();
beforeAll(async () => {
  const cfg = cfgFromEnv();
  store = await openNeo4jStore(cfg, { procedures: false });
  driver = neo4j.driver(cfg.uri, neo4j.auth.basic(cfg.user, cfg.password), { disableLosslessIntegers: true, logging: { level: 'error', logger: () => undefined } });
  conn = new Neo4jConnection(cfg);
});
afterAll(async () => {
  await driver?.close();
  await conn?.close();
  await store?.close();
});

/** How long the second transaction must stay held (the first holds the lock all that time). */
const HELD_MS = 1_000;

/** A stored node's internal id, the node created first. */
async function storedNode(key: string): Promise<number> {
  await store.upsert({ nodes: [{ kind: 'Lot', key, ids: [`${key}-base`], props: {} }] });
  const [r] = await conn.readOnce(readNodes([{ k: key, full: false }]), 'test');
  return r!.id as number;
}

const run = async (tx: Transaction, s: Statement) => (await tx.run(s.text, s.params)).records.map((r) => r.toObject());

/** Settles with 'pending' when `p` has not settled after `ms`. */
const within = <T>(p: Promise<T>, ms: number): Promise<T | 'pending'> => Promise.race([p, new Promise<'pending'>((ok) => setTimeout(() => ok('pending'), ms))]);

/** Opens a write transaction in its own session; `timeout` bounds it on the server. */
async function begin(timeout: number): Promise<{ tx: Transaction; close: () => Promise<void> }> {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  const tx = await session.beginTransaction({ timeout });
  return { tx, close: () => session.close() };
}

/**
 * Runs `body` while transaction `one` holds the lock of a new stored node (through lockNodes),
 * with a second transaction `two` (bounded by `twoTimeout` on the server); closing the sessions
 * after rolls back what is still open.
 */
async function whileLocked(name: string, twoTimeout: number, body: (id: number, key: string, one: Transaction, two: Transaction) => Promise<void>): Promise<void> {
  const key = `lot:${P}:${name}`;
  const id = await storedNode(key);
  const one = await begin(30_000);
  const two = await begin(twoTimeout);
  try {
    expect((await run(one.tx, lockNodes([id]))).map((r) => r.key)).toEqual([key]);
    await body(id, key, one.tx, two.tx);
  } finally {
    await one.close();
    await two.close();
  }
}

describe('lockNodes', () => {
  it('holds a second locker of the same node until the first transaction ends', () =>
    whileLocked('L1', 30_000, async (id, key, one, two) => {
      const second = run(two, lockNodes([id]));
      expect(await within(second, HELD_MS), 'the second locker waits while the first holds the lock').toBe('pending');
      await one.commit();
      expect((await second).map((r) => r.key), 'and gets the node once the first commits').toEqual([key]);
      await two.commit();
    }));

  it('fails the second locker with a timeout code when its transaction runs out waiting', () =>
    whileLocked('L2', HELD_MS, async (id, _key, _one, two) => {
      const e: unknown = await run(two, lockNodes([id])).then(() => 'completed', (err: unknown) => err);
      expect(e, 'the second locker was not held').not.toBe('completed');
      // Neo.ClientError.Transaction.LockClientStopped with driver 6.3 (errors.ts).
      expect(isTimeout(e), `mapped as a timeout: ${String((e as { code?: unknown }).code)}`).toBe(true);
    }));

  it('does not hold a plain read of the locked node (the control: the harness sees a non-locking statement complete)', () =>
    whileLocked('L3', 30_000, async (id, key, _one, two) => {
      const read = run(two, { text: 'UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN n.key AS key', params: { ids: [id] } });
      expect(await within(read, HELD_MS)).toEqual([{ key }]);
    }));
});

describe('upsertNodes, writers that all read a node before any writes', () => {
  const WRITERS = 4;

  it('keeps every id', async () => {
    const key = `lot:${P}:B`;
    await storedNode(key);
    const READ = readNodes([]).text;
    let arrived = 0;
    let open!: () => void;
    const allRead = new Promise<void>((ok) => (open = ok));
    /** `tx` with a barrier after the writer's first readNodes (a driver retry does not wait again). */
    const barrier = () => {
      let first = true;
      return (tx: Tx): Tx => ({
        run: async (s) => {
          const rows = await tx.run(s);
          if (s.text === READ && first) {
            first = false;
            if (++arrived === WRITERS) open();
            await allRead;
          }
          return rows;
        },
      });
    };
    const id = (i: number) => `${key}-w${i}`;
    const rs = await Promise.all(Array.from({ length: WRITERS }, (_, i) => {
      const b = checkBatch({ nodes: [{ kind: 'Lot', key, ids: [id(i)], props: { [`w${i}`]: i } }] });
      const through = barrier();
      return conn.write((tx) => upsertNodes(through(tx), b), 'test');
    }));
    expect(arrived).toBe(WRITERS);
    expect(rs.map((r) => r.res.nodesUpdated)).toEqual(Array(WRITERS).fill(1));
    const n = await store.lookup(key);
    expect(n.ids.slice().sort()).toEqual([`${key}-base`, ...Array.from({ length: WRITERS }, (_, i) => id(i))].sort());
  });
});
