import { describe, it, expect } from 'vitest';
import { parseEpcisJson, parseEpcisJsonStream, parseEpcisXml } from './index.ts';
import { errorsOf, itemsOf } from './test-helpers.ts';

describe('EPCIS invalid documents: one positioned error, never a throw', () => {
  it('malformed XML names the file, line and column', () => {
    expect(errorsOf('invalid/xml-malformed-unclosed-tag.xml')).toEqual([{
      pos: { source: 'xml-malformed-unclosed-tag.xml', line: 8 },
      reason: "xml-malformed-unclosed-tag.xml: malformed XML: Expected closing tag 'action' (opened in line 7, col 9) instead of closing tag 'ObjectEvent'. at line 8, column 7",
    }]);
  });
  it('malformed JSON names the line and column', () => {
    const [e] = errorsOf('invalid/json-malformed-trailing-comma.jsonld');
    expect(e!.pos).toEqual({ source: 'json-malformed-trailing-comma.jsonld', record: 1, line: 5 });
    expect(e!.reason).toMatch(/^json-malformed-trailing-comma\.jsonld: malformed JSON in event 1 \(.*\) at line 5$/);
  });
  it('deep nesting is refused before parsing (JSON and XML)', () => {
    const [j] = errorsOf('invalid/json-deep-nesting.jsonld');
    expect(j!).toEqual({ pos: { source: 'json-deep-nesting.jsonld', line: 1 }, reason: 'json-deep-nesting.jsonld: nesting deeper than 64 levels at line 1' });
    const [x] = errorsOf('invalid/xml-deep-nesting.xml');
    expect(x!.reason).toMatch(/Maximum nested tags exceeded/);
  });
  it('DOCTYPE with entities (billion laughs) is refused', () => {
    expect(errorsOf('invalid/xml-doctype-entity-expansion.xml')).toEqual([{
      pos: { source: 'xml-doctype-entity-expansion.xml', line: 2 },
      reason: 'xml-doctype-entity-expansion.xml: a DOCTYPE internal subset and ENTITY declarations are not allowed in an EPCIS document at line 2, column 1',
    }]);
  });
  it('Latin-1 bytes in a UTF-8 document are a wrong encoding, with the line', () => {
    const [e] = errorsOf('invalid/xml-wrong-encoding-latin1-as-utf8.xml');
    expect(e!.pos).toEqual({ source: 'xml-wrong-encoding-latin1-as-utf8.xml', line: 4 });
    expect(e!.reason).toMatch(/is not valid UTF-8/);
  });
  it('brackets closing the wrong kind after the event list are malformed JSON, not an empty document', () => {
    expect(errorsOf('invalid/json-mismatched-brackets-after-list.jsonld')).toEqual([{
      pos: { source: 'json-mismatched-brackets-after-list.jsonld', line: 6 },
      reason: 'json-mismatched-brackets-after-list.jsonld: malformed JSON: a bracket closes what it did not open at line 6',
    }]);
  });
  it('a JSON document without an event list', () => {
    expect(errorsOf('invalid/json-not-epcis.json')[0]!.reason).toBe('json-not-epcis.json: no epcisBody.eventList: not an EPCIS document');
  });
  it('a document over the size limit', () => {
    const items = [...parseEpcisXml('<a/>'.repeat(100), { source: 'big.xml', maxBytes: 100 })];
    expect(items).toEqual([{ ok: false, error: { pos: { source: 'big.xml' }, reason: 'big.xml: document is 400 bytes, more than the limit of 100' } }]);
  });
});

describe('EPCIS invalid events: rejected with field and value, neighbours kept', () => {
  it('missing eventTime, bad check digit, malformed SGTIN, bad time, unknown type', () => {
    const items = itemsOf('invalid/json-missing-event-time-and-bad-epcs.jsonld');
    const src = 'json-missing-event-time-and-bad-epcs.jsonld';
    expect(items.slice(0, 5)).toEqual([
      { ok: false, error: { pos: { source: src, record: 1, line: 8, field: 'eventTime' }, reason: 'eventTime: is required' } },
      { ok: false, error: { pos: { source: src, record: 2, line: 9, field: 'epcList[1]' }, reason: 'epcList[1]: check digit of GTIN 0401234511111 9 should be 8', value: 'https://id.gs1.org/01/04012345111119/21/9' } },
      { ok: false, error: { pos: { source: src, record: 3, line: 10, field: 'epcList[0]' }, reason: "epcList[0]: EPC URN 'urn:epc:id:sgtin:4012345.11111.1' needs CompanyPrefix.ItemReference of 13 digits together (got '4012345.11111')", value: 'urn:epc:id:sgtin:4012345.11111.1' } },
      { ok: false, error: { pos: { source: src, record: 4, line: 11, field: 'eventTime' }, reason: 'eventTime: is not an ISO-8601 date-time with an offset, such as 2026-03-01T08:00:00Z', value: 'yesterday' } },
      { ok: false, error: { pos: { source: src, record: 5, line: 12, field: 'type' }, reason: 'type: must be one of ObjectEvent, AggregationEvent, TransformationEvent, AssociationEvent, TransactionEvent', value: 'SensorEvent' } },
    ]);
    expect(items[5]).toMatchObject({ ok: true, record: { id: 'ev:good', pos: { source: src, record: 6, line: 13 } } });
  });
  it('an aggregation ADD without parentID and a bad quantity', () => {
    const doc = JSON.stringify({ epcisBody: { eventList: [
      { type: 'AggregationEvent', eventTime: '2026-03-01T08:00:00Z', action: 'ADD', childEPCs: [] },
      { type: 'ObjectEvent', eventTime: '2026-03-01T08:00:00Z', action: 'OBSERVE', quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.022222.A', quantity: 'lots' }] },
      { type: 'ObjectEvent', eventTime: '2026-03-01T08:00:00Z', action: 'MOVE' },
    ] } });
    expect([...parseEpcisJson(doc, { source: 's' })].map((i) => (i.ok ? null : [i.error.pos.field, i.error.reason]))).toEqual([
      ['parentID', 'parentID: is required for action ADD'],
      ['quantityList[0].quantity', 'quantityList[0].quantity: must be a non-negative decimal number'],
      ['action', 'action: must be ADD, OBSERVE or DELETE'],
    ]);
  });
});

describe('EPCIS encodings and contexts', () => {
  const doc = (list: string, ctx = '"@context": "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",') =>
    `{${ctx}"type":"EPCISDocument","epcisBody":{"${list}":[{"type":"ObjectEvent","eventID":"e1","eventTime":"2026-03-01T08:00:00Z","action":"OBSERVE","epcList":["urn:epc:id:sgtin:4012345.011111.1001"]}]}}`;
  it('UTF-16 LE with a BOM is decoded', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc('eventList'), 'utf16le')]);
    expect([...parseEpcisJson(bytes, { source: 'u16' })].map((i) => i.ok && i.record.id)).toEqual(['e1']);
  });
  it('no @context, an object @context, or prefixed keys', () => {
    for (const d of [doc('eventList', ''), doc('eventList', '"@context": {"@vocab": "https://ref.gs1.org/epcis/"},'), doc('epcis:eventList')]) {
      expect([...parseEpcisJson(d, { source: 'c' })].map((i) => i.ok && i.record.id)).toEqual(['e1']);
    }
  });
  it('an eventTime a Date cannot hold is a field error, not a crash', () => {
    const d = JSON.stringify({ epcisBody: { eventList: [{ type: 'ObjectEvent', eventTime: 9e15, action: 'OBSERVE' }] } });
    expect([...parseEpcisJson(d, { source: 't' })]).toEqual([{ ok: false, error: { pos: { source: 't', record: 1, line: 1, field: 'eventTime' }, reason: 'eventTime: is out of the representable time range', value: '9000000000000000' } }]);
  });
});

describe('EPCIS event types are looked up by own name only', () => {
  it.each(['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty'])('type "%s" is an unknown type, not a crash', (type) => {
    const doc = JSON.stringify({ type: 'EPCISDocument', epcisBody: { eventList: [{ type, eventTime: '2026-03-01T08:00:00Z', action: 'OBSERVE' }] } });
    const items = [...parseEpcisJson(doc, { source: 'proto.jsonld' })];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ok: false, error: { pos: { field: 'type' }, value: type } });
  });
});

describe('EPCIS field values that cannot be shown as text', () => {
  it('an eventTime object with a broken toString is a field error, not an internal one', () => {
    const doc = JSON.stringify({ type: 'EPCISDocument', epcisBody: { eventList: [{ type: 'ObjectEvent', eventTime: { toString: 0 }, action: 'OBSERVE', epcList: [] }] } });
    const items = [...parseEpcisJson(doc, { source: 'odd.jsonld' })];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ ok: false, error: { pos: { field: 'eventTime' } } });
  });
});

describe('EPCIS JSON after the event list is checked too', () => {
  it('a second list right after an empty event list is malformed JSON, not an empty document (string and stream)', async () => {
    const doc = '{\n  "type": "EPCISDocument",\n  "epcisBody": {\n    "eventList": [][\n      { "type": "ObjectEvent" }\n    ]\n  }\n}\n';
    const expected = [{ ok: false, error: { pos: { source: 'x.jsonld' }, reason: expect.stringMatching(/malformed JSON around the event list/) } }];
    expect([...parseEpcisJson(doc, { source: 'x.jsonld' })]).toMatchObject(expected);
    const chunks = async function* () {
      for (let i = 0; i < doc.length; i += 7) yield doc.slice(i, i + 7);
    };
    const streamed = [];
    for await (const it of parseEpcisJsonStream(chunks(), { source: 'x.jsonld' })) streamed.push(it);
    expect(streamed).toMatchObject(expected);
  });
});
