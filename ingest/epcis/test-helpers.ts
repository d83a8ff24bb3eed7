/** Test helpers: read a fixture and collect a parser's items. */
import { readFileSync } from 'node:fs';
import type { IngestRecord, ParseItem, RecordError } from '../record.ts';
import { parseEpcis } from './index.ts';

export const fixture = (path: string): Buffer => readFileSync(new URL(`./fixtures/${path}`, import.meta.url));

/** All items of a fixture, parsed by format sniffing. */
export function itemsOf(path: string): ParseItem[] {
  return [...parseEpcis(fixture(path), { source: path.split('/').pop()! })];
}

/** Records of a fixture; fails when any item is an error. */
export function recordsOf(path: string): IngestRecord[] {
  return itemsOf(path).map((i) => {
    if (!i.ok) throw new Error(`unexpected error item: ${JSON.stringify(i.error)}`);
    return i.record;
  });
}

/** The record of a JSON-LD document holding one event (2026-03-03T10:00:00Z, UTC unless given); fails when it is rejected. */
export function recordOfEvent(event: Record<string, unknown>): IngestRecord {
  const doc = {
    '@context': ['https://gs1.github.io/EPCIS/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-03T08:00:00Z',
    epcisBody: { eventList: [{ eventTime: '2026-03-03T10:00:00Z', eventTimeZoneOffset: '+00:00', ...event }] },
  };
  const [item] = [...parseEpcis(Buffer.from(JSON.stringify(doc)), { source: 't.jsonld' })];
  if (!item?.ok) throw new Error(`EPCIS rejected ${JSON.stringify(event)}: ${JSON.stringify(item?.error)}`);
  return item.record;
}

/** Error items of a fixture. */
export const errorsOf = (path: string): RecordError[] => itemsOf(path).flatMap((i) => (i.ok ? [] : [i.error]));

export const SERIAL_1001 = 'serial:04012345111118:1001';
export const SERIAL_1002 = 'serial:04012345111118:1002';
export const LOT_7 = 'lot:04012345111118:LOT-7';
export const RAW_LOT = 'lot:04012345222227:BATCH%2F9';
export const MAT_FG = 'material:04012345111118';
export const MAT_RAW = 'material:04012345222227';
export const SSCC = 'container:040123450000000016';
export const OP_WO = 'op:urn%3Aepc%3Aid%3Agdti%3A4012345000016.WO-4711';
export const SHIPMENT = 'shipment:urn%3Aepcglobal%3Acbv%3Abt%3A4012345000009%3ADA-778';
export const ms = (iso: string): number => Date.parse(iso);
