// The format translators of the ingest conformance check refuse what their format cannot say, so a
// scenario that needs it fails instead of passing on data that reached the store some other way.
import { describe, expect, it } from 'vitest';
import { miniPlant } from '../../graph/conformance/fixtures.ts';
import type { Batch } from '../../graph/model.ts';
import { csvRows } from './csv-rows.ts';
import { Ledger } from './epcis-corrections.ts';
import { epcisOf } from './epcis-events.ts';
import { Gs1Names } from './gs1-names.ts';
import { NotExpressible } from './not-expressible.ts';

const L = 'lot:M:L1';
const O = 'op:O1';
const cases: [string, Batch][] = [
  ['an untimed consumption', { edges: [{ kind: 'CONSUMED_BY', from: L, to: O }] }],
  ['an operation prop', { nodes: [{ kind: 'Operation', key: O, props: { shift: 'night' } }], edges: [{ kind: 'CONSUMED_BY', from: L, to: O, at: '2026-03-01T00:00:00Z' }] }],
  ['a node no flow names', { nodes: [{ kind: 'Lot', key: L }] }],
  ['an invalid batch', { edges: [{ kind: 'CONSUMED_BY', from: 'supplier:S', to: O }] }],
  ['an AT_SITE of a lot', { edges: [{ kind: 'AT_SITE', from: L, to: 'site:S' }, { kind: 'CONSUMED_BY', from: L, to: O, at: '2026-03-01T00:00:00Z' }] }],
];
const epcis = (b: Batch) => epcisOf(b, new Gs1Names(), () => 'urn:uuid:x', new Ledger());

describe('ingest conformance translators', () => {
  it.each(cases)('CSV and EPCIS refuse %s', (_, b) => {
    expect(() => csvRows(b)).toThrow(NotExpressible);
    expect(() => epcis(b)).toThrow(NotExpressible);
  });

  it('CSV refuses a lot prop it has no column for; EPCIS carries it as ilmd', () => {
    const b: Batch = { nodes: [{ kind: 'Lot', key: L, props: { colour: 'red' } }], edges: [{ kind: 'CONSUMED_BY', from: L, to: O, at: '2026-03-01T00:00:00Z' }] };
    expect(() => csvRows(b)).toThrow(NotExpressible);
    expect(epcis(b).events.find((e) => e.bizStep === 'commissioning')).toMatchObject({ ilmd: { 'lg:colour': 'red' } });
  });

  it('EPCIS refuses a quantity on a serial (an EPC list has none); CSV has a qty column for it', () => {
    const b: Batch = { edges: [{ kind: 'CONSUMED_BY', from: 'serial:M:S1', to: O, at: '2026-03-01T00:00:00Z', qty: 1, uom: 'ea' }] };
    expect(() => epcis(b)).toThrow(NotExpressible);
    expect(csvRows(b)).toEqual([{ template: 'consumptions', at: Date.parse('2026-03-01T00:00:00Z'), cells: expect.objectContaining({ operation: 'O1', material: 'M', serial: 'S1', qty: 1, uom: 'ea' }) }]);
  });

  it('CSV refuses a removal, EPCIS declares the asserting event erroneous', () => {
    const names = new Gs1Names();
    const ledger = new Ledger();
    const edge = { kind: 'PRODUCED' as const, from: O, to: L, at: '2026-03-01T00:00:00Z', qty: 2, uom: 'kg' };
    const [ev] = epcisOf({ edges: [edge] }, names, () => 'urn:uuid:e1', ledger).events;
    expect(ev).toMatchObject({ type: 'TransformationEvent', eventID: 'urn:uuid:e1', outputQuantityList: [{ quantity: 2, uom: 'KGM' }] });
    const removal: Batch = { removeEdges: [{ kind: 'PRODUCED', from: O, to: L }] };
    expect(() => csvRows(removal)).toThrow(NotExpressible);
    const { events } = epcisOf(removal, names, () => 'urn:uuid:e2', ledger);
    expect(events).toEqual([{ ...ev, errorDeclaration: { declarationTime: ev!.eventTime, reason: 'incorrect_data' } }]);
    // Declared once: a second removal of the same edge has no event left to declare.
    expect(() => epcisOf(removal, names, () => 'urn:uuid:e3', ledger)).toThrow(NotExpressible);
  });

  it('writes the mini plant as rows of every flow template', () => {
    const rows = csvRows(miniPlant('t').batch);
    const by = (t: string) => rows.filter((r) => r.template === t).length;
    expect(['materials', 'suppliers', 'customers', 'equipment', 'receipts', 'operations', 'productions', 'consumptions', 'serials', 'packing', 'shipments', 'shipment_lines'].map(by))
      .toEqual([5, 2, 2, 2, 3, 3, 7, 8, 4, 3, 2, 3]);
  });
});
