/**
 * The Neo4j adapter: the only module that imports neo4j-driver. `openNeo4jStore` checks the
 * server and the credentials, creates the schema idempotently and returns a GraphStore.
 */
import { Neo4jConnection, type Neo4jConfig } from './connection.ts';
import { awaitIndexes, schemaStatements } from './cypher/schema.ts';
import { Neo4jStore } from './neo4j-store.ts';

export type { Neo4jConfig } from './connection.ts';
export { Neo4jStore } from './neo4j-store.ts';

/** Connects (LG_STORE_AUTH / LG_STORE_UNAVAILABLE naming the URI on failure) and ensures the schema. */
export async function openNeo4jStore(cfg: Neo4jConfig): Promise<Neo4jStore> {
  const conn = new Neo4jConnection(cfg);
  try {
    await conn.verify();
    for (const s of schemaStatements()) await conn.autoCommit(s, 'creating the schema');
    await conn.autoCommit(awaitIndexes(), 'waiting for indexes');
  } catch (e) {
    await conn.close();
    throw e;
  }
  return new Neo4jStore(conn);
}
