// The same container written as EPC URN, Digital Link, bracketed or raw element string gives one node
// key in CSV packing (`into` and `container`) and in an EPCIS AggregationEvent (parentID).
import { describe, it, expect } from 'vitest';
import { packing } from './templates-flow.ts';
import { recordOfEvent } from '../epcis/test-helpers.ts';
import { SGTIN_FORMS, SSCC_FORMS } from '../gs1/test-helpers.ts';

const AT = Date.parse('2026-03-03T10:00:00Z');

function csvInto(into: string): string {
  const b = packing.build({ into, lot: 'L1', material: 'M1', packed_at: AT, qty: null, uom: null, level: null, serial: null, container: null }).batch;
  return b.edges!.find((e) => e.kind === 'PACKED_INTO' && e.from === 'lot:M1:L1')!.to;
}
function csvChild(container: string): string {
  const b = packing.build({ into: 'OUTER-1', container, packed_at: AT, qty: null, uom: null, level: null, material: null, lot: null, serial: null }).batch;
  return b.edges!.find((e) => e.kind === 'PACKED_INTO')!.from;
}
function epcisParent(parentID: string): string {
  const r = recordOfEvent({ type: 'AggregationEvent', action: 'ADD', parentID, childEPCs: ['urn:epc:id:sgtin:4012345.011111.1001'] });
  return r.batch.edges!.find((e) => e.kind === 'PACKED_INTO' && e.from === 'serial:04012345111118:1001')!.to;
}

function epcisChild(epc: string): string {
  const r = recordOfEvent({ type: 'AggregationEvent', action: 'ADD', parentID: 'urn:epc:id:sscc:4012345.0000000001', childEPCs: [epc] });
  return r.batch.edges!.find((e) => e.kind === 'PACKED_INTO')!.from;
}

describe('CSV packing and EPCIS aggregation key a container the same way', () => {
  // packed into: the container key; packed as an item: an SSCC is that container, a serialised case
  // (SGTIN) its Serial, as an EPCIS child EPC is
  for (const [what, forms, key, child] of [['SSCC', SSCC_FORMS, 'container:106141412345678908', 'container:106141412345678908'], ['SGTIN', SGTIN_FORMS, 'container:(01)09506000134352(21)123', 'serial:09506000134352:123']] as const) {
    it(`${what}: every form is ${key} in CSV into and EPCIS parentID, and ${child} in CSV container and an EPCIS child`, () => {
      for (const f of forms) {
        expect(csvInto(f), `csv into ${JSON.stringify(f)}`).toBe(key);
        expect(epcisParent(f), `epcis parentID ${JSON.stringify(f)}`).toBe(key);
        expect(csvChild(f), `csv container ${JSON.stringify(f)}`).toBe(child);
        expect(epcisChild(f), `epcis childEPCs ${JSON.stringify(f)}`).toBe(child);
      }
    });
  }
  it('an SGTIN parent is the case: its Container is PACKED_INTO its Serial, in CSV and in EPCIS', () => {
    for (const f of SGTIN_FORMS) {
      const csv = packing.build({ into: f, lot: 'L1', material: 'M1', packed_at: AT, qty: null, uom: null, level: null, serial: null, container: null }).batch;
      const epcis = recordOfEvent({ type: 'AggregationEvent', action: 'ADD', parentID: f, childEPCs: ['urn:epc:id:sgtin:4012345.011111.1001'] }).batch;
      for (const b of [csv, epcis]) {
        expect(b.edges, f).toContainEqual({ kind: 'PACKED_INTO', from: 'container:(01)09506000134352(21)123', to: 'serial:09506000134352:123', at: AT });
        expect(b.nodes!.find((n) => n.key === 'serial:09506000134352:123')!.ids, f).toEqual([f]);
      }
    }
  });
  it('the CSV container node keeps the original string among its ids', () => {
    const b = packing.build({ into: '00106141412345678908', lot: 'L1', material: 'M1', packed_at: AT, qty: null, uom: null, level: null, serial: null, container: null }).batch;
    expect(b.nodes!.find((n) => n.kind === 'Container')!.ids).toContain('00106141412345678908');
  });
});
