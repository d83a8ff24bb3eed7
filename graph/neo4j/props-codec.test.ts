import { describe, expect, it } from 'vitest';
import { decodeProps, encodeProps } from './props-codec.ts';

describe('props codec', () => {
  it('round-trips nested values and nulls under p. names', () => {
    const props = { category: 'finished', n: 3, nested: { a: [1, 'x'] }, gone: null };
    const enc = encodeProps(props);
    expect(enc).toEqual({ 'p.category': '"finished"', 'p.n': '3', 'p.nested': '{"a":[1,"x"]}', 'p.gone': 'null' });
    expect(decodeProps({ key: 'lot:a:1', ids: [], ...enc })).toEqual(props);
  });
});
