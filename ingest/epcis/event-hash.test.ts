import { describe, it, expect } from 'vitest';
import { canonicalEvent, eventHash } from './event-hash.ts';
import { ms, recordsOf } from './test-helpers.ts';

const JSON_DOC = 'valid/json-no-event-id-same-as-xml.jsonld';
const XML_DOC = 'valid/xml-no-event-id-same-as-json.xml';

describe('event hash: one id for the JSON-LD and XML forms of an event without eventID', () => {
  const json = recordsOf(JSON_DOC);
  const xml = recordsOf(XML_DOC);

  it('hashes equal across CBV spellings (bizStep, disposition, bizTransaction/source types, sensor types), EPC forms and order, extension prefixes, empty lists, recordTime, numbers as text', () => {
    expect(json.map((r) => r.id)).toEqual(xml.map((r) => r.id));
    expect(json[0]!.id).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=lotgraph2$/);
    expect(json[1]!.id).not.toBe(json[0]!.id);
    const cj = canonicalEvent(json[0]!.raw as Record<string, unknown>, json[0]!.at!);
    expect(cj).toEqual(canonicalEvent(xml[0]!.raw as Record<string, unknown>, xml[0]!.at!));
    expect(cj).toMatchObject({
      bizStep: 'receiving',
      epcList: ['gs1:(01)04012345111118(21)1004', 'gs1:(01)04012345111118(21)1005'],
      '{https://ns.example.com/epcis}bizStep': 'internal-7',
      '{https://ns.example.com/epcis}carrier': 'ACME & Sons',
      '{https://ns.example.com/epcis}tag': ['a', 'b'],
    });
    expect(cj).not.toHaveProperty('destinationList');
  });

  it('ilmd keys resolve to one name (cbvmda: in both; the document context or xmlns for the rest)', () => {
    const c = canonicalEvent(xml[1]!.raw as Record<string, unknown>, xml[1]!.at!);
    expect(c.ilmd).toEqual({ '{urn:epcglobal:cbv:mda}lotNumber': 'LOT-9', '{https://ns.example.com/epcis}line': 'L3' });
    expect(xml[1]!.batch).toEqual(json[1]!.batch);
  });

  it('changes with what the event says, not with how it is spelled', () => {
    const base = { type: 'ObjectEvent', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:4012345.011111.1001'] };
    const at = ms('2026-03-01T08:00:00Z');
    const h = eventHash(base, at);
    expect(eventHash({ ...base, epcList: ['https://id.gs1.org/01/04012345111118/21/1001'], quantityList: [] }, at)).toBe(h);
    expect(eventHash({ ...base, 'ex:x': 'a', '@context': { ex: 'urn:a' } }, at)).not.toBe(eventHash({ ...base, 'ex:x': 'a', '@context': { ex: 'urn:b' } }, at));
    expect(eventHash({ ...base, epcList: ['urn:epc:id:sgtin:4012345.011111.1002'] }, at)).not.toBe(h);
    expect(eventHash(base, at + 1)).not.toBe(h);
    // a tag URI hashes as written, as it did while it was opaque (events logged then stay known)
    expect(canonicalEvent({ ...base, epcList: ['urn:epc:tag:sgtin-96:3.4012345.011111.1001'] }, at).epcList).toBe('urn:epc:tag:sgtin-96:3.4012345.011111.1001');
    // a lot number is text: "007" and "7" are different lots
    expect(eventHash({ ...base, ilmd: { 'cbvmda:lotNumber': '007' } }, at)).not.toBe(eventHash({ ...base, ilmd: { 'cbvmda:lotNumber': '7' } }, at));
  });
});
