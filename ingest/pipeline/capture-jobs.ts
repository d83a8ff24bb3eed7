/**
 * EPCIS capture jobs (EPCIS 2.0 REST binding: POST /capture answers 202 with a capture id whose
 * status can be read). Kept in memory per process, the newest MAX_JOBS; the ingest log holds the
 * records themselves, so a restart loses only the job summaries.
 */
import { randomUUID } from 'node:crypto';
import type { RecordError } from '../record.ts';
import type { IngestSummary } from './pipeline.ts';

const MAX_JOBS = 1000;

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

const jobs = new Map<string, CaptureJob>();

/** Registers a new running job. */
export function newJob(behaviour: CaptureJob['captureErrorBehaviour']): CaptureJob {
  const job: CaptureJob = { captureID: randomUUID(), createdAt: new Date().toISOString(), finishedAt: null, running: true, success: null, captureErrorBehaviour: behaviour, errors: [], summary: null };
  jobs.set(job.captureID, job);
  if (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value!);
  return job;
}

/** Records the outcome of a job. */
export function finishJob(job: CaptureJob, s: IngestSummary | null, failure?: RecordError): void {
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
}

/** A job by id, or undefined. */
export const jobById = (id: string): CaptureJob | undefined => jobs.get(id);
