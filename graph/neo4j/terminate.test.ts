// A transaction an administrator terminates on the server reaches the caller as a clear
// LG_STORE_UNAVAILABLE naming what was being done (the driver reports a ClientError code for it).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isLgError } from '../../lib/errors.ts';
import { openNeo4jStore, type Neo4jStore } from './index.ts';
import { cfgFromEnv, runPrefix } from './test-env.ts';

let store: Neo4jStore;
let admin: Neo4jStore;
beforeAll(async () => {
  store = await openNeo4jStore(cfgFromEnv());
  admin = await openNeo4jStore(cfgFromEnv());
});
afterAll(async () => {
  await store?.close();
  await admin?.close();
});

it('maps a transaction terminated by TERMINATE TRANSACTIONS to LG_STORE_UNAVAILABLE', async () => {
  const tag = runPrefix();
  const long = store.conn.read({ text: 'UNWIND range(1, 4000000000) AS x WITH x WHERE x < $neg RETURN count(x) AS n', params: { neg: -1, tag } }, 'counting for the test').then(
    () => null,
    (e: unknown) => e,
  );
  let ids: string[] = [];
  for (let i = 0; i < 100 && ids.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const rows = await admin.conn.read({ text: 'SHOW TRANSACTIONS YIELD transactionId, parameters WHERE parameters.tag = $t RETURN transactionId', params: { t: tag } }, 'listing transactions');
    ids = rows.map((r) => r.transactionId as string);
  }
  expect(ids).toHaveLength(1);
  await admin.conn.read({ text: 'TERMINATE TRANSACTIONS $ids', params: { ids } }, 'terminating');
  const e = await long;
  expect(isLgError(e)).toBe(true);
  expect((e as { code: string }).code).toBe('LG_STORE_UNAVAILABLE');
  expect((e as Error).message).toContain('terminated the transaction while counting for the test');
}, 60_000);
