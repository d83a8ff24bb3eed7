/** The ingest pipeline: validate, log, apply; recovery and replay of the ingest log. */
export { ingest, type IngestOptions, type IngestSummary, type IngestProgress, type SourceCounts } from './pipeline.ts';
export { replayLog } from './replay.ts';
export { recoverOnce } from './recover.ts';
export { logState } from './log-schema.ts';
