// EPCIS quantities carry UN/CEFACT Rec 20 codes; they reach the graph as the unit words CSV uses,
// so a recall reports "20 kg" whether the consumption came from a CSV row or an EPCIS event.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../csv/index.ts';
import type { IngestRecord } from '../record.ts';
import { mapEvent } from './index.ts';
import { unitOf } from './uom.ts';

describe('EPCIS units of measure', () => {
  it('translates common Rec 20 codes and keeps other values as given', () => {
    expect(['KGM', 'GRM', 'LTR', 'MTR', 'EA', 'C62', 'H87'].map(unitOf)).toEqual(['kg', 'g', 'l', 'm', 'ea', 'ea', 'pcs']);
    expect(['kg', 'drum', 'kgm', ''].map(unitOf)).toEqual(['kg', 'drum', 'kgm', '']);
  });

  it('gives an EPCIS consumption in KGM the edge a CSV consumption in kg gives', async () => {
    const ev = {
      type: 'TransformationEvent', eventTime: '2026-03-03T08:00:00Z', transformationID: 'OP-1',
      inputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.022222.L1', quantity: 20, uom: 'KGM' }],
      outputQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.H1', quantity: 8, uom: 'EA' }],
    };
    const r = mapEvent(ev, { source: 'test' });
    const csv = 'operation,material,lot,qty,uom,consumed_at\nOP-1,04012345222227,L1,20,kg,2026-03-03T08:00:00Z\n';
    const rows: IngestRecord[] = [];
    for await (const it of parseCsv(Readable.from([csv]), { source: 'consumptions.csv' })) if (it.ok) rows.push(it.record);
    const consumed = (x: IngestRecord) => x.batch.edges?.find((e) => e.kind === 'CONSUMED_BY');
    expect(consumed(r)).toEqual({ kind: 'CONSUMED_BY', from: 'lot:04012345222227:L1', to: 'op:OP-1', at: Date.parse('2026-03-03T08:00:00Z'), qty: 20, uom: 'kg' });
    expect(consumed(rows[0]!)).toEqual(consumed(r));
    expect(r.batch.edges?.find((e) => e.kind === 'PRODUCED')).toMatchObject({ qty: 8, uom: 'ea' });
    // The original stays in the record as evidence.
    expect(JSON.stringify(r.raw)).toContain('"KGM"');
  });
});
