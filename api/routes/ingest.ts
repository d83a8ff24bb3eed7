/**
 * Ingest over HTTP (one pipeline, as the CLI uses):
 * - POST /api/events: NDJSON canonical events (ingest/README.md), for MES/WMS systems that push;
 * - POST /api/ingest?source=NAME&format=...: a whole file as the CLI would read it (CSV with an
 *   optional mapping, NDJSON, EPCIS JSON-LD or XML); the CLI sends here when a server owns the data;
 * - POST /epcis/capture (EPCIS 2.0 REST binding): an EPCISDocument, answered 202 with a Location
 *   whose status GET /epcis/capture/:id reports (accepted, rejected records).
 * Registered at the root (it mixes /api and /epcis paths), encapsulated so its body parsers
 * (raw streams) stay local.
 */
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LgError } from '../../lib/errors.ts';
import { checkMapping, type Mapping } from '../../ingest/csv/mapping.ts';
import { captureJobs } from '../../ingest/pipeline/capture-jobs.ts';
import { ingest, type IngestSummary } from '../../ingest/pipeline/pipeline.ts';
import { formatOf, itemsOfStream, type Format } from '../../ingest/pipeline/sources.ts';

const FORMATS = ['csv', 'ndjson', 'epcis-json', 'epcis-xml'] as const;

const Strict = Type.Optional(Type.Boolean({ description: 'all or nothing: apply nothing when any record is rejected' }));
const EventsQuery = Type.Object({ strict: Strict, source: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) });
const IngestQuery = Type.Object({
  source: Type.String({ minLength: 1, maxLength: 500, description: 'file name: positions in rejects, CSV template detection' }),
  format: Type.Optional(Type.Union(FORMATS.map((f) => Type.Literal(f)))),
  strict: Strict,
  mapping: Type.Optional(Type.String({ maxLength: 100_000, description: 'a column-mapping (JSON) for a CSV export' })),
});
const Pos = Type.Object({ source: Type.String(), line: Type.Optional(Type.Integer()), record: Type.Optional(Type.Integer()), field: Type.Optional(Type.String()) });
const Reject = Type.Object({ pos: Pos, reason: Type.String(), value: Type.Optional(Type.String()) });
const Counts = { accepted: Type.Integer(), duplicates: Type.Integer(), rejected: Type.Integer() };
const Summary = Type.Object({
  records: Type.Integer(),
  ...Counts,
  strict: Type.Boolean(),
  rolledBack: Type.Boolean(),
  recovered: Type.Integer(),
  replaced: Type.Integer({ description: 'earlier versions of export postings that accepted records replaced (a row edited in place, CSV column posting)' }),
  rejects: Type.Array(Reject),
  rejectsTruncated: Type.Boolean(),
  warned: Type.Integer({ description: 'accepted records holding a value kept as given that its standard does not allow (GS1 character set 82)' }),
  warnings: Type.Array(Reject),
  warningsTruncated: Type.Boolean(),
  bySource: Type.Record(Type.String(), Type.Object(Counts)),
  seconds: Type.Number(),
  recordsPerSecond: Type.Number(),
});

/** The data directory's database, or a 503 (a server started without one cannot log ingests). */
function dbOf(app: FastifyInstance) {
  if (!app.db) throw new LgError('LG_STORE_UNAVAILABLE', 'this server has no ingest log (started without a data directory database)');
  return app.db;
}

/** The request body as a stream (an empty one when there is no body). */
const bodyOf = (req: FastifyRequest): Readable => (req.body instanceof Readable ? req.body : Readable.from([]));

const run = (app: FastifyInstance, input: Readable, source: string, format: Format, strict: boolean, mapping?: Mapping): Promise<IngestSummary> =>
  ingest(itemsOfStream(input, source, format, mapping), { db: dbOf(app), store: app.store, strict });

/** Registers the ingest routes. */
export default async function ingestRoutes(app: FastifyInstance): Promise<void> {
  // Bodies stay streams: a large file is parsed as it arrives, in constant memory.
  app.addContentTypeParser('*', (_req: FastifyRequest, payload, done) => done(null, payload));

  app.post<{ Querystring: Static<typeof EventsQuery> }>('/api/events', {
    schema: { summary: 'Ingest NDJSON canonical events', tags: ['ingest'], querystring: EventsQuery, response: { 200: Summary } },
  }, async (req) => run(app, bodyOf(req), req.query.source ?? 'api/events', 'ndjson', req.query.strict === true));

  app.post<{ Querystring: Static<typeof IngestQuery> }>('/api/ingest', {
    schema: { summary: 'Ingest one file (CSV, NDJSON, EPCIS JSON-LD or XML)', tags: ['ingest'], querystring: IngestQuery, response: { 200: Summary } },
  }, async (req) => {
    const q = req.query;
    let mapping: Mapping | undefined;
    if (q.mapping !== undefined) {
      let obj: unknown;
      try {
        obj = JSON.parse(q.mapping);
      } catch {
        throw new LgError('LG_BAD_PARAM', 'mapping must be JSON', { field: 'mapping' });
      }
      mapping = checkMapping(obj, 'mapping');
    }
    return run(app, bodyOf(req), q.source, q.format ?? formatOf(q.source), q.strict === true, mapping);
  });

  app.post('/epcis/capture', {
    bodyLimit: 256 * 1024 * 1024,
    schema: { summary: 'EPCIS 2.0 capture: an EPCISDocument (JSON-LD or XML); 202 with the capture job location', tags: ['ingest'] },
  }, async (req, reply) => {
    const behaviour = String(req.headers['gs1-capture-error-behaviour'] ?? 'rollback').toLowerCase() === 'proceed' ? 'proceed' : 'rollback';
    const type = String(req.headers['content-type'] ?? '');
    // A declared JSON or XML type is honoured; none, or a generic one (text/plain,
    // application/octet-stream), leaves the document to say what it is.
    const format: Format = /xml/i.test(type) ? 'epcis-xml' : /json/i.test(type) ? 'epcis-json' : 'epcis';
    // The document is read whole before answering (the job then runs from memory, not a closed socket).
    const chunks: Buffer[] = [];
    for await (const c of bodyOf(req)) chunks.push(c as Buffer);
    const jobs = captureJobs(dbOf(app));
    const job = await jobs.start(behaviour);
    run(app, Readable.from(chunks), `epcis/capture/${job.captureID}`, format, behaviour === 'rollback')
      .then((s) => jobs.finish(job, s))
      .catch((e: unknown) => jobs.finish(job, null, { pos: { source: `epcis/capture/${job.captureID}` }, reason: e instanceof Error ? e.message : String(e) }))
      .catch((e: unknown) => app.log.error({ err: e, captureID: job.captureID }, 'could not record the outcome of a capture job'));
    return reply.code(202).header('location', `/epcis/capture/${job.captureID}`).header('gs1-epcis-version', '2.0.0').send({ captureID: job.captureID });
  });

  app.get<{ Params: { id: string } }>('/epcis/capture/:id', {
    schema: { summary: 'Status of an EPCIS capture job', tags: ['ingest'], params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }) },
  }, async (req) => {
    const job = await captureJobs(dbOf(app)).byId(req.params.id);
    if (!job) throw new LgError('LG_NOT_FOUND', `no capture job '${req.params.id}'`, { id: req.params.id });
    return job;
  });
}
