// The node phase of the plain-Cypher write path when the stored node it is about to change is not
// what it read first by the time it holds its lock (deleted, or its internal id reused by another
// node), without a database: a fake Tx answers readNodes with the stored node and lockNodes as the
// case needs. The batch must fail with LG_CONFLICT (the store re-runs it) before any write.
import { describe, expect, it } from 'vitest';
import type { Row, Tx } from './connection.ts';
import { lockNodes, readNodes } from './cypher/upsert.ts';
import type { Statement } from './cypher/statement.ts';
import { checkBatch, upsertNodes } from './upsert.ts';

const KEY = 'lot:relock:A';
const ID = 7;
const row = (key: string, id: number): Row => ({ key, id, ids: ['old'], p: { key, kind: 'Lot', ids: ['old'], 'p.x': '1' } });

/** A Tx that answers the two reads and records every other statement (the writes). */
function fakeTx(lockAnswer: Row[]): { tx: Tx; writes: string[] } {
  const writes: string[] = [];
  const READ = readNodes([]).text;
  const LOCK = lockNodes([]).text;
  const tx: Tx = {
    run: (s: Statement) => {
      if (s.text === READ) return Promise.resolve([row(KEY, ID)]);
      if (s.text === LOCK) return Promise.resolve(lockAnswer);
      writes.push(s.text);
      return Promise.resolve([]);
    },
  };
  return { tx, writes };
}

const batch = checkBatch({ nodes: [{ kind: 'Lot', key: KEY, ids: ['new'], props: { x: 2 } }] });

describe('upsertNodes, the locked re-read disagrees with the first read', () => {
  it('merges as usual when the lock returns the node under its key', async () => {
    const { tx, writes } = fakeTx([row(KEY, ID)]);
    const p = await upsertNodes(tx, batch);
    expect(p.res.nodesUpdated).toBe(1);
    expect(writes).toHaveLength(1);
  });

  it('throws LG_CONFLICT, writing nothing, when the node is gone (no row)', async () => {
    const { tx, writes } = fakeTx([]);
    await expect(upsertNodes(tx, batch)).rejects.toMatchObject({ code: 'LG_CONFLICT', details: { key: KEY } });
    expect(writes).toEqual([]);
  });

  it('throws LG_CONFLICT, writing nothing, when the internal id now holds another key', async () => {
    const { tx, writes } = fakeTx([row('lot:relock:B', ID)]);
    await expect(upsertNodes(tx, batch)).rejects.toMatchObject({ code: 'LG_CONFLICT', details: { key: KEY } });
    expect(writes).toEqual([]);
  });
});
