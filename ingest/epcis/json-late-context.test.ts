import { describe, expect, it } from 'vitest';
import type { ParseItem } from '../record.ts';
import { parseEpcisJson, parseEpcisJsonStream } from './index.ts';
import { fixture, recordsOf } from './test-helpers.ts';

const EARLY = 'valid/json-no-event-id-same-as-xml.jsonld';
const LATE = 'valid/json-late-context-no-event-id.jsonld';
const XML = 'valid/xml-no-event-id-same-as-json.xml';

async function streamed(bytes: Uint8Array, size: number, maxHeld?: number): Promise<ParseItem[]> {
  async function* gen() { for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size); }
  const out: ParseItem[] = [];
  for await (const i of parseEpcisJsonStream(gen(), { source: 's', ...(maxHeld === undefined ? {} : { maxHeld }) })) out.push(i);
  return out;
}

describe('a document whose @context comes after its event list (JSON member order means nothing)', () => {
  it('events without eventID and with prefixed extensions get the ids of @context first, and of XML', () => {
    const late = recordsOf(LATE);
    expect(late.map((r) => r.id)).toEqual(recordsOf(EARLY).map((r) => r.id));
    expect(late.map((r) => r.id)).toEqual(recordsOf(XML).map((r) => r.id));
  });

  it('each event carries the document prefixes in raw @context, as when @context is first', () => {
    const ctx = (p: string) => recordsOf(p).map((r) => (r.raw as Record<string, unknown>)['@context']);
    expect(ctx(LATE)).toEqual(ctx(EARLY));
    expect(ctx(LATE)[0]).toEqual({ example: 'https://ns.example.com/epcis/' });
  });

  it('a stream holds the events until the document ends and then gives the in-memory items, in any chunking', async () => {
    const bytes = fixture(LATE);
    const want = [...parseEpcisJson(bytes, { source: 's' })];
    expect(want.every((i) => i.ok)).toBe(true);
    for (const size of [1, 13, 4096]) expect(await streamed(bytes, size)).toEqual(want);
  });

  it('more held event text than maxHeld refuses the document, naming the cause, rather than giving wrong ids', async () => {
    const items = await streamed(fixture(LATE), 64, 500);
    expect(items).toHaveLength(1);
    expect(!items[0]!.ok && items[0]!.error.reason).toMatch(/event list comes before the document's @context and holds more than 500 characters/);
    // with @context first nothing is held: the same cap does not apply
    expect((await streamed(fixture(EARLY), 64, 500)).every((i) => i.ok)).toBe(true);
  });
});
