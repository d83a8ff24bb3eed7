import { describe, it, expect } from 'vitest';
import { epcisItems } from '../pipeline/epcis-bridge.ts';
import type { ParseItem } from '../record.ts';
import { parseEpcis, parseEpcisStream, sniffFormat, type EpcisParseOptions } from './index.ts';

const EVENT = { type: 'ObjectEvent', eventID: 'e1', eventTime: '2026-03-01T08:00:00Z', action: 'OBSERVE', epcList: ['urn:epc:id:sgtin:4012345.011111.1001'] };
const JSON_DOC = JSON.stringify({ type: 'EPCISDocument', epcisBody: { eventList: [EVENT] } });
const XML_DOC = '<?xml version="1.0"?><epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2"><EPCISBody><EventList><ObjectEvent><eventTime>2026-03-01T08:00:00Z</eventTime><eventID>e1</eventID><epcList><epc>urn:epc:id:sgtin:4012345.011111.1001</epc></epcList><action>OBSERVE</action></ObjectEvent></EventList></EPCISBody></epcis:EPCISDocument>';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function streamed(chunks: Uint8Array[], opts: EpcisParseOptions): Promise<ParseItem[]> {
  const out: ParseItem[] = [];
  for await (const i of parseEpcisStream((async function* () { yield* chunks; })(), opts)) out.push(i);
  return out;
}
const ids = (items: ParseItem[]) => items.map((i) => (i.ok ? i.record.id : i.error.reason));

describe('format sniffing skips BOM and blanks, whatever the chunking', () => {
  const bodies = {
    'JSON-LD after CRLF': Buffer.from(`\r\n \t${JSON_DOC}`),
    'XML after CRLF': Buffer.from(`\r\n\r\n${XML_DOC}`),
    'XML after a UTF-8 BOM and blanks': Buffer.concat([BOM, Buffer.from(`\n  ${XML_DOC}`)]),
    'JSON-LD after a UTF-8 BOM': Buffer.concat([BOM, Buffer.from(JSON_DOC)]),
    'JSON-LD in UTF-16 LE': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`\r\n${JSON_DOC}`, 'utf16le')]),
  };

  it.each(Object.entries(bodies))('%s: split at every byte boundary, and byte by byte', async (_name, bytes) => {
    const whole = [...parseEpcis(bytes, { source: 's' })];
    expect(ids(whole)).toEqual(['e1']);
    for (let at = 0; at <= bytes.length; at++) {
      expect(await streamed([bytes.subarray(0, at), bytes.subarray(at)], { source: 's' }), `split at ${at}`).toEqual(whole);
    }
    expect(await streamed([...bytes].map((b) => Uint8Array.of(b)), { source: 's' })).toEqual(whole);
  });

  it('sniffFormat waits for the first significant byte', () => {
    expect(sniffFormat(Buffer.from('\r\n  '))).toBeUndefined();
    expect(sniffFormat(Buffer.from([0xef, 0xbb]))).toBeUndefined();
    expect(sniffFormat(Buffer.from([0xff]))).toBeUndefined();
    expect(sniffFormat(Buffer.from([0xff, 0xfe, 0x20, 0x00, 0x3c, 0x00]))).toBe('xml');
    expect(sniffFormat('\uFEFF\r\n{')).toBe('json');
    expect(sniffFormat(Buffer.from('\n<'))).toBe('xml');
  });
});

describe('a declared format is honoured', () => {
  it('XML declared and sent: parsed as XML, in memory and streamed', async () => {
    const body = Buffer.from(`\r\n${XML_DOC}`);
    expect(ids([...parseEpcis(body, { source: 's', format: 'xml' })])).toEqual(['e1']);
    expect(ids(await streamed([body.subarray(0, 1), body.subarray(1)], { source: 's', format: 'xml' }))).toEqual(['e1']);
  });

  it('content plainly of the other format is one error saying so', async () => {
    const [x] = await streamed([Buffer.from(`\r\n${XML_DOC}`)], { source: 'body', format: 'json' });
    expect(x).toEqual({ ok: false, error: { pos: { source: 'body' }, reason: "body: was sent as EPCIS JSON-LD (format or Content-Type) but its content is EPCIS XML (it starts with '<'): send it as EPCIS XML" } });
    const [j] = [...parseEpcis(`\uFEFF ${JSON_DOC}`, { source: 'body', format: 'xml' })];
    expect(j).toMatchObject({ ok: false, error: { reason: expect.stringMatching(/was sent as EPCIS XML .* its content is EPCIS JSON-LD \(it starts with '\{'\)/) } });
  });

  it('the pipeline bridge passes the route format on (epcis-xml / epcis-json)', async () => {
    const run = async (body: string, format?: 'epcis-json' | 'epcis-xml') => {
      const out: ParseItem[] = [];
      for await (const a of epcisItems((async function* () { yield Buffer.from(body); })(), 'api', format)) out.push(...a);
      return out;
    };
    expect(ids(await run(`\r\n${XML_DOC}`, 'epcis-xml'))).toEqual(['e1']);
    expect(ids(await run(`\r\n${XML_DOC}`))).toEqual(['e1']);
    expect(ids(await run(`\r\n${XML_DOC}`, 'epcis-json'))[0]).toMatch(/was sent as EPCIS JSON-LD/);
  });
});
