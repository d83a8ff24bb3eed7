/**
 * The idempotency key of an event without an eventID, in the spirit of the CBV 2.0 event hash
 * (CBV §8.9; reference implementation RalphTro/epcis-event-hash-generator): a SHA-256 over a
 * canonical form that leaves out what does not make the event (recordTime, eventID, the
 * errorDeclaration added when the event is later declared erroneous), with eventTime as UTC
 * milliseconds, CBV values as bare words and object keys sorted. Not byte-identical to the CBV
 * pre-hash string (that needs the full CBV field order), hence `ver=lotgraph1`; it is the same
 * for the JSON-LD and XML forms of one event, since both are hashed in their EPCIS 2.0 JSON shape.
 */
import { createHash } from 'node:crypto';
import { cbvWord } from './cbv.ts';
import type { Ev } from './event-fields.ts';

const LEFT_OUT = new Set(['recordTime', 'eventID', 'errorDeclaration', '@context']);

/** Canonical JSON: keys sorted at every level, no whitespace (callers bound the depth first). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** `ni:///sha-256;<hex>?ver=lotgraph1` of the event's canonical form (`eventTimeMs` = parsed eventTime). */
export function eventHash(ev: Ev, eventTimeMs: number): string {
  const c: Ev = {};
  for (const [k, v] of Object.entries(ev)) if (!LEFT_OUT.has(k)) c[k] = v;
  c.eventTime = new Date(eventTimeMs).toISOString();
  for (const k of ['bizStep', 'disposition']) if (typeof c[k] === 'string') c[k] = cbvWord(c[k] as string);
  return `ni:///sha-256;${createHash('sha256').update(canonicalJson(c)).digest('hex')}?ver=lotgraph1`;
}
