/**
 * The Neo4j adapter: the only module that imports neo4j-driver. `openNeo4jStore` checks the
 * server and the credentials, creates the schema idempotently and returns a GraphStore.
 */
import { Neo4jConnection, type Neo4jConfig } from './connection.ts';
import { awaitIndexes, schemaStatements } from './cypher/schema.ts';
import { procProbe } from './cypher/trace-proc.ts';
import { hasWriteProcedures, upsertProcProbe } from './cypher/upsert-proc.ts';
import { Neo4jStore, type TraceEngine, type WriteEngine } from './neo4j-store.ts';

export type { Neo4jConfig } from './connection.ts';
export { Neo4jStore, type TraceEngine, type WriteEngine } from './neo4j-store.ts';

export interface Neo4jStoreOptions {
  /** Use the server-side procedures `lotgraph.trace` and `lotgraph.upsert` when the plugin has them (default true); false forces plain Cypher. */
  procedures?: boolean;
}

/**
 * Connects (LG_STORE_AUTH / LG_STORE_UNAVAILABLE naming the URI on failure), ensures the schema and
 * checks once whether the lotgraph plugin is installed (graph/neo4j/server/README.md).
 */
/** What the probe of lotgraph.trace answers when the plugin is not installed, or is older than this adapter. */
export const PLUGIN_ABSENT = ['Neo.ClientError.Procedure.ProcedureNotFound', 'Neo.ClientError.Statement.SyntaxError'] as const;

export async function openNeo4jStore(cfg: Neo4jConfig, opts: Neo4jStoreOptions = {}): Promise<Neo4jStore> {
  const conn = new Neo4jConnection(cfg);
  let engine: TraceEngine = 'cypher';
  let writer: WriteEngine = 'cypher';
  try {
    await conn.verify();
    for (const s of schemaStatements()) await conn.autoCommit(s, 'creating the schema');
    await conn.autoCommit(awaitIndexes(), 'waiting for indexes');
    // A plugin jar older than this adapter takes other arguments (before 2026-12-04, no containment
    // margin: it would trace without windows): its call is a syntax error, and the Cypher engine,
    // which gives the same answers, is used instead (README: rebuild the plugin to get its speed).
    if (opts.procedures !== false && (await conn.probe(procProbe(), PLUGIN_ABSENT, 'looking for the lotgraph plugin'))) engine = 'procedure';
    // An older plugin jar has lotgraph.trace but not lotgraph.upsert: it keeps the Cypher writes.
    if (engine === 'procedure' && hasWriteProcedures(await conn.readOnce(upsertProcProbe(), 'looking for the lotgraph plugin'))) writer = 'procedure';
  } catch (e) {
    await conn.close();
    throw e;
  }
  return new Neo4jStore(conn, engine, writer);
}
