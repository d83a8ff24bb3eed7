import { describe, it, expect } from 'vitest';
import { LOT_7, MAT_FG, MAT_RAW, OP_WO, RAW_LOT, SERIAL_1001, SERIAL_1002, SHIPMENT, SSCC, ms, recordOfEvent, recordsOf } from './test-helpers.ts';
import { equipmentKey } from '../../graph/keys.ts';

const fgMaterial = { kind: 'Material', key: MAT_FG, props: { gtin: '04012345111118' } };
const rawMaterial = { kind: 'Material', key: MAT_RAW, props: { gtin: '04012345222227' } };
const ofMat = (from: string, to: string) => ({ kind: 'OF_MATERIAL', from, to });

describe('EPCIS JSON-LD: ObjectEvent', () => {
  it('commissioning with ilmd: lot with props, serials HAS_UNIT from it (URN and Digital Link alike)', () => {
    const [r1, r2] = recordsOf('valid/json-object-commissioning-ilmd.jsonld');
    const at = ms('2026-03-01T07:00:00Z');
    expect(r1).toMatchObject({ id: 'urn:uuid:0b5d6c1e-0000-4000-8000-000000000001', type: 'ObjectEvent', at, pos: { source: 'json-object-commissioning-ilmd.jsonld', record: 1 } });
    expect(r1!.retracts).toBeUndefined();
    expect(r1!.batch).toEqual({
      nodes: [
        { kind: 'Lot', key: LOT_7, props: { lotNumber: 'LOT-7', itemExpirationDate: '2027-03-01', line: 'L2' } },
        fgMaterial,
        { kind: 'Serial', key: SERIAL_1001, ids: ['urn:epc:id:sgtin:4012345.011111.1001'], props: { disposition: 'active', dispositionAt: '2026-03-01T07:00:00.000Z' } },
        { kind: 'Serial', key: SERIAL_1002, ids: ['https://id.gs1.org/01/04012345111118/21/1002'], props: { disposition: 'active', dispositionAt: '2026-03-01T07:00:00.000Z' } },
      ],
      edges: [
        ofMat(LOT_7, MAT_FG),
        ofMat(SERIAL_1001, MAT_FG),
        { kind: 'HAS_UNIT', from: LOT_7, to: SERIAL_1001, at },
        ofMat(SERIAL_1002, MAT_FG),
        { kind: 'HAS_UNIT', from: LOT_7, to: SERIAL_1002, at },
      ],
    });
    expect(r2!.batch).toEqual({
      nodes: [{ kind: 'Lot', key: RAW_LOT, ids: ['urn:epc:class:lgtin:4012345.022222.BATCH%2F9'], props: { bestBeforeDate: '2026-09-30' } }, rawMaterial],
      edges: [ofMat(RAW_LOT, MAT_RAW)],
    });
  });

  it('receiving, shipping and a recalled disposition', () => {
    const [recv, ship, recall] = recordsOf('valid/json-object-receiving-shipping-recall.jsonld');
    const tr = ms('2026-03-02T07:00:00Z');
    expect(recv!.batch).toEqual({
      nodes: [
        { kind: 'Lot', key: RAW_LOT, ids: ['urn:epc:class:lgtin:4012345.022222.BATCH%2F9'], props: { disposition: 'in_progress', dispositionAt: '2026-03-02T07:00:00.000Z' } },
        rawMaterial,
        { kind: 'Supplier', key: 'supplier:0614141000012', ids: ['urn:epc:id:pgln:0614141.00001'] },
      ],
      edges: [ofMat(RAW_LOT, MAT_RAW), { kind: 'SUPPLIED', from: 'supplier:0614141000012', to: RAW_LOT, at: tr, qty: 250, uom: 'kg' }],
    });
    const ts = ms('2026-03-05T16:00:00Z');
    expect(ship!.batch).toEqual({
      nodes: [
        { kind: 'Container', key: SSCC, ids: ['urn:epc:id:sscc:4012345.0000000001'], props: { disposition: 'in_transit', dispositionAt: '2026-03-05T16:00:00.000Z' } },
        { kind: 'Shipment', key: SHIPMENT, ids: ['urn:epcglobal:cbv:bt:4012345000009:DA-778'] },
        { kind: 'Customer', key: 'customer:0614142000097', ids: ['urn:epc:id:pgln:0614142.00009'] },
      ],
      edges: [
        { kind: 'SHIPPED_IN', from: SSCC, to: SHIPMENT, at: ts },
        { kind: 'DELIVERED_TO', from: SHIPMENT, to: 'customer:0614142000097', at: ts },
      ],
    });
    expect(recall!.batch.nodes).toEqual([{ kind: 'Serial', key: SERIAL_1001, ids: ['urn:epc:id:sgtin:4012345.011111.1001'], props: { disposition: 'recalled', dispositionAt: '2026-03-09T10:00:00.000Z' } }, fgMaterial]);
  });

  it('a serial commissioned by a Digital Link that names its lot (/10/) is a unit of that lot, without an ilmd too', () => {
    const r = recordOfEvent({ type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', epcList: ['https://id.gs1.org/01/04012345111118/10/LOT-7/21/1001'] });
    expect(r.batch.edges).toContainEqual({ kind: 'HAS_UNIT', from: LOT_7, to: SERIAL_1001, at: r.at });
    expect(r.batch.nodes!.map((n) => n.key)).toEqual(expect.arrayContaining([LOT_7, SERIAL_1001]));
    // an ilmd lotNumber names the lot as before
    const ilmd = recordOfEvent({ type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', epcList: ['urn:epc:id:sgtin:4012345.011111.1001'], ilmd: { 'cbvmda:lotNumber': 'LOT-7' } });
    expect(ilmd.batch.edges).toContainEqual({ kind: 'HAS_UNIT', from: LOT_7, to: SERIAL_1001, at: ilmd.at });
  });

  it('an ilmd lotNumber that contradicts the LGTIN is not written onto its lot, with a warning; one that agrees is', () => {
    const commission = (lotNumber: string) => recordOfEvent({
      type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning',
      quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.011111.LOT-7', quantity: 10, uom: 'EA' }],
      ilmd: { 'cbvmda:lotNumber': lotNumber, 'cbvmda:itemExpirationDate': '2027-03-01' },
    });
    const other = commission('LOT-8');
    const lot = other.batch.nodes!.find((n) => n.kind === 'Lot')!;
    expect(lot.key).toBe(LOT_7);
    expect(lot.props).toEqual({ itemExpirationDate: '2027-03-01' });
    expect(other.warnings).toEqual([expect.objectContaining({ pos: expect.objectContaining({ field: 'ilmd.lotNumber' }), value: 'LOT-8', reason: expect.stringContaining("the class's lot is kept") })]);
    const numeric = commission(8 as unknown as string);
    expect(numeric.batch.nodes!.find((n) => n.kind === 'Lot')!.props).toEqual({ itemExpirationDate: '2027-03-01' });
    expect(numeric.warnings).toEqual([expect.objectContaining({ value: '8' })]);
    const same = commission('LOT-7');
    expect(same.batch.nodes!.find((n) => n.kind === 'Lot')!.props).toEqual({ lotNumber: 'LOT-7', itemExpirationDate: '2027-03-01' });
    expect(same.warnings).toBeUndefined();
  });

  it('BOM, CRLF, no eventID: id is the canonical hash; a bare event document also parses', () => {
    const [r] = recordsOf('valid/json-bom-crlf-no-event-id.jsonld');
    expect(r!.id).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=lotgraph2$/);
    expect(r!.at).toBe(ms('2026-03-01T08:00:00Z'));
    expect(r!.batch.nodes![0]).toEqual({ kind: 'Serial', key: 'serial:04012345111118:1003', ids: ['(01)04012345111118(21)1003'], props: { disposition: 'damaged', dispositionAt: '2026-03-01T08:00:00.000Z' } });
    const [bare] = recordsOf('valid/json-bare-event.json');
    expect(bare!.id).toMatch(/^ni:\/\/\/sha-256;/);
    expect(bare!.batch.nodes![0]!.key).toBe('serial:04012345111118:1003');
    // Same event, same hash, however often it is parsed.
    expect(recordsOf('valid/json-bom-crlf-no-event-id.jsonld')[0]!.id).toBe(r!.id);
  });
});

describe('EPCIS JSON-LD: Aggregation, Transformation, Association, Transaction', () => {
  it('packing adds PACKED_INTO with quantities; unpacking ends the containment, keeping it (history: a recall still reaches the shipment)', () => {
    const [pack, unpack] = recordsOf('valid/json-aggregation-pack-unpack.jsonld');
    const at = ms('2026-03-03T10:00:00Z');
    expect(pack!.batch.edges!.filter((e) => e.kind === 'PACKED_INTO')).toEqual([
      { kind: 'PACKED_INTO', from: SERIAL_1001, to: SSCC, at },
      { kind: 'PACKED_INTO', from: SERIAL_1002, to: SSCC, at },
      { kind: 'PACKED_INTO', from: RAW_LOT, to: SSCC, at, qty: 10, uom: 'kg' },
    ]);
    expect(unpack!.batch.removeEdges).toBeUndefined();
    // an unpacking posts the end of the child's containment, no packing time and no quantity
    expect(unpack!.batch.edges!.filter((e) => e.kind === 'PACKED_INTO')).toEqual([{ kind: 'PACKED_INTO', from: SERIAL_1002, to: SSCC, until: unpack!.at }]);
  });

  it('events sharing a transformationID are one operation; quantities and locations kept', () => {
    const [a, b] = recordsOf('valid/json-transformation-shared-id.jsonld');
    expect(a!.batch).toEqual({
      nodes: [
        { kind: 'Operation', key: OP_WO, ids: ['urn:epc:id:gdti:4012345000016.WO-4711'], props: { bizStep: 'transforming', readPoint: 'urn:epc:id:sgln:4012345.00001.7', bizLocation: 'urn:epc:id:sgln:4012345.00001.0', transformationID: 'urn:epc:id:gdti:4012345000016.WO-4711' } },
        { kind: 'Lot', key: RAW_LOT, ids: ['urn:epc:class:lgtin:4012345.022222.BATCH%2F9'] },
        rawMaterial,
      ],
      edges: [ofMat(RAW_LOT, MAT_RAW), { kind: 'CONSUMED_BY', from: RAW_LOT, to: OP_WO, at: ms('2026-03-01T10:00:00Z'), qty: 120.5, uom: 'kg' }],
    });
    const at = ms('2026-03-01T12:00:00Z');
    expect(b!.batch.edges!.filter((e) => e.kind !== 'OF_MATERIAL')).toEqual([
      { kind: 'CONSUMED_BY', from: 'serial:04012345333336:7', to: OP_WO, at },
      { kind: 'HAS_UNIT', from: LOT_7, to: SERIAL_1001, at },
      { kind: 'PRODUCED', from: OP_WO, to: SERIAL_1001, at },
      { kind: 'PRODUCED', from: OP_WO, to: LOT_7, at, qty: 100, uom: 'ea' },
    ]);
    expect(b!.batch.nodes!.find((n) => n.key === LOT_7)).toEqual({ kind: 'Lot', key: LOT_7, ids: ['urn:epc:class:lgtin:4012345.011111.LOT-7'], props: { lotNumber: 'LOT-7', itemExpirationDate: '2027-03-01' } });
    expect((b!.raw as { outputQuantityList: unknown[] }).outputQuantityList).toHaveLength(2);
    expect((a!.raw as Record<string, unknown>).sensorElementList).toBeDefined();
  });

  it('association: equipment USED_IN the production order operation, or its own operation that PRODUCED the children', () => {
    const [withOrder, own, tx] = recordsOf('valid/json-association-transaction.jsonld');
    // a GIAI is keyed by its element string (as the CSV templates key it); the URN stays its id
    const equip = equipmentKey('(8004)4012345MIXER-01');
    expect(withOrder!.batch.edges!.filter((e) => e.kind !== 'OF_MATERIAL')).toEqual([{ kind: 'USED_IN', from: equip, to: OP_WO, at: ms('2026-03-01T10:00:00Z') }]);
    expect(withOrder!.batch.nodes![0]).toEqual({ kind: 'Equipment', key: equip, ids: ['urn:epc:id:giai:4012345.MIXER-01'] });
    const op = 'op:urn%3Auuid%3A0b5d6c1e-0000-4000-8000-000000000042';
    const at = ms('2026-03-02T10:00:00Z');
    expect(own!.batch.edges!.filter((e) => e.kind !== 'OF_MATERIAL')).toEqual([
      { kind: 'USED_IN', from: 'equipment:urn%3Aexample%3Aequipment%3Afiller-3', to: op, at },
      { kind: 'PRODUCED', from: op, to: SERIAL_1002, at },
    ]);
    const props = { 'bizTransaction.po': 'http://transaction.example.com/po/12345', 'bizTransaction.desadv': 'urn:epcglobal:cbv:bt:4012345000009:DA-778' };
    expect(tx!.batch.nodes!.filter((n) => n.kind !== 'Material')).toEqual([
      { kind: 'Container', key: SSCC, ids: ['urn:epc:id:sscc:4012345.0000000001'], props },
      { kind: 'Serial', key: SERIAL_1001, ids: ['urn:epc:id:sgtin:4012345.011111.1001'], props },
    ]);
  });

  it('an error declaration retracts the erroneous event and removes its edges; the corrective event applies', () => {
    const [decl, fix] = recordsOf('valid/json-correction-error-declaration.jsonld');
    const bad = 'urn:uuid:0b5d6c1e-0000-4000-8000-000000000051';
    const op = 'op:urn%3Auuid%3A0b5d6c1e-0000-4000-8000-000000000051';
    expect(decl).toMatchObject({ id: `${bad}#declared-erroneous`, retracts: [bad], type: 'TransformationEvent' });
    expect(decl!.batch).toEqual({
      nodes: [], edges: [],
      removeEdges: [{ kind: 'CONSUMED_BY', from: 'lot:04012345222227:WRONG', to: op }, { kind: 'PRODUCED', from: op, to: LOT_7 }],
    });
    expect(fix!.retracts).toBeUndefined();
    expect(fix!.batch.edges).toContainEqual({ kind: 'CONSUMED_BY', from: RAW_LOT, to: 'op:urn%3Auuid%3A0b5d6c1e-0000-4000-8000-000000000052', at: ms('2026-03-01T10:00:00Z'), qty: 500, uom: 'kg' });
  });
});
