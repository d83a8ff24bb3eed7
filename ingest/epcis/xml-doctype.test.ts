import { describe, expect, it } from 'vitest';
import { parseEpcisXml } from './index.ts';
import type { ParseItem } from '../record.ts';
import { errorsOf, fixture, recordsOf } from './test-helpers.ts';

const items = (xml: string): ParseItem[] => [...parseEpcisXml(xml, { source: 'n.xml' })];
const body = fixture('valid/xml-doctype-without-subset.xml').toString('utf8').replace(/^[\s\S]*?(<epcis:EPCISDocument)/, '$1');
const withProlog = (prolog: string) => `<?xml version="1.0"?>\n${prolog}\n${body}`;

describe('EPCIS XML DOCTYPE: a bare one is read, an internal subset or ENTITY declaration is refused', () => {
  it('a DOCTYPE without an internal subset (as GS1 examples write it) is read', () => {
    const [r] = recordsOf('valid/xml-doctype-without-subset.xml');
    expect(r).toMatchObject({ type: 'ObjectEvent', pos: { record: 1, line: 6 } });
    // with an external id, whose literal may hold a `[` (nothing is fetched)
    expect(items(withProlog('<!DOCTYPE project SYSTEM "epcis[2].dtd">')).map((i) => i.ok)).toEqual([true]);
    expect(items(withProlog("<!DOCTYPE project PUBLIC '-//x//y' 'a.dtd'>")).map((i) => i.ok)).toEqual([true]);
  });

  it('DOCTYPE and ENTITY as text in a comment are not declarations', () => {
    expect(recordsOf('valid/xml-doctype-in-comment.xml')).toHaveLength(1);
    expect(items(withProlog('<?note <!DOCTYPE x [ ]> ?>')).map((i) => i.ok)).toEqual([true]);
  });

  it('an internal subset, even without entities, is refused at its line', () => {
    expect(errorsOf('invalid/xml-doctype-internal-subset.xml')).toEqual([{
      pos: { source: 'xml-doctype-internal-subset.xml', line: 3 },
      reason: 'xml-doctype-internal-subset.xml: a DOCTYPE internal subset and ENTITY declarations are not allowed in an EPCIS document at line 3, column 1',
    }]);
    expect(items(withProlog('<!DOCTYPE project SYSTEM "a.dtd" [<!ENTITY a "b">]>'))).toMatchObject([{ ok: false, error: { pos: { line: 2 } } }]);
    // a DOCTYPE that never closes is refused (here as malformed: the root tag's `>` closes it)
    expect(items(withProlog('<!DOCTYPE project')).map((i) => i.ok)).toEqual([false]);
    expect(items('<?xml version="1.0"?>\n<!DOCTYPE project SYSTEM "a.dtd')).toMatchObject([{ ok: false, error: { reason: expect.stringMatching(/DOCTYPE internal subset/) } }]);
  });
});
