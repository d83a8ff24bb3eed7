/**
 * Neo4j settings for tests, from the environment. No server is never a skip: without NEO4J_URI the
 * Neo4j tests fail, with a message saying how to start one.
 */
import type { Neo4jConfig } from './connection.ts';

/** The test server's settings; throws (failing the test) when NEO4J_URI is unset. */
export function cfgFromEnv(): Neo4jConfig {
  const uri = process.env.LOTGRAPH_TEST_NEO4J_URI ?? process.env.NEO4J_URI;
  if (!uri) {
    const why = process.env.CI ? 'CI is set and NEO4J_URI is not: the Neo4j tests need a server (.ci/run starts one)' : 'no Neo4j: NEO4J_URI is not set and the dev server did not start (see the start of the test output)';
    throw new Error(`${why}. Start the dev server with \`eval "$(bash .ci/neo4j-start.sh | grep NEO4J_URI)"; export NEO4J_URI\` and run the tests again.`);
  }
  return {
    uri,
    user: process.env.NEO4J_USER || 'neo4j',
    password: process.env.NEO4J_PASSWORD || 'lotgraph-dev',
    ...(process.env.NEO4J_DATABASE ? { database: process.env.NEO4J_DATABASE } : {}),
  };
}

/** A key prefix unique to this run, so tests sharing one server never see each other's nodes. */
export const runPrefix = (): string => `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
