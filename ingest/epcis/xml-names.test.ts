import { describe, it, expect } from 'vitest';
import { parseEpcisXml } from './index.ts';
import type { IngestRecord, ParseItem } from '../record.ts';
import { LOT_7, RAW_LOT, ms } from './test-helpers.ts';

const doc = (events: string, root = '<epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:cbvmda="urn:epcglobal:cbv:mda" xmlns:ex="https://ns.example.com/epcis/" xmlns:acme="urn:acme:epcis">', close = '</epcis:EPCISDocument>') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${root}<EPCISBody><EventList>${events}</EventList></EPCISBody>${close}`;
const head = '<eventTime>2026-03-01T08:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset><eventID>e1</eventID>';
const items = (xml: string): ParseItem[] => [...parseEpcisXml(xml, { source: 'n.xml' })];
const record = (xml: string): IngestRecord => {
  const [i] = items(xml);
  if (!i?.ok) throw new Error(JSON.stringify(i));
  return i.record;
};
const commissioning = (ilmd: string, extra = '') => doc(`<ObjectEvent>${head}<epcList><epc>urn:epc:id:sgtin:4012345.011111.1001</epc></epcList><action>ADD</action><bizStep>commissioning</bizStep>${extra}<ilmd>${ilmd}</ilmd></ObjectEvent>`);

describe('EPCIS XML character references and entities', () => {
  it('decodes decimal and hex character references and the five XML entities, in text and attributes', () => {
    const r = record(commissioning('<cbvmda:lotNumber>A&#38;B&#x26;C &lt;1&gt; &quot;&apos;&#x1F600;</cbvmda:lotNumber>'));
    expect(r.batch.nodes![0]).toMatchObject({ kind: 'Lot', props: { lotNumber: 'A&B&C <1> "\'\u{1F600}' } });
    const tx = record(doc(`<TransactionEvent>${head}<bizTransactionList><bizTransaction type="&#x70;o">PO&#45;1</bizTransaction></bizTransactionList><epcList><epc>urn:epc:id:sgtin:4012345.011111.1001</epc></epcList><action>ADD</action></TransactionEvent>`));
    expect(tx.batch.nodes![0]!.props).toEqual({ 'bizTransaction.po': 'PO-1' });
  });

  it('decodes once: an escaped reference stays text, CDATA stays as written, unknown names are not expanded', () => {
    const r = record(commissioning('<cbvmda:lotNumber>&amp;#38;<![CDATA[&amp;]]></cbvmda:lotNumber><ex:note>&lol;</ex:note>'));
    expect((r.raw as { ilmd: unknown }).ilmd).toEqual({ 'cbvmda:lotNumber': '&#38;&amp;', 'ex:note': '&lol;' });
  });

  it('a reference to a character XML does not allow is refused; a DOCTYPE still is', () => {
    expect(items(commissioning('<cbvmda:lotNumber>&#0;</cbvmda:lotNumber>'))).toEqual([{ ok: false, error: { pos: { source: 'n.xml' }, reason: 'n.xml: XML refused: &#0; does not name an XML character' } }]);
    const [d] = items(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "&#38;#38;">]>${commissioning('').slice(22)}`);
    expect(d).toMatchObject({ ok: false, error: { reason: expect.stringMatching(/DOCTYPE internal subset and ENTITY declarations are not allowed/) } });
  });
});

describe('EPCIS XML names: extensions stay apart from standard elements', () => {
  it('<ex:bizStep> and <acme:quantity> do not replace bizStep and quantity', () => {
    const r = record(doc(`<ObjectEvent>${head}<epcList/><action>OBSERVE</action><bizStep>receiving</bizStep><ex:bizStep>internal</ex:bizStep>
      <sourceList><source type="owning_party">urn:epc:id:pgln:0614141.00001</source></sourceList>
      <quantityList><quantityElement><epcClass>urn:epc:class:lgtin:4012345.022222.BATCH%2F9</epcClass><quantity>5</quantity><acme:quantity>99</acme:quantity><uom>KGM</uom></quantityElement></quantityList></ObjectEvent>`));
    expect(r.raw).toMatchObject({ bizStep: 'receiving', 'ex:bizStep': 'internal', '@context': { ex: 'https://ns.example.com/epcis/' } });
    expect(r.batch.edges).toContainEqual({ kind: 'SUPPLIED', from: 'supplier:0614141000012', to: RAW_LOT, at: ms('2026-03-01T08:00:00Z'), qty: 5, uom: 'kg' });
  });

  it('repeated extension elements are a list, in ilmd and at the top; nested ones keep their names', () => {
    const r = record(commissioning('<cbvmda:lotNumber>LOT-7</cbvmda:lotNumber><ex:line>L1</ex:line><ex:line>L2</ex:line>', '<ex:tag>a</ex:tag><ex:tag>b</ex:tag><acme:box n="1"><acme:size>3</acme:size></acme:box>'));
    expect(r.raw).toMatchObject({
      'ex:tag': ['a', 'b'],
      'acme:box': { n: '1', 'acme:size': '3' },
      ilmd: { 'cbvmda:lotNumber': 'LOT-7', 'ex:line': ['L1', 'L2'] },
      '@context': { ex: 'https://ns.example.com/epcis/', acme: 'urn:acme:epcis', cbvmda: 'urn:epcglobal:cbv:mda' },
    });
    expect(r.batch.nodes![0]).toEqual({ kind: 'Lot', key: LOT_7, props: { lotNumber: 'LOT-7' } });
  });

  it('a default-namespace extension is named by its namespace; EPCIS elements in an EPCIS namespace are standard', () => {
    const r = record(commissioning('<cbvmda:lotNumber>LOT-7</cbvmda:lotNumber>', '<note xmlns="urn:acme:epcis">n</note>'));
    expect((r.raw as Record<string, unknown>)['urn:acme:epcis#note']).toBe('n');
    const std = doc(`<epcis:ObjectEvent>${head}<epcList/><action>OBSERVE</action></epcis:ObjectEvent>`, '<EPCISDocument xmlns="urn:epcglobal:epcis:xsd:2" xmlns:epcis="urn:epcglobal:epcis:xsd:2">', '</EPCISDocument>');
    expect(record(std)).toMatchObject({ id: 'e1', type: 'ObjectEvent' });
  });
});

describe('EPCIS XML quantity errors show the value as written', () => {
  it.each(['abc', '1,5', '-2', '5 kg', '0x10', 'Infinity', '1e999'])('quantity %s', (q) => {
    const [i] = items(doc(`<ObjectEvent>${head}<action>OBSERVE</action><quantityList><quantityElement><epcClass>urn:epc:class:lgtin:4012345.022222.A</epcClass><quantity>${q}</quantity></quantityElement></quantityList></ObjectEvent>`));
    expect(i).toEqual({ ok: false, error: { pos: { source: 'n.xml', record: 1, line: 2, field: 'quantityList[0].quantity' }, reason: 'quantityList[0].quantity: must be a non-negative decimal number', value: q } });
  });
});
