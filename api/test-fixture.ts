/** Test helper: an app over a real in-memory embedded store holding the conformance mini plant. */
import type { FastifyInstance } from 'fastify';
import { openDb } from '../analytics/db.ts';
import { miniPlant, type Plant } from '../graph/conformance/fixtures.ts';
import { openEmbeddedStore } from '../graph/embedded/index.ts';
import type { GraphStore } from '../graph/store.ts';
import { loadConfig } from '../lib/config.ts';
import { buildApp } from './app.ts';

export interface TestApp {
  app: FastifyInstance;
  store: GraphStore;
  plant: Plant;
  close(): Promise<void>;
}

/** Builds the app on a fresh in-memory DuckDB with the mini plant (prefix `p`) loaded. */
export async function testApp(p = 't', env: Record<string, string> = {}): Promise<TestApp> {
  const db = await openDb(':memory:');
  const store = await openEmbeddedStore(db);
  const plant = miniPlant(p);
  await store.upsert(plant.batch);
  const app = await buildApp({ store, db, config: loadConfig({}, { LOG_LEVEL: 'silent', ...env }) });
  return {
    app, store, plant,
    async close() {
      await app.close();
      await store.close();
      await db.close();
    },
  };
}
