// The embedded store runs the conformance suite, each scenario group on a fresh in-memory DuckDB;
// a second run reopens the store after every write, so every answer also comes from an index rebuilt from DuckDB.
import { openDb, type Db } from '../../analytics/db.ts';
import { runConformance } from '../conformance/index.ts';
import type { GraphStore } from '../store.ts';
import { openEmbeddedStore } from './index.ts';

const dbs = new WeakMap<GraphStore, Db>();
const release = async (s: GraphStore) => {
  await s.close();
  await dbs.get(s)?.close();
};

runConformance('embedded', async () => {
  const db = await openDb(':memory:');
  const store = await openEmbeddedStore(db);
  dbs.set(store, db);
  return store;
}, release);

runConformance('embedded, reopened after every write', async () => {
  const db = await openDb(':memory:');
  let inner = await openEmbeddedStore(db);
  let writes: Promise<unknown> = Promise.resolve();
  const store: GraphStore = {
    name: 'embedded-reopened',
    // Writes queue up; after each one the store is closed and rebuilt from the database.
    upsert: (b) => {
      const next = writes.then(async () => {
        const r = await inner.upsert(b);
        await inner.close();
        inner = await openEmbeddedStore(db);
        return r;
      });
      writes = next.catch(() => undefined);
      return next;
    },
    trace: (q) => inner.trace(q),
    recallImpact: (q) => inner.recallImpact(q),
    path: (a, b, o) => inner.path(a, b, o),
    neighbourhood: (id, o) => inner.neighbourhood(id, o),
    lookup: (id) => inner.lookup(id),
    search: (q, n) => inner.search(q, n),
    stats: () => inner.stats(),
    close: async () => {
      await writes;
      await inner.close();
    },
  };
  dbs.set(store, db);
  return store;
}, release);
