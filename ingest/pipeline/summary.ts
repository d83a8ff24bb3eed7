/** An ingest's summary (what it read, accepted, took for duplicates, rejected, per source) and its progress events. */
import type { ProgressEvent } from '../../lib/progress.ts';
import type { RecordError } from '../record.ts';

/** Progress of an ingest: records read so far, with accepted, duplicate and rejected counts. */
export type IngestProgress = ProgressEvent & { accepted: number; duplicates: number; rejected: number };

export interface SourceCounts {
  accepted: number;
  duplicates: number;
  rejected: number;
}

export interface IngestSummary extends SourceCounts {
  records: number;
  strict: boolean;
  /** True when --strict discarded the run because something was rejected. */
  rolledBack: boolean;
  /** Log rows of an earlier, interrupted run applied before this one started. */
  recovered: number;
  /** Earlier versions of export postings that accepted records replaced (a row edited in place: ingest/README.md, "Postings edited in place"). */
  replaced: number;
  rejects: RecordError[];
  rejectsTruncated: boolean;
  /** Accepted records holding a value kept as given that its standard does not allow (GS1 character set 82), and the first of them. */
  warned: number;
  warnings: RecordError[];
  warningsTruncated: boolean;
  bySource: Record<string, SourceCounts>;
  seconds: number;
  recordsPerSecond: number;
}

/** An empty summary to merge into. */
export function emptySummary(strict: boolean): IngestSummary {
  return { records: 0, accepted: 0, duplicates: 0, rejected: 0, strict, rolledBack: false, recovered: 0, replaced: 0, rejects: [], rejectsTruncated: false, warned: 0, warnings: [], warningsTruncated: false, bySource: {}, seconds: 0, recordsPerSecond: 0 };
}

/** Adds `b` into `a`. */
export function mergeSummary(a: IngestSummary, b: IngestSummary): IngestSummary {
  a.records += b.records;
  a.accepted += b.accepted;
  a.duplicates += b.duplicates;
  a.rejected += b.rejected;
  a.recovered += b.recovered;
  a.replaced += b.replaced ?? 0;
  a.rolledBack ||= b.rolledBack;
  a.rejects.push(...b.rejects);
  a.rejectsTruncated ||= b.rejectsTruncated;
  a.warned += b.warned ?? 0;
  a.warnings.push(...(b.warnings ?? []));
  a.warningsTruncated ||= b.warningsTruncated ?? false;
  Object.assign(a.bySource, b.bySource);
  a.seconds += b.seconds;
  a.recordsPerSecond = a.seconds > 0 ? Math.round(a.records / a.seconds) : 0;
  return a;
}
