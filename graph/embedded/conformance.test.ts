// The embedded store runs the conformance suite, each scenario group on a fresh in-memory DuckDB.
import { openDb, type Db } from '../../analytics/db.ts';
import { runConformance } from '../conformance/index.ts';
import type { GraphStore } from '../store.ts';
import { openEmbeddedStore } from './index.ts';

const dbs = new WeakMap<GraphStore, Db>();
runConformance('embedded', async () => {
  const db = await openDb(':memory:');
  const store = await openEmbeddedStore(db);
  dbs.set(store, db);
  return store;
}, async (s) => {
  await s.close();
  await dbs.get(s)?.close();
});
