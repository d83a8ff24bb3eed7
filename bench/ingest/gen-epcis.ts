/**
 * A synthetic EPCIS 2.0 JSON-LD document of any size, written as a stream: per unit, a receiving
 * ObjectEvent of a raw lot (LGTIN), a TransformationEvent (two raw lots in, one finished lot out),
 * a commissioning ObjectEvent of two serials (SGTIN, ilmd lot) and an AggregationEvent packing
 * them into a case (SSCC): 4 events per unit.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/** Events per unit of the generator. */
export const EVENTS_PER_UNIT = 4;

const CP = '4012345';
const T0 = Date.parse('2026-01-01T00:00:00Z');
const H = 3_600_000;

const itemRef = (n: number): string => `0${String(n).padStart(5, '0')}`; // indicator digit + 5-digit item reference
const lgtin = (item: number, lot: string) => `urn:epc:class:lgtin:${CP}.${itemRef(item)}.${lot}`;
const sgtin = (item: number, serial: string) => `urn:epc:id:sgtin:${CP}.${itemRef(item)}.${serial}`;
const sscc = (n: number) => `urn:epc:id:sscc:${CP}.0${String(n).padStart(9, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const uuid = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Writes a document of `units` units to `file`; resolves to the number of events. */
export async function writeEpcisJson(file: string, units: number): Promise<number> {
  const s = createWriteStream(file);
  const write = async (t: string) => {
    if (!s.write(t)) await once(s, 'drain');
  };
  await write('{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[\n');
  let n = 0;
  const ev = async (o: object) => {
    await write((n++ === 0 ? '' : ',\n') + JSON.stringify(o));
  };
  for (let k = 0; k < units; k++) {
    const t = T0 + k * 60_000;
    const raw = 100 + (k % 50);
    const fg = 10 + (k % 5);
    await ev({ type: 'ObjectEvent', eventID: uuid(n), eventTime: iso(t), eventTimeZoneOffset: '+00:00', action: 'OBSERVE', bizStep: 'receiving', quantityList: [{ epcClass: lgtin(raw, `R${k}`), quantity: 100, uom: 'KGM' }], sourceList: [{ type: 'owning_party', source: `urn:epc:id:pgln:${CP}.00001` }] });
    await ev({ type: 'TransformationEvent', eventID: uuid(n), eventTime: iso(t + 3 * H), eventTimeZoneOffset: '+00:00', bizStep: 'commissioning', inputQuantityList: [{ epcClass: lgtin(raw, `R${k}`), quantity: 2, uom: 'KGM' }, { epcClass: lgtin(100 + ((k + 1) % 50), `R${Math.max(0, k - 1)}`), quantity: 1, uom: 'KGM' }], outputQuantityList: [{ epcClass: lgtin(fg, `F${k}`), quantity: 2, uom: 'EA' }] });
    await ev({ type: 'ObjectEvent', eventID: uuid(n), eventTime: iso(t + 4 * H), eventTimeZoneOffset: '+00:00', action: 'ADD', bizStep: 'commissioning', epcList: [sgtin(fg, `S${k}-1`), sgtin(fg, `S${k}-2`)], ilmd: { 'cbvmda:lotNumber': `F${k}` } });
    await ev({ type: 'AggregationEvent', eventID: uuid(n), eventTime: iso(t + 5 * H), eventTimeZoneOffset: '+00:00', action: 'ADD', bizStep: 'packing', parentID: sscc(k), childEPCs: [sgtin(fg, `S${k}-1`), sgtin(fg, `S${k}-2`)] });
  }
  await write('\n]}}\n');
  s.end();
  await once(s, 'finish');
  return n;
}
