// Tests choose their store explicitly. NEO4J_URI would make every lotgraph process a test spawns
// (CLI, kill test, bench) pick Neo4j, so it is moved aside: only the Neo4j tests read it, as
// LOTGRAPH_TEST_NEO4J_URI (graph/neo4j/test-env.ts), and they never share it with a bench run.
if (process.env.NEO4J_URI) {
  process.env.LOTGRAPH_TEST_NEO4J_URI = process.env.NEO4J_URI;
  delete process.env.NEO4J_URI;
}
