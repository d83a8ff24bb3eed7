/**
 * The same EPCIS events as an EPCIS 2.0 XML document (urn:epcglobal:epcis:xsd:2), for the XML form
 * of the ingest conformance check. Only the fields epcis-events.ts writes are serialised.
 */
import type { Json } from '../../graph/model.ts';
import type { EpcisEvent } from './epcis-events.ts';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, body: string, attrs = ''): string => `<${name}${attrs}>${body}</${name}>`;
const text = (v: Json): string => esc(String(v));

const EPC_LISTS = new Set(['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']);
const QTY_LISTS = new Set(['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']);
const TYPED: Record<string, string> = { bizTransactionList: 'bizTransaction', sourceList: 'source', destinationList: 'destination' };

/** One field of an event as XML. */
function field(k: string, v: Json): string {
  if (EPC_LISTS.has(k)) return el(k, (v as Json[]).map((x) => el('epc', text(x))).join(''));
  if (QTY_LISTS.has(k)) {
    return el(k, (v as Record<string, Json>[]).map((q) => el('quantityElement', ['epcClass', 'quantity', 'uom'].filter((f) => q[f] !== undefined).map((f) => el(f, text(q[f]!))).join(''))).join(''));
  }
  const item = TYPED[k];
  if (item) return el(k, (v as Record<string, Json>[]).map((x) => el(item, text(x[item]!), ` type="${esc(String(x.type))}"`)).join(''));
  if (k === 'ilmd' || k === 'errorDeclaration') return el(k, Object.entries(v as Record<string, Json>).map(([f, x]) => el(f, text(x))).join(''));
  return el(k, text(v));
}

/** An EPCIS 2.0 XML document holding `events`. */
export function epcisXml(events: EpcisEvent[], created: string): string {
  const body = events.map((ev) => el(String(ev.type), Object.entries(ev).filter(([k]) => k !== 'type').map(([k, v]) => field(k, v)).join(''))).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:cbvmda="urn:epcglobal:cbv:mda" xmlns:lg="https://lotgraph.example/ilmd/" schemaVersion="2.0" creationDate="${created}">\n<EPCISBody><EventList>\n${body}\n</EventList></EPCISBody>\n</epcis:EPCISDocument>\n`;
}
