/**
 * EPCIS capture jobs (EPCIS 2.0 REST binding: POST /capture answers 202 with a capture id whose
 * status can be read), kept in the data directory's database (`capture_jobs`), so a job's outcome
 * survives a restart. A job still running when its process ended is reported as interrupted: the
 * records it had acknowledged are in the ingest log, and sending the document again adds the rest
 * (idempotency). Writes take the database queue, so they never join an ingest's open transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../analytics/db.ts';
import type { RecordError } from '../record.ts';
import type { IngestSummary } from './pipeline.ts';

/** A capture job as GET /epcis/capture/:id shows it (field names from the EPCIS 2.0 OpenAPI). */
export interface CaptureJob {
  captureID: string;
  createdAt: string;
  finishedAt: string | null;
  running: boolean;
  success: boolean | null;
  captureErrorBehaviour: 'rollback' | 'proceed';
  errors: RecordError[];
  summary: Omit<IngestSummary, 'rejects'> | null;
}

/* sql */
const DDL = `CREATE TABLE IF NOT EXISTS capture_jobs (id VARCHAR NOT NULL, created_at VARCHAR NOT NULL, running BOOLEAN NOT NULL, job VARCHAR NOT NULL)`;

const INTERRUPTED = 'the server stopped before this capture finished: records acknowledged before that are in the ingest log; send the document again to add the rest (duplicates are skipped)';

/** The capture jobs of one database. */
export class CaptureJobs {
  private ready: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  /** Creates the table once, and closes out jobs a previous process left running. */
  private init(): Promise<void> {
    this.ready ??= this.db.exclusive(async () => {
      await this.db.run(DDL);
      const stale = await this.db.all(`SELECT job FROM capture_jobs WHERE running`);
      for (const r of stale) {
        const job = JSON.parse(String(r.job)) as CaptureJob;
        Object.assign(job, { running: false, success: false, finishedAt: null, errors: [{ pos: { source: `epcis/capture/${job.captureID}` }, reason: INTERRUPTED }] });
        await this.db.run(`UPDATE capture_jobs SET running = false, job = $2 WHERE id = $1`, [job.captureID, JSON.stringify(job)]);
      }
    });
    return this.ready;
  }

  /** Registers and stores a new running job. */
  async start(behaviour: CaptureJob['captureErrorBehaviour']): Promise<CaptureJob> {
    await this.init();
    const job: CaptureJob = { captureID: randomUUID(), createdAt: new Date().toISOString(), finishedAt: null, running: true, success: null, captureErrorBehaviour: behaviour, errors: [], summary: null };
    await this.db.exclusive(() => this.db.run(`INSERT INTO capture_jobs VALUES ($1, $2, true, $3)`, [job.captureID, job.createdAt, JSON.stringify(job)]));
    return job;
  }

  /** Records the outcome of a job (an ingest summary, or the failure that stopped it). */
  async finish(job: CaptureJob, s: IngestSummary | null, failure?: RecordError): Promise<void> {
    job.running = false;
    job.finishedAt = new Date().toISOString();
    if (s) {
      const { rejects, ...rest } = s;
      job.errors = rejects;
      job.summary = rest;
      job.success = s.rejected === 0;
    } else {
      job.errors = failure ? [failure] : [];
      job.success = false;
    }
    await this.init();
    await this.db.exclusive(() => this.db.run(`UPDATE capture_jobs SET running = false, job = $2 WHERE id = $1`, [job.captureID, JSON.stringify(job)]));
  }

  /** A job by id, or undefined. */
  async byId(id: string): Promise<CaptureJob | undefined> {
    await this.init();
    const rows = await this.db.exclusive(() => this.db.all(`SELECT job FROM capture_jobs WHERE id = $1`, [id]));
    return rows[0] ? (JSON.parse(String(rows[0].job)) as CaptureJob) : undefined;
  }
}

const perDb = new WeakMap<Db, CaptureJobs>();

/** The capture jobs of `db` (one instance per database handle). */
export function captureJobs(db: Db): CaptureJobs {
  let j = perDb.get(db);
  if (!j) perDb.set(db, (j = new CaptureJobs(db)));
  return j;
}
