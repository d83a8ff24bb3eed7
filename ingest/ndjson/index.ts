/** NDJSON canonical events (POST /api/events, `lotgraph ingest -`). */
export { parseNdjson, MAX_LINE_CHARS } from './parse.ts';
export { EVENT_SCHEMAS, EVENT_TYPES, GraphEventSchema } from './schema.ts';
export { canonicalJson } from './event.ts';
