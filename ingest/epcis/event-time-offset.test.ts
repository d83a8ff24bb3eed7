/**
 * eventTime without a UTC offset (QA qa-epcis.md section 4): read in eventTimeZoneOffset with a
 * warning, rejected without one; a date alone is rejected; an event with an offset is unchanged
 * (time, no warning, and the id of an event without eventID as it was before).
 */
import { describe, it, expect } from 'vitest';
import { parseEpcisJson, parseEpcisXml } from './index.ts';
import type { ParseItem } from '../record.ts';
import { ms } from './test-helpers.ts';

const EPC = 'urn:epc:id:sgtin:4012345.011111.1001';

/** One ObjectEvent without eventID, as JSON-LD and as XML; `tz` undefined leaves eventTimeZoneOffset out. */
function jsonItems(eventTime: string, tz?: string): ParseItem[] {
  const ev = { type: 'ObjectEvent', eventTime, ...(tz === undefined ? {} : { eventTimeZoneOffset: tz }), action: 'OBSERVE', bizStep: 'inspecting', disposition: 'recalled', epcList: [EPC] };
  const doc = { '@context': ['https://gs1.github.io/EPCIS/epcis-context.jsonld'], type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-03T08:00:00Z', epcisBody: { eventList: [ev] } };
  return [...parseEpcisJson(JSON.stringify(doc), { source: 't.jsonld' })];
}
function xmlItems(eventTime: string, tz?: string): ParseItem[] {
  const offset = tz === undefined ? '' : `<eventTimeZoneOffset>${tz}</eventTimeZoneOffset>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?><epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody><EventList><ObjectEvent><eventTime>${eventTime}</eventTime>${offset}<epcList><epc>${EPC}</epc></epcList><action>OBSERVE</action><bizStep>inspecting</bizStep><disposition>recalled</disposition></ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>`;
  return [...parseEpcisXml(xml, { source: 'x.xml' })];
}

const FORMATS = [['JSON-LD', jsonItems, 't.jsonld'], ['XML', xmlItems, 'x.xml']] as const;
/** The id of this event (eventTime 2026-03-01T08:00:00+05:00) before the fix: it must not change. */
const ID_WITH_OFFSET = 'ni:///sha-256;4cc5af2ba22ffcd68b3b7b1bce5e2610653e66d7c33e05887764eef4e1f1665d?ver=lotgraph2';

describe.each(FORMATS)('EPCIS %s eventTime without a UTC offset', (_name, items, source) => {
  it('(a) with an eventTimeZoneOffset: read in that offset (08:00 at +05:00 = 03:00Z), with a warning naming the field and value', () => {
    const [i] = items('2026-03-01T08:00:00', '+05:00');
    if (!i?.ok) throw new Error(JSON.stringify(i));
    expect(i.record.at).toBe(ms('2026-03-01T03:00:00Z'));
    expect(i.record.batch.nodes!.find((n) => n.kind === 'Serial')!.props).toMatchObject({ disposition: 'recalled', dispositionAt: '2026-03-01T03:00:00.000Z' });
    expect(i.record.warnings).toEqual([
      { pos: { source, record: 1, line: expect.any(Number), field: 'eventTime' }, value: '2026-03-01T08:00:00', reason: expect.stringMatching(/^'2026-03-01T08:00:00' has no UTC offset: read in its eventTimeZoneOffset \+05:00, as 2026-03-01T03:00:00\.000Z/) },
    ]);
    // its id (an event without an eventID: the hash) is the one it had before, when the time was read
    // as UTC: a log of before holds it so, and the same event sent again is a duplicate
    const [asBefore] = items('2026-03-01T08:00:00Z', '+05:00');
    expect(asBefore?.ok && asBefore.record.id).toBe(i.record.id);
    // a negative offset and fractional seconds
    const [neg] = items('2026-03-01T08:00:00.250', '-03:30');
    expect(neg?.ok && neg.record.at).toBe(ms('2026-03-01T11:30:00.250Z'));
  });

  it('(b) without an eventTimeZoneOffset (or with one that is not ±hh:mm): rejected, naming eventTime and its value', () => {
    for (const tz of [undefined, '', 'CET', '+5']) {
      const got = items('2026-03-01T08:00:00', tz);
      expect(got).toEqual([{ ok: false, error: { pos: { source, record: 1, line: expect.any(Number), field: 'eventTime' }, value: '2026-03-01T08:00:00', reason: expect.stringMatching(/^eventTime: has no UTC offset and .*eventTimeZoneOffset.* to read it in/) } }]);
    }
  });

  it('(c) a date alone is midnight in its eventTimeZoneOffset, with a warning; without one it is rejected', () => {
    const [i] = items('2026-03-01', '+05:00');
    if (!i?.ok) throw new Error(JSON.stringify(i));
    expect(i.record.at).toBe(ms('2026-02-28T19:00:00Z'));
    expect(i.record.warnings?.[0]).toMatchObject({ pos: { field: 'eventTime' }, value: '2026-03-01', reason: expect.stringMatching(/^'2026-03-01' has no time of day nor UTC offset/) });
    expect(items('2026-03-01', undefined)).toEqual([{ ok: false, error: { pos: { source, record: 1, line: expect.any(Number), field: 'eventTime' }, value: '2026-03-01', reason: expect.stringMatching(/^eventTime: has no UTC offset and no eventTimeZoneOffset/) } }]);
  });

  it('(d) with an offset: the instant as written, no warning, and the id it had before', () => {
    const [i] = items('2026-03-01T08:00:00+05:00', '+05:00');
    if (!i?.ok) throw new Error(JSON.stringify(i));
    expect(i.record.at).toBe(ms('2026-03-01T03:00:00Z'));
    expect(i.record.warnings).toBeUndefined();
    expect(i.record.id).toBe(ID_WITH_OFFSET);
    // the offset in eventTime wins over a different eventTimeZoneOffset (that one only says where the event was)
    const [z] = items('2026-03-01T08:00:00Z', '+05:00');
    expect(z?.ok && [z.record.at, z.record.warnings]).toEqual([ms('2026-03-01T08:00:00Z'), undefined]);
  });
});
