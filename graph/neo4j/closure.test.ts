import { describe, expect, it } from 'vitest';
import { EDGE_ENDPOINTS, edgeJoins, FLOW_EDGE_KINDS } from '../model.ts';
import { kindOfFlow } from './closure.ts';

describe('kindOfFlow', () => {
  it('names the one flow kind for every pair of endpoint kinds (the trace query sends no edge kinds)', () => {
    const seen = new Map<string, string>();
    for (const k of FLOW_EDGE_KINDS) {
      for (const f of EDGE_ENDPOINTS[k].from) {
        for (const t of EDGE_ENDPOINTS[k].to) {
          if (!edgeJoins(k, f, t)) continue;
          expect(seen.get(`${f}>${t}`), `${f}>${t}`).toBeUndefined();
          seen.set(`${f}>${t}`, k);
          expect(kindOfFlow(f, t)).toBe(k);
        }
      }
    }
    expect(kindOfFlow('Lot', 'Operation')).toBe('CONSUMED_BY');
    // a serialised case: serials and containers pack into it; a lot's serials are HAS_UNIT
    expect(kindOfFlow('Container', 'Serial')).toBe('PACKED_INTO');
    expect(kindOfFlow('Serial', 'Serial')).toBe('PACKED_INTO');
    expect(kindOfFlow('Lot', 'Serial')).toBe('HAS_UNIT');
    expect(() => kindOfFlow('Customer', 'Lot')).toThrow(/no flow edge/);
  });
});
