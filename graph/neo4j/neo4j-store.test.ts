// The shared GraphStore conformance suite on a real Neo4j (NEO4J_URI; never skipped: see test-env.ts).
import { runConformance } from '../conformance/index.ts';
import { openNeo4jStore } from './index.ts';
import { cfgFromEnv } from './test-env.ts';

runConformance('neo4j', () => openNeo4jStore(cfgFromEnv()));
