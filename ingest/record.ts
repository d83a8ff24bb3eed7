/**
 * What every ingest adapter yields: typed records with their source position, or a positioned
 * error. Parsers are pure (bytes in, items out); the pipeline validates, logs and applies them.
 */
import type { Batch } from '../graph/model.ts';

/** Where a record or an error came from: file (or stream name), 1-based line and/or record, field. */
export interface SourcePos {
  source: string;
  line?: number;
  record?: number;
  field?: string;
}

/**
 * One accepted unit of ingest. `id` is its idempotency key: the EPCIS eventID, a canonical hash of
 * the event when it has none, or a row key for CSV. `batch` is what it asserts in the graph.
 */
export interface IngestRecord {
  id: string;
  type: string;
  pos: SourcePos;
  /** Event time in epoch ms, when the source gives one. */
  at: number | null;
  /**
   * Where `at` was read (a CSV row's time column): the field and its text as written, and whether
   * that was a date alone (midnight, standing for the whole day). Rejects about the time name them.
   */
  atSource?: { field: string; text: string; dateOnly: boolean };
  batch: Batch;
  /** Values accepted as given that their standard does not allow (a GS1 serial outside character set 82): reported, not rejected. */
  warnings?: RecordError[];
  /**
   * The id as the source wrote it, when the record's id is its canonical form (an EPCIS `urn:uuid:`
   * eventID in lower case): a log written before may hold it so, and it is the same record.
   */
  writtenId?: string;
  /** Idempotency keys of earlier records this one declares erroneous (EPCIS errorDeclaration/correctiveEventIDs). */
  retracts?: string[];
  /**
   * A CSV row (or NDJSON template event) with a `posting`: the posting its key names
   * (`<template>@…`, csv/row-key.ts `postingOf`), and the key the same row had without it, so a
   * row logged before its export's posting was mapped is taken for the posting's first version.
   */
  posting?: string;
  formerId?: string;
  /**
   * Containers this record empties at `at` without naming their contents (an EPCIS DELETE without
   * childEPCs): the pipeline adds an unpacking of each child packed there then (pipeline/empties.ts).
   */
  empties?: string[];
  /** The source record in a JSON form, kept in the ingest log as evidence. */
  raw: unknown;
  /** The source record's JSON text exactly as read, when the adapter has it: logged instead of re-serialising `raw`. */
  rawText?: string;
}

/** A rejected record: where, which field, why, and the offending value. */
export interface RecordError {
  pos: SourcePos;
  reason: string;
  value?: string;
}

export type ParseItem = { ok: true; record: IngestRecord } | { ok: false; error: RecordError };

/**
 * Suffix of an EPCIS error declaration's record id: `<erroneous id>#declared-erroneous`. A record
 * whose id is logged with it appended was declared erroneous, also when it arrives after the declaration.
 */
export const DECLARED_ERRONEOUS = '#declared-erroneous';

/** True for the record id of an EPCIS error declaration. */
export const declaresErroneous = (id: string): boolean => id.endsWith(DECLARED_ERRONEOUS);
