import { describe, expect, it } from 'vitest';
import { decodeProps, encodeProps, idsToStore, storedIds } from './props-codec.ts';

describe('props codec', () => {
  it('round-trips nested values and nulls under p. names', () => {
    const props = { category: 'finished', n: 3, nested: { a: [1, 'x'] }, gone: null };
    const enc = encodeProps(props);
    expect(enc).toEqual({ 'p.category': '"finished"', 'p.n': '3', 'p.nested': '{"a":[1,"x"]}', 'p.gone': 'null' });
    expect(decodeProps({ key: 'lot:a:1', ids: [], ...enc })).toEqual(props);
  });

  it('leaves ids out only when they are just the key\'s last part as written, and reads them back', () => {
    const cases: [string, string[]][] = [
      ['lot:RESIN:L-1', ['L-1']], ['lot:RESIN:L-1', ['l-1']], ['lot:RESIN:L-1', ['L-1', 'ERP-9']], ['lot:RESIN:L-1', []],
      ['lot:RESIN:a%2Fb', ['a/b']], ['lot:RESIN:a%2Fb', ['a%2Fb']], ['serial:M:Straße', ['Straße']], ['material:M', ['M']],
    ];
    for (const [key, ids] of cases) expect(storedIds(key, idsToStore(key, ids)), `${key} ${ids.join()}`).toEqual(ids);
    expect(idsToStore('lot:RESIN:L-1', ['L-1'])).toBeNull();
    expect(idsToStore('serial:M:Straße', ['Straße'])).toBeNull();
    expect(idsToStore('lot:RESIN:L-1', ['l-1'])).toEqual(['l-1']);
    expect(idsToStore('lot:RESIN:a%2Fb', ['a%2Fb'])).toEqual(['a%2Fb']);
    expect(idsToStore('lot:RESIN:L-1', [])).toEqual([]);
  });
});
