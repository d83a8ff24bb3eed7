import { describe, it, expect } from 'vitest';
import { parseEpcisJson, parseEpcisXml } from './index.ts';
import { LOT_7, MAT_FG, OP_WO, RAW_LOT, SERIAL_1001, SERIAL_1002, SHIPMENT, SSCC, ms, recordsOf } from './test-helpers.ts';

describe('EPCIS XML 1.2', () => {
  const recs = recordsOf('valid/xml-1.2-object-aggregation-transformation.xml');

  it('reads events in document order, TransformationEvent from <extension>, eventID from <baseExtension>, with lines', () => {
    expect(recs.map((r) => [r.type, r.id, r.pos.record, r.pos.line])).toEqual([
      ['ObjectEvent', 'urn:uuid:0b5d6c1e-0000-4000-8000-000000000061', 1, 5],
      ['AggregationEvent', 'urn:uuid:0b5d6c1e-0000-4000-8000-000000000062', 2, 26],
      ['TransformationEvent', 'urn:uuid:0b5d6c1e-0000-4000-8000-000000000063', 3, 47],
      ['ObjectEvent', 'urn:uuid:0b5d6c1e-0000-4000-8000-000000000064', 4, 65],
    ]);
  });

  it('commissioning with ilmd in <extension> gives the same batch as its JSON-LD form', () => {
    const json = recordsOf('valid/json-object-commissioning-ilmd.jsonld')[0]!;
    const at = ms('2026-03-01T07:00:00Z');
    expect(recs[0]!.at).toBe(at);
    expect(recs[0]!.batch).toEqual({
      nodes: [
        { kind: 'Lot', key: LOT_7, props: { lotNumber: 'LOT-7', itemExpirationDate: '2027-03-01' } },
        { kind: 'Material', key: MAT_FG, props: { gtin: '04012345111118' } },
        { kind: 'Serial', key: SERIAL_1001, ids: ['urn:epc:id:sgtin:4012345.011111.1001'], props: { disposition: 'active', dispositionAt: '2026-03-01T07:00:00.000Z' } },
        { kind: 'Serial', key: SERIAL_1002, ids: ['urn:epc:id:sgtin:4012345.011111.1002'], props: { disposition: 'active', dispositionAt: '2026-03-01T07:00:00.000Z' } },
      ],
      edges: json.batch.edges,
    });
  });

  it('aggregation, transformation and shipping map as in JSON-LD', () => {
    expect(recs[1]!.batch.edges!.filter((e) => e.kind === 'PACKED_INTO')).toEqual([
      { kind: 'PACKED_INTO', from: SERIAL_1001, to: SSCC, at: ms('2026-03-03T10:00:00Z') },
      { kind: 'PACKED_INTO', from: RAW_LOT, to: SSCC, at: ms('2026-03-03T10:00:00Z'), qty: 10, uom: 'kg' },
    ]);
    const at = ms('2026-03-01T12:00:00Z');
    expect(recs[2]!.batch.edges!.filter((e) => e.kind !== 'OF_MATERIAL')).toEqual([
      { kind: 'CONSUMED_BY', from: RAW_LOT, to: OP_WO, at, qty: 120.5, uom: 'kg' },
      { kind: 'HAS_UNIT', from: LOT_7, to: SERIAL_1001, at },
      { kind: 'PRODUCED', from: OP_WO, to: SERIAL_1001, at },
    ]);
    expect(recs[2]!.batch.nodes![0]).toEqual({ kind: 'Operation', key: OP_WO, ids: ['urn:epc:id:gdti:4012345000016.WO-4711'], props: { bizStep: 'transforming', readPoint: 'urn:epc:id:sgln:4012345.00001.7', transformationID: 'urn:epc:id:gdti:4012345000016.WO-4711' } });
    const json = recordsOf('valid/json-object-receiving-shipping-recall.jsonld')[1]!;
    expect(recs[3]!.batch).toEqual(json.batch);
    expect(recs[3]!.batch.edges![0]).toEqual({ kind: 'SHIPPED_IN', from: SSCC, to: SHIPMENT, at: ms('2026-03-05T16:00:00Z') });
  });

  it('ISO-8859-1 declared documents are decoded', () => {
    const [r] = recordsOf('valid/xml-1.2-latin1-declared.xml');
    expect(r!.batch.nodes![0]).toEqual({ kind: 'Lot', key: 'lot:04012345222227:CAF%C3%89', ids: ['urn:epc:class:lgtin:4012345.022222.CAFÉ'], props: { lotNumber: 'CAFÉ' } });
  });
});

describe('EPCIS XML 2.0', () => {
  const [assoc, decl, tx] = recordsOf('valid/xml-2.0-association-correction.xml');

  it('association without a production order: own operation', () => {
    const op = 'op:urn%3Auuid%3A0b5d6c1e-0000-4000-8000-000000000071';
    const at = ms('2026-03-02T10:00:00Z');
    expect(assoc!.batch.edges!.filter((e) => e.kind !== 'OF_MATERIAL')).toEqual([
      { kind: 'USED_IN', from: 'equipment:urn%3Aexample%3Aequipment%3Afiller-3', to: op, at },
      { kind: 'PRODUCED', from: op, to: SERIAL_1002, at },
    ]);
  });

  it('error declaration on a copy of the erroneous receiving event', () => {
    const bad = 'urn:uuid:0b5d6c1e-0000-4000-8000-000000000072';
    expect(decl).toMatchObject({ id: `${bad}#declared-erroneous`, retracts: [bad], pos: { record: 2, line: 14 } });
    expect(decl!.batch).toEqual({ nodes: [], edges: [], removeEdges: [{ kind: 'SUPPLIED', from: 'supplier:0614141000012', to: 'lot:04012345222227:WRONG' }] });
    expect((decl!.raw as { errorDeclaration: unknown }).errorDeclaration).toEqual({
      declarationTime: '2026-03-06T07:00:00Z', reason: 'urn:epcglobal:cbv:er:did_not_occur', correctiveEventIDs: ['urn:uuid:0b5d6c1e-0000-4000-8000-000000000073'],
    });
  });

  it('transaction event links objects to the PO', () => {
    expect(tx!.batch.nodes![0]).toEqual({ kind: 'Serial', key: SERIAL_1001, ids: ['urn:epc:id:sgtin:4012345.011111.1001'], props: { 'bizTransaction.po': 'PO-12345' } });
  });
});

describe('event hash', () => {
  const jsonEvent = (extra: string) => `{"type":"EPCISDocument","epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2026-03-01T09:00:00+01:00",${extra}"eventTimeZoneOffset":"+01:00","action":"OBSERVE","bizStep":"shipping","epcList":["urn:epc:id:sgtin:4012345.011111.1001"],"quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.022222.A","quantity":5,"uom":"KGM"}]}]}}`;
  const xmlEvent = `<?xml version="1.0"?><epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody><EventList><ObjectEvent>
    <eventTime>2026-03-01T08:00:00.000Z</eventTime><eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
    <epcList><epc>urn:epc:id:sgtin:4012345.011111.1001</epc></epcList><action>OBSERVE</action>
    <bizStep>urn:epcglobal:cbv:bizstep:shipping</bizStep>
    <quantityList><quantityElement><epcClass>urn:epc:class:lgtin:4012345.022222.A</epcClass><quantity>5</quantity><uom>KGM</uom></quantityElement></quantityList>
    </ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>`;
  const idOf = (items: Iterable<{ ok: boolean; record?: { id: string } }>) => [...items].map((i) => i.record!.id)[0]!;

  it('is the same for the JSON-LD and XML forms, whatever the recordTime or CBV spelling', () => {
    const a = idOf(parseEpcisJson(jsonEvent(''), { source: 'a.jsonld' }));
    const b = idOf(parseEpcisJson(jsonEvent('"recordTime":"2026-03-02T00:00:00Z",'), { source: 'b.jsonld' }));
    const c = idOf(parseEpcisXml(xmlEvent, { source: 'c.xml' }));
    expect(a).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=lotgraph2$/);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('a readPoint or bizLocation keeps its extension elements, as JSON-LD writes them: the raw loses nothing and both forms key alike', () => {
    const xml = `<?xml version="1.0"?><epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ns.example.com/epcis/" schemaVersion="2.0" creationDate="2026-03-02T00:00:00Z"><EPCISBody><EventList><ObjectEvent>
    <eventTime>2026-03-01T08:00:00Z</eventTime><eventTimeZoneOffset>+01:00</eventTimeZoneOffset>
    <epcList><epc>urn:epc:id:sgtin:4012345.011111.1001</epc></epcList><action>OBSERVE</action>
    <readPoint><id>urn:epc:id:sgln:4012345.00001.7</id><ex:station>QC-3</ex:station></readPoint>
    <bizLocation><id>urn:epc:id:sgln:4012345.00001.0</id><extension><ex:zone>cold</ex:zone></extension></bizLocation>
    </ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>`;
    const json = JSON.stringify({ '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ex: 'https://ns.example.com/epcis/' }], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-02T00:00:00Z', epcisBody: { eventList: [{
      type: 'ObjectEvent', eventTime: '2026-03-01T08:00:00Z', eventTimeZoneOffset: '+01:00', epcList: ['urn:epc:id:sgtin:4012345.011111.1001'], action: 'OBSERVE',
      readPoint: { id: 'urn:epc:id:sgln:4012345.00001.7', 'ex:station': 'QC-3' }, bizLocation: { id: 'urn:epc:id:sgln:4012345.00001.0', 'ex:zone': 'cold' },
    }] } });
    const [x] = [...parseEpcisXml(xml, { source: 'x.xml' })];
    if (!x?.ok) throw new Error('not parsed');
    expect(x.record.raw).toMatchObject({ readPoint: { id: 'urn:epc:id:sgln:4012345.00001.7', 'ex:station': 'QC-3' }, bizLocation: { id: 'urn:epc:id:sgln:4012345.00001.0', 'ex:zone': 'cold' } });
    expect(x.record.id).toBe(idOf(parseEpcisJson(json, { source: 'x.jsonld' })));
  });

  it('changes when the event changes', () => {
    const a = idOf(parseEpcisJson(jsonEvent(''), { source: 'a' }));
    const d = idOf(parseEpcisJson(jsonEvent('').replace('"quantity":5', '"quantity":6'), { source: 'd' }));
    expect(d).not.toBe(a);
  });
});
