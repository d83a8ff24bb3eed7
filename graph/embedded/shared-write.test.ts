/** sharedWrite: the caller's rows and the store's commit together, or neither (the ingest pipeline's one commit per chunk). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../analytics/db.ts';
import { openEmbeddedStore, type EmbeddedStore } from './index.ts';

describe('EmbeddedStore.sharedWrite', () => {
  let db: Db;
  let store: EmbeddedStore;
  beforeEach(async () => {
    db = await openDb(':memory:');
    store = await openEmbeddedStore(db);
    await db.run(`CREATE TABLE side (v INTEGER)`);
  });
  afterEach(async () => {
    await store.close();
    await db.close();
  });
  const side = async () => Number(((await db.columns(`SELECT count(*) FROM side`))[0] as bigint[])[0]);
  const batch = { edges: [{ kind: 'CONSUMED_BY' as const, from: 'lot:M:L1', to: 'op:O1' }] };

  it('commits the caller rows with the graph rows', async () => {
    const { result, out } = await store.sharedWrite(db, async () => ({ batch, write: async () => (await db.run(`INSERT INTO side VALUES (1)`), 'done') }));
    expect(out).toBe('done');
    expect(result.edgesCreated).toBe(1);
    expect(await side()).toBe(1);
    const reopened = await openEmbeddedStore(db);
    expect((await reopened.stats()).edges).toBe(1);
  });

  it('writes neither when the caller rows fail, and memory stays as it was', async () => {
    await expect(store.sharedWrite(db, async () => ({ batch, write: async () => db.run(`INSERT INTO nowhere VALUES (1)`) }))).rejects.toThrow();
    expect(await side()).toBe(0);
    expect((await store.stats()).edges).toBe(0);
    expect(await (await openEmbeddedStore(db)).stats()).toMatchObject({ edges: 0 });
  });

  it('writes neither when the store refuses the batch (LG_INVALID_BATCH)', async () => {
    const bad = { edges: [{ kind: 'CONSUMED_BY' as const, from: 'op:O1', to: 'lot:M:L1' }] };
    await expect(store.sharedWrite(db, async () => ({ batch: bad, write: async () => db.run(`INSERT INTO side VALUES (1)`) }))).rejects.toMatchObject({ code: 'LG_INVALID_BATCH' });
    expect(await side()).toBe(0);
    expect((await store.stats()).edges).toBe(0);
  });

  it('commits the caller rows when the batch changes nothing, and refuses another database', async () => {
    await store.upsert(batch);
    const { result } = await store.sharedWrite(db, async () => ({ batch, write: async () => db.run(`INSERT INTO side VALUES (1)`) }));
    expect(result.unchanged).toBe(1);
    expect(await side()).toBe(1);
    const other = await openDb(':memory:');
    try {
      expect(store.sharesDatabase(other)).toBe(false);
      await expect(store.sharedWrite(other, async () => ({ batch, write: async () => undefined }))).rejects.toMatchObject({ code: 'LG_INTERNAL' });
    } finally {
      await other.close();
    }
  });
});
