// The procedure statements are pure: pinned here without a database (call shape and bound parameters).
import { describe, expect, it } from 'vitest';
import { FLOW_EDGE_KINDS } from '../../model.ts';
import { TRACE_PROCEDURE, procProbe, procRecall, procTrace, procTraceByKey } from './trace-proc.ts';

const o = { way: 'in', maxDepth: 7, limit: 50 } as const;

describe('lotgraph.trace statements', () => {
  it('bind every value; the flow types travel as a parameter', () => {
    const s = procTraceByKey("lot:m:L1') DETACH DELETE (x", { ...o, asOf: 1000 });
    expect(s.text).toContain(`CALL ${TRACE_PROCEDURE}([id(o)], $types, $way, $maxDepth, $asOf, $limit, $withEdges, $inTypes, $nodeProps, $engine, $margin)`);
    expect(s.text).toContain('MATCH (o:Node {key: $key})');
    expect(s.text).not.toContain('DETACH');
    expect(s.params).toEqual({ key: "lot:m:L1') DETACH DELETE (x", types: [...FLOW_EDGE_KINDS], way: 'in', maxDepth: 7, asOf: 1000, limit: 50, withEdges: false, inTypes: [], nodeProps: [], engine: 'auto', margin: [86_400_000, 3_600_000] });
  });

  it('by id and the probe: no asOf is null, the probe has no seeds', () => {
    expect(procTrace([3, 4], o).params).toMatchObject({ seeds: [3, 4], asOf: null, withEdges: false });
    expect(procTrace([3], o).text).toContain('($seeds, $types');
    const p = procProbe();
    expect(p.text).toContain(`CALL ${TRACE_PROCEDURE}([], $types`);
    expect(p.params).toMatchObject({ maxDepth: 0, limit: 1 });
  });

  it('recall: forward with edges, summary columns by Cypher, seeds echoed only when given by key', () => {
    const byKey = procRecall({ keys: ['lot:a:1', 'lot:b:2'] }, { maxDepth: 1000, limit: 10, asOf: 5 });
    expect(byKey.params).toMatchObject({ keys: ['lot:a:1', 'lot:b:2'], way: 'out', withEdges: true, asOf: 5, inTypes: ['HAS_UNIT', 'PRODUCED', 'SUPPLIED', 'SHIPPED_IN'] });
    expect(byKey.text).toContain('UNWIND $keys AS k');
    expect(byKey.text).toContain('AS seeds');
    expect(byKey.text).toContain('MATCH (m:Node {key: $materialPrefix + mk})');
    expect(byKey.params).toMatchObject({ lotPrefix: 'lot:', serialPrefix: 'serial:', materialPrefix: 'material:', nodeProps: ['p.quantity', 'p.uom', 'p.name'] });
    const byId = procRecall([9], { maxDepth: 1000, limit: 10 });
    expect(byId.text).not.toContain('AS seeds');
    expect(byId.params).toMatchObject({ seeds: [9], asOf: null });
  });

  it('reject a bad depth or cap before any query', () => {
    expect(() => procTrace([1], { ...o, maxDepth: -1 })).toThrow(/maxDepth/);
    expect(() => procTrace([1], { ...o, limit: 0 })).toThrow(/limit/);
  });
});
