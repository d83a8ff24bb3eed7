// Decoding lotgraph.trace's packed answer: numbers, depths as sent, kinds, the cap, recall edge lists.
import { describe, expect, it } from 'vitest';
import { ints, recallClosure, splitKeys, traceNodes, traceVisit } from './proc-decode.ts';

describe('proc-decode', () => {
  it('parses , separated integers, negative and beyond 2^31', () => {
    expect(ints('')).toEqual([]);
    expect(ints(null)).toEqual([]);
    expect(ints('-1,0,12,8589934592')).toEqual([-1, 0, 12, 8589934592]);
    expect(splitKeys('')).toEqual([]);
    expect(splitKeys('lot:a:1\nop:x')).toEqual(['lot:a:1', 'op:x']);
  });

  it('takes depths as sent and derives edge kinds from endpoint kinds, both ways', () => {
    const keys = ['lot:m:1', 'op:a', 'lot:m:2', 'serial:m:s1'];
    const v = traceVisit(keys, [-1, 0, 1, 2], [0, 1, 2, 3], 'out', 100, false);
    expect(v.depth).toEqual([0, 1, 2, 3]);
    expect(v.kinds).toEqual(['Lot', 'Operation', 'Lot', 'Serial']);
    expect(v.edge).toEqual([null, 'CONSUMED_BY', 'PRODUCED', 'HAS_UNIT']);
    expect(v.truncated).toBe(false);
    const back = traceVisit(['serial:m:s1', 'lot:m:2'], [-1, 0], [0, 1], 'in', 100, false);
    expect(back.edge).toEqual([null, 'HAS_UNIT']);
    expect(() => traceVisit(keys, [-1], [0], 'out', 100, false)).toThrow(/parents/);
    expect(() => traceVisit(keys, [-1, 0, 1, 2], [0], 'out', 100, false)).toThrow(/depths/);
    // a node found through a container's later window: deeper than its parent's first discovery + 1
    const later = traceVisit(['lot:m:1', 'container:t', 'serial:m:s1', 'shipment:s'], [-1, 0, 0, 1], [0, 1, 1, 3], 'out', 100, false);
    expect(later.depth).toEqual([0, 1, 1, 3]);
  });

  it('caps an uncapped answer as a prefix and marks it truncated', () => {
    const v = traceVisit(['lot:m:1', 'op:a', 'op:b'], [-1, 0, 0], [0, 1, 1], 'out', 2, false);
    expect(v.keys).toEqual(['lot:m:1', 'op:a']);
    expect(v.truncated).toBe(true);
    expect(traceVisit(['lot:m:1'], [-1], [0], 'out', 1, true).truncated).toBe(true);
  });

  it('decodes a trace straight to result nodes as traceVisit does, capped, both ways', () => {
    const viaVisit = (keys: string, parents: string, depths: string, way: 'out' | 'in', limit: number, truncated: boolean) => {
      const v = traceVisit(splitKeys(keys), ints(parents), ints(depths), way, limit, truncated);
      const nodes = v.keys.map((key, i) => ({ key, kind: v.kinds[i], depth: v.depth[i], parent: v.parent[i]! < 0 ? null : v.keys[v.parent[i]!], edge: v.edge[i] }));
      return { nodes, truncated: v.truncated };
    };
    const cases: [string, string, string, 'out' | 'in', number, boolean][] = [
      ['lot:m:1\nop:a\nlot:m:2\nserial:m:s1\nop:b', '-1,0,1,2,0', '0,1,2,3,1', 'out', 100, false],
      ['lot:m:1\nop:a\nlot:m:2\nserial:m:s1\nop:b', '-1,0,1,2,0', '0,1,2,3,1', 'out', 3, false],
      ['serial:m:s1\nlot:m:2', '-1,0', '0,1', 'in', 100, true],
      ['lot:m:1\nlot:m:9\nop:a', '-1,-1,1', '0,0,1', 'out', 100, false],
      ['lot:m:1\ncontainer:t\nserial:m:s1\nshipment:s', '-1,0,0,1', '0,1,1,3', 'out', 100, false],
      ['', '', '', 'out', 10, false],
    ];
    for (const c of cases) expect(traceNodes(...c), JSON.stringify(c)).toEqual(viaVisit(...c));
    expect(traceNodes('lot:m:1\nop:a', '-1,0', '0,1', 'out', 1, false).truncated).toBe(true);
    expect(() => traceNodes('lot:m:1\nop:a', '-1', '0', 'out', 10, false)).toThrow(/parents/);
    expect(() => traceNodes('lot:m:1', '-1,0', '0,1', 'out', 10, false)).toThrow(/parents/);
    expect(() => traceNodes('lot:m:1\nlot:m:2', '-1,0', '0,1', 'out', 10, false)).toThrow(/no flow edge kind/);
  });

  it('builds the recall closure: out-edges in order with qty/uom and times, summary columns by index', () => {
    const row = {
      keys: 'lot:m:1\nop:a\nlot:f:2', parents: '-1,0,1', depths: '0,1,2', ids: '10,20,30',
      adj: '1,1,1,2,0', qty: [5, null], uom: ['kg', null], times: [1000, null, null, 2000],
      ins: [2, 7, 'PRODUCED', 'op:a', null, 3, 'ea'],
      props: [0, 'p.quantity', '100', 0, 'p.uom', '"kg"'], cats: [['m', '"raw"'], ['f', '"finished"']],
    };
    const { visit, closure } = recallClosure(row, 2);
    expect(visit.ids).toEqual([10, 20]);
    expect(visit.truncated).toBe(true);
    expect(visit.index.get(20)).toBe(1);
    expect(closure.size).toBe(3);
    expect(closure.get(10)!.next).toEqual([[0, 'CONSUMED_BY', 20, 'op:a', 5, 'kg', 1000, null]]);
    expect(closure.get(20)!.next).toEqual([[1, 'PRODUCED', 30, 'lot:f:2', null, null, null, 2000]]);
    expect(closure.get(30)!.row).toMatchObject({ category: '"finished"', produced: [[7, 3, 'ea']], unitOf: null });
    expect(closure.get(10)!.row).toMatchObject({ category: '"raw"', quantity: '100', uom: '"kg"', produced: [] });
    expect(closure.get(20)!.row).toMatchObject({ category: null, quantity: null, produced: null });
    expect(() => recallClosure({ ...row, ins: [2, 7] }, 5)).toThrow(/in-edges/);
    expect(() => recallClosure({ ...row, adj: '1,1,1,2' }, 5)).toThrow();
    expect(() => recallClosure({ ...row, times: [1000] }, 5)).toThrow(/edge lists/);
  });
});
