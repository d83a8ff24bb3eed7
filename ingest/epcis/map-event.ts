/**
 * One EPCIS event (EPCIS 2.0 JSON shape) -> one IngestRecord, whichever wire format it came in.
 *
 * Corrections (EPCIS 2.0 §7.4.1.2, CBV error reasons): an error declaration is a copy of the
 * erroneous event (same fields, same eventID when it had one) plus `errorDeclaration`
 * { declarationTime, reason, correctiveEventIDs }. Its record:
 * - `id` = `<erroneous id>#declared-erroneous` (the erroneous id being its eventID, or the hash,
 *   which leaves errorDeclaration out and so equals the original's), so the log keeps both;
 * - `retracts` = [erroneous id]; `batch.removeEdges` = every edge the copy asserts, no nodes.
 * The corrective events are ordinary events (captured before or after); their ids stay in `raw`.
 */
import type { Batch } from '../../graph/model.ts';
import { DECLARED_ERRONEOUS, type IngestRecord, type SourcePos } from '../record.ts';
import { BatchBuilder } from './batch-builder.ts';
import { badField } from './event-error.ts';
import { eventHash, eventHashV1 } from './event-hash.ts';
import { eventTimeOf } from './event-time.ts';
import { str, type Ev } from './event-fields.ts';
import type { EventCtx } from './event-context.ts';
import { mapAggregationEvent } from './map-aggregation.ts';
import { mapAssociationEvent } from './map-association.ts';
import { mapObjectEvent } from './map-object.ts';
import { mapTransactionEvent } from './map-transaction.ts';
import { mapTransformationEvent } from './map-transformation.ts';

const MAPPERS: Record<string, (c: EventCtx) => void> = {
  ObjectEvent: mapObjectEvent,
  AggregationEvent: mapAggregationEvent,
  TransformationEvent: mapTransformationEvent,
  AssociationEvent: mapAssociationEvent,
  TransactionEvent: mapTransactionEvent,
};
const ACTIONS = new Set(['ADD', 'OBSERVE', 'DELETE']);

/** The bare event type (`ObjectEvent`) from `type`, `@type` or `isA`, with any prefix dropped. */
export function eventTypeOf(ev: Ev): string | undefined {
  const t = ev.type ?? ev['@type'] ?? ev.isA;
  return typeof t === 'string' ? t.replace(/^.*[:#/]/, '') : undefined;
}

/** Maps one event; throws LG_INVALID_RECORD (or LG_BAD_TIME) with `details.field` on a bad field. */
export function mapEvent(input: unknown, pos: SourcePos): IngestRecord {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) badField('event', 'must be an object', input);
  const ev = input as Ev;
  const type = eventTypeOf(ev);
  // own keys only: a type such as "valueOf" or "constructor" must not find Object.prototype's
  const mapper = type === undefined || !Object.hasOwn(MAPPERS, type) ? undefined : MAPPERS[type];
  if (type === undefined || !mapper) badField('type', `must be one of ${Object.keys(MAPPERS).join(', ')}`, type ?? ev.type);
  const { at, hashAt, warning } = eventTimeOf(ev);
  const action = str(ev, 'action');
  if (type !== 'TransformationEvent' && (action === undefined || !ACTIONS.has(action))) badField('action', 'must be ADD, OBSERVE or DELETE', ev.action);
  const written = str(ev, 'eventID');
  // a urn:uuid is case-insensitive (RFC 9562): one event sent in two cases is one record
  const eventId = written !== undefined && /^urn:uuid:/i.test(written) ? `urn:uuid:${written.slice(9).toLowerCase()}` : written;
  const ownId = eventId ?? eventHash(ev, hashAt);
  const decl = ev.errorDeclaration;
  const c: EventCtx = { ev, id: ownId, at, b: new BatchBuilder() };
  if (warning) c.b.warnings.push(warning);
  mapper(c);
  const batch = c.b.build();
  const record: IngestRecord = { id: ownId, type, pos, at, batch, raw: ev };
  // a log of before 2026-12-04 night holds an upper-case uuid as written
  if (written !== eventId) record.writtenId = written;
  if (c.b.warnings.length > 0) record.warnings = c.b.warnings.map((w) => ({ pos: { ...pos, field: w.field }, reason: w.reason, value: w.value }));
  if (c.b.emptied.length > 0 && (decl === undefined || decl === null)) record.empties = [...c.b.emptied];
  if (decl !== undefined && decl !== null) {
    if (typeof decl !== 'object' || Array.isArray(decl)) badField('errorDeclaration', 'must be an object', decl);
    record.id = `${ownId}${DECLARED_ERRONEOUS}`;
    if (written !== eventId) record.writtenId = `${written}${DECLARED_ERRONEOUS}`;
    // an event without an eventID may be logged under the hash of before 2026-12-03, one with an
    // upper-case uuid as written before 2026-12-04 night: retract that key too
    record.retracts = eventId === undefined ? [ownId, eventHashV1(ev, hashAt)] : written !== eventId ? [ownId, written!] : [ownId];
    record.batch = retraction(batch);
  }
  return record;
}

/** What an error declaration asserts: the removal of every edge the erroneous event asserted. */
function retraction(b: Batch): Batch {
  // OF_MATERIAL follows from the key itself (a lot key holds its GTIN): never wrong, never removed.
  const edges = (b.edges ?? []).filter((e) => e.kind !== 'OF_MATERIAL');
  return { nodes: [], edges: [], removeEdges: edges.map((e) => ({ kind: e.kind, from: e.from, to: e.to })) };
}
