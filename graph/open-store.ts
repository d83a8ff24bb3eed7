/**
 * Picks and opens the GraphStore for a data directory: the embedded store by default, Neo4j when
 * configured. The data directory's DuckDB file (ingest log, analytics, embedded persistence) is
 * opened either way; this process then owns it until `close()`.
 */
import { join } from 'node:path';
import { openDb, type Db } from '../analytics/db.ts';
import type { ProgressFn } from '../lib/progress.ts';
import { openEmbeddedStore } from './embedded/index.ts';
import type { GraphStore } from './store.ts';

/** Connection settings for the Neo4j store (the password is never logged or echoed). */
export interface Neo4jSettings {
  uri: string;
  user: string;
  password: string;
  database?: string | undefined;
}

export interface OpenStoreOptions {
  dataDir: string;
  store?: 'embedded' | 'neo4j';
  neo4j?: Neo4jSettings;
  onProgress?: ProgressFn;
}

export interface OpenedStore {
  store: GraphStore;
  db: Db;
  close(): Promise<void>;
}

/** The DuckDB file of a data directory. */
export const dbPathOf = (dataDir: string): string => join(dataDir, 'lotgraph.duckdb');

/** Opens the data directory's database (LG_DATA_LOCKED when another process owns it). */
export const openDataDir = (dataDir: string): Promise<Db> => openDb(dbPathOf(dataDir));

/** Opens the configured store over the data directory. */
export async function openStore(o: OpenStoreOptions): Promise<OpenedStore> {
  const db = await openDataDir(o.dataDir);
  try {
    let store: GraphStore;
    if (o.store === 'neo4j') {
      if (!o.neo4j) throw new Error('store neo4j needs NEO4J_URI');
      // Loaded only when asked for, so the embedded default never loads the driver.
      const { openNeo4jStore } = await import('./neo4j/index.ts');
      store = await openNeo4jStore(o.neo4j);
    } else {
      store = await openEmbeddedStore(db, o.onProgress ? { onProgress: o.onProgress } : {});
    }
    return {
      store,
      db,
      async close() {
        await store.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
